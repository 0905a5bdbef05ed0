package org.rnnslu.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import org.rnnslu.kernels.Kernels;
import org.rnnslu.train.Cancellation;
import org.rnnslu.train.SeedRuns;
import org.rnnslu.train.SeedTable;
import org.rnnslu.train.Trainer;
import org.rnnslu.train.TrainingRecipe;

/** {@code train --seeds S1,S2,...}: one run per seed ({@link SeedRuns}), printed as each ends, then the table. */
final class SeedsRun {

    private SeedsRun() {}

    static int run(Args a, TrainingRecipe asked, PrintStream out, PrintStream err) throws IOException {
        for (String clash : new String[] {"seed", "resume", "predictions"}) {
            if (a.has(clash)) {
                throw new UsageException("train: --seeds runs its own seeds into OUT/seed-S; it does not take --" + clash);
            }
        }
        long[] seeds = seeds(a.get("seeds", ""));
        // batch 1: each run on 1 thread (the same bits as any thread count) and runs side by side;
        // mini-batches: the threads fix the gradient sums, so each run gets them all, one run at a time
        int perRun = asked.settings().batch == 1 ? 1 : asked.threads();
        int concurrent = Math.max(1, asked.threads() / perRun);
        TrainingRecipe recipe = asked.toBuilder().threads(perRun).build();
        Kernels kernels = CliSupport.kernels(a.get("kernels", "auto"));
        Path outDir = Path.of(a.require("out"));
        out.printf(Locale.ROOT, "seeds: %d runs into %s/seed-S, %d at a time, %d thread%s each%n", seeds.length, outDir,
                Math.min(concurrent, seeds.length), perRun, perRun == 1 ? "" : "s");
        SeedTable table;
        try {
            table = SeedRuns.run(recipe, Path.of(a.require("data")), seeds, kernels, outDir, concurrent, run -> {
                out.println("seed " + run.seed() + ": BEST RESULT: epoch " + run.report().bestEpoch() + " valid "
                        + run.report().bestScores().validText() + " test " + run.report().bestScores().testText());
                out.printf(Locale.ROOT, "seed %d: model %s, %.1f s, %,.0f words/s%n", run.seed(), run.folder(), run.seconds(),
                        run.wordsPerSecond());
                out.flush();
            }, new Cancellation());
        } catch (Trainer.DivergedException e) {
            err.println("rnnslu train: " + e.getMessage());
            return 1;
        } catch (IllegalArgumentException e) {
            throw new UsageException("train: " + e.getMessage());
        }
        for (String line : table.summaryLines()) {
            out.println(line);
        }
        out.println("table: " + outDir.resolve(SeedRuns.TSV) + " " + outDir.resolve(SeedRuns.JSON));
        return 0;
    }

    /** "345,1,2,3" -> the seeds; anything else is a usage error naming the value. */
    static long[] seeds(String list) {
        String[] parts = list.split(",", -1);
        long[] seeds = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                seeds[i] = Long.parseLong(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new UsageException("train: --seeds takes integers separated by commas (345,1,2,3), got '" + list + "'");
            }
        }
        return seeds;
    }
}
