package org.rnnslu.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.rnnslu.io.AtomicFiles;
import org.rnnslu.io.InputException;
import org.rnnslu.eval.Evaluation;
import org.rnnslu.io.FolderLock;
import org.rnnslu.kernels.Kernels;

/**
 * One training run per seed of a recipe, each into its own model folder {@code OUT/seed-S}, and the
 * table of their scores with mean and standard deviation ({@link SeedTable}), written as
 * {@code OUT/seeds.tsv} and {@code OUT/seeds.json}. Up to {@code concurrent} runs at once, each on
 * the recipe's own {@link TrainingRecipe#threads()} workers and with its own {@link Training}, so a
 * seed's model files are byte for byte those of a run of that seed alone with the same threads.
 *
 * <pre>{@code
 *   SeedTable t = SeedRuns.run(recipe, Path.of("data"), new long[] {345, 1, 2, 3}, kernels, Path.of("out"), 2,
 *           run -> System.out.println(run.seed() + " " + run.test().text()), new Cancellation());
 * }</pre>
 */
public final class SeedRuns {

    /** The table files written next to the seeds' model folders. */
    public static final String TSV = "seeds.tsv";
    public static final String JSON = "seeds.json";

    private SeedRuns() {}

    /** Hears each seed's run as it ends (on that run's thread, one call at a time). */
    public interface Listener {
        void seedDone(SeedTable.Run run);
    }

    /** The model folder of one seed inside {@code outDir}. */
    public static Path folderOf(Path outDir, long seed) {
        return outDir.resolve("seed-" + seed);
    }

    /**
     * Trains every seed (the recipe with {@link TrainSettings#withSeed}), then writes the table.
     *
     * @param seeds distinct seeds, in the table's order
     * @param concurrent how many runs train at the same time (at least 1)
     * @throws InputException when {@code outDir} is not a folder we may write into, or a seed's folder is
     *     not ours (nothing is trained then)
     */
    public static SeedTable run(TrainingRecipe recipe, Path dataDir, long[] seeds, Kernels kernels, Path outDir,
                                int concurrent, Listener listener, Cancellation cancel) throws IOException {
        checkSeeds(seeds);
        if (concurrent < 1) {
            throw new IllegalArgumentException("concurrent runs must be >= 1, got " + concurrent);
        }
        List<Training> trainings = new ArrayList<>(seeds.length);
        for (long seed : seeds) {
            TrainingRecipe r = recipe.toBuilder().settings(recipe.settings().withSeed(seed)).build();
            trainings.add(Training.prepare(r, dataDir));
        }
        createOutFolder(outDir);
        List<FolderLock> locks = new ArrayList<>();
        try {
            for (long seed : seeds) {
                Path dir = folderOf(outDir, seed);
                locks.add(FolderLock.forTraining(dir, Checkpoint.folderFor(dir), notice -> {}));
            }
            SeedTable table = new SeedTable(recipe.task(), runAll(trainings, seeds, kernels, outDir, concurrent, listener, cancel));
            AtomicFiles.writeString(outDir.resolve(TSV), table.tsv());
            AtomicFiles.writeString(outDir.resolve(JSON), table.json());
            return table;
        } finally {
            for (FolderLock l : locks) {
                l.close();
            }
        }
    }

    private static List<SeedTable.Run> runAll(List<Training> trainings, long[] seeds, Kernels kernels, Path outDir,
                                              int concurrent, Listener listener, Cancellation cancel) throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(concurrent, seeds.length), r -> {
            Thread t = new Thread(r, "rnnslu-seed");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<SeedTable.Run>> futures = new ArrayList<>();
            for (int i = 0; i < seeds.length; i++) {
                Training t = trainings.get(i);
                long seed = seeds[i];
                futures.add(pool.submit(() -> runOne(t, seed, kernels, folderOf(outDir, seed), listener, cancel)));
            }
            List<SeedTable.Run> runs = new ArrayList<>();
            for (Future<SeedTable.Run> f : futures) {
                runs.add(take(f));
            }
            return runs;
        } finally {
            pool.shutdownNow();
        }
    }

    private static SeedTable.Run runOne(Training t, long seed, Kernels kernels, Path dir, Listener listener,
                                        Cancellation cancel) throws IOException {
        long start = System.nanoTime();
        TrainingReport report = t.run(kernels, dir, false, new TrainingListener() {}, cancel);
        double wall = (System.nanoTime() - start) / 1e9;
        if (report.best() == null) {
            throw new IllegalStateException("seed " + seed + ": no epoch ended");
        }
        Evaluation.Result valid = t.dev().evaluate(report.best().params(), kernels);
        Evaluation.Result test = t.test().evaluate(report.best().params(), kernels);
        SeedTable.Run run = new SeedTable.Run(seed, dir, report, valid, test, wall);
        synchronized (listener) {
            listener.seedDone(run);
        }
        return run;
    }

    private static SeedTable.Run take(Future<SeedTable.Run> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            if (c instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(c);
        }
    }

    private static void checkSeeds(long[] seeds) {
        if (seeds.length == 0) {
            throw new IllegalArgumentException("no seeds");
        }
        for (int i = 0; i < seeds.length; i++) {
            for (int j = 0; j < i; j++) {
                if (seeds[i] == seeds[j]) {
                    throw new IllegalArgumentException("seed " + seeds[i] + " is given twice");
                }
            }
        }
    }

    /** OUT must be a folder (made if missing; a link to a folder will do); a file there is refused. */
    private static void createOutFolder(Path outDir) throws IOException {
        if (Files.exists(outDir, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(outDir)) {
            throw new InputException(outDir, 0, "exists and is not a folder (the seeds' models go into a folder)");
        }
        Files.createDirectories(outDir);
    }
}
