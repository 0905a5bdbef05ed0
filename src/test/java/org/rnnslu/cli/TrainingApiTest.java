package org.rnnslu.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnslu.Tagger;
import org.rnnslu.data.Splits;
import org.rnnslu.io.FolderSwap;
import org.rnnslu.store.ModelFolder;
import org.rnnslu.kernels.KernelProvider;
import org.rnnslu.kernels.Kernels;
import org.rnnslu.model.Model;
import org.rnnslu.model.Params;
import org.rnnslu.model.Task;
import org.rnnslu.train.Cancellation;
import org.rnnslu.eval.Evaluation;
import org.rnnslu.train.TrainSettings;
import org.rnnslu.train.Trainer;
import org.rnnslu.train.Training;
import org.rnnslu.train.TrainingListener;
import org.rnnslu.train.TrainingRecipe;
import org.rnnslu.train.TrainingReport;

/** The Java training API is what {@code rnnslu train} runs: same settings, same model files. */
class TrainingApiTest {

    @TempDir
    static Path tmp;
    static Path data;

    @BeforeAll
    static void corpus() throws IOException {
        data = TinyCorpus.write(tmp.resolve("data"), 11);
    }

    private static TrainSettings small() {
        return new TrainSettings().withEpochs(6).withHidden(12).withEmbedding(6).withWindow(3).withLr(0.2).withPatience(2);
    }

    @Test
    void apiAndCliWriteByteIdenticalModelFoldersWithScoringAhead() throws IOException {
        Path cli = tmp.resolve("cli-slots");
        cli(cli, "--epochs", "6", "--nh", "12", "--de", "6", "--win", "3", "--lr", "0.2", "--patience", "2", "--threads", "2");
        Path api = tmp.resolve("api-slots");
        TrainingRecipe recipe = TrainingRecipe.builder().settings(small()).threads(2).build();
        TrainingReport report = Training.prepare(recipe, data).run(KernelProvider.get(), api, false, new TrainingListener() {}, null);
        assertThat(report.cancelled()).isFalse();
        assertSameFiles(api, cli);
    }

    @Test
    void apiAndCliWriteByteIdenticalModelFoldersForAJointMiniBatchRun() throws IOException {
        Path cli = tmp.resolve("cli-joint");
        cli(cli, "--task", "joint", "--intent-pool", "mean", "--batch", "4", "--threads", "2", "--epochs", "6", "--nh", "12",
                "--de", "6", "--win", "3", "--lr", "0.2", "--patience", "2", "--min-count", "1");
        Path api = tmp.resolve("api-joint");
        TrainingRecipe recipe = TrainingRecipe.builder().task(Task.JOINT).pool(org.rnnslu.model.Pooling.MEAN)
                .preprocessing(new org.rnnslu.data.Preprocessing(true, 1, false))
                .settings(small().withBatch(4)).threads(2).build();
        Training.prepare(recipe, data).run(KernelProvider.get(), api, false, new TrainingListener() {}, null);
        assertSameFiles(api, cli);
    }

    @Test
    void inMemoryRunsBestModelIsTheOneTheEventsNamed() throws IOException {
        Splits splits = Splits.load(data);
        Training training = Training.prepare(TrainingRecipe.builder().settings(small()).threads(1).build(), splits);
        List<Integer> bestEpochs = new ArrayList<>();
        List<Integer> printedBest = new ArrayList<>();
        Model[] lastBest = new Model[1];
        TrainingReport report = training.run(KernelProvider.get(), new TrainingListener() {
            @Override
            public void newBest(int epoch, Trainer.Scores scores, Model model) {
                bestEpochs.add(epoch);
                lastBest[0] = new Model(model.params().copy(), model.vocabulary(), model.labels(), model.intents(), model.task());
            }

            @Override
            public void epochEnd(int epoch, double seconds, long tokens, double meanLoss, Trainer.Scores scores,
                                 boolean newBest, double lr) {
                if (newBest) {
                    printedBest.add(epoch);
                }
            }
        }, new Cancellation());
        assertThat(bestEpochs).isNotEmpty().isEqualTo(printedBest);
        assertThat(report.bestEpoch()).isEqualTo(bestEpochs.get(bestEpochs.size() - 1));
        assertParamsEqual(report.best().params(), lastBest[0].params());
        assertThat(report.best().recipe()).containsEntry("nh", "12").containsEntry("task", "slots");
        // evaluation from Java gives the score the run reported for the best model's test split
        Kernels k = KernelProvider.get();
        Evaluation.Result onTest = Evaluation.score(report.best(), splits.test(), k);
        assertThat(onTest.text()).isEqualTo(report.bestScores().testText());
        Tagger tagger = new Tagger(report.best(), k);
        assertThat(Evaluation.score(tagger.model(), splits.test(), k).text()).isEqualTo(onTest.text());
    }

    @Test
    void cancellingStopsTheRunInTheEpochInProgressAndKeepsTheBestModel() throws IOException {
        Path out = tmp.resolve("cancelled");
        Cancellation cancel = new Cancellation();
        List<Integer> ended = new ArrayList<>();
        TrainingRecipe recipe = TrainingRecipe.builder().settings(small().withEpochs(50)).threads(1).build();
        TrainingReport report = Training.prepare(recipe, data).run(KernelProvider.get(), out, false,
                new CancelAt(2, false, cancel, ended), cancel);
        assertThat(report.cancelled()).isTrue();
        assertThat(ended).containsExactly(0, 1);
        assertThat(report.epochsRun()).isEqualTo(2);
        assertParamsEqual(ModelFolder.load(out).params(), report.best().params());
    }

    @Test
    void cancellingWhileScoringAheadStillScoresAndSavesTheEpochTrainedLast() throws IOException {
        Path out = tmp.resolve("cancelled-ahead");
        Cancellation cancel = new Cancellation();
        List<Integer> ended = new ArrayList<>();
        TrainingRecipe recipe = TrainingRecipe.builder().settings(small().withEpochs(50)).threads(2).build();
        TrainingReport report = Training.prepare(recipe, data).run(KernelProvider.get(), out, false,
                new CancelAt(2, true, cancel, ended), cancel);
        assertThat(report.cancelled()).isTrue();
        // epoch 1 ends while epoch 2 trains: the stop comes in epoch 2, or at its end if it was done first
        assertThat(ended).startsWith(0, 1).hasSizeLessThanOrEqualTo(3);
        assertThat(report.epochsRun()).isEqualTo(ended.size());
        assertParamsEqual(ModelFolder.load(out).params(), report.best().params());
    }

    /**
     * Cancels half way through epoch {@code at} (by its progress), or when the epoch before it ends
     * ({@code onEnd}: with scoring ahead, an epoch's progress is not reported while the last one's
     * scores are pending); records the epochs that ended.
     */
    private static final class CancelAt implements TrainingListener {
        private final int at;
        private final boolean onEnd;
        private final Cancellation cancel;
        private final List<Integer> ended;

        CancelAt(int at, boolean onEnd, Cancellation cancel, List<Integer> ended) {
            this.at = at;
            this.onEnd = onEnd;
            this.cancel = cancel;
            this.ended = ended;
        }

        @Override
        public void progress(int epoch, int done, int total, double seconds, long tokens) {
            if (!onEnd && epoch == at && done * 2 >= total) {
                cancel.cancel();
            }
        }

        @Override
        public void epochEnd(int epoch, double seconds, long tokens, double meanLoss, Trainer.Scores scores,
                             boolean newBest, double lr) {
            ended.add(epoch);
            if (onEnd && epoch == at - 1) {
                cancel.cancel();
            }
        }
    }

    private static void cli(Path out, String... flags) {
        List<String> args = new ArrayList<>(List.of("train", "--data", data.toString(), "--out", out.toString(), "--quiet"));
        args.addAll(List.of(flags));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args.toArray(new String[0]), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    }

    /** The same file names with the same bytes (compared by SHA-256, so a failure names the files). */
    private static void assertSameFiles(Path actual, Path expected) throws IOException {
        Map<String, String> e = digests(expected);
        assertThat(e).containsKeys("wx.npy", "words.txt", "labels.txt", "model.txt", "MANIFEST", "recipe.properties");
        assertThat(digests(actual)).isEqualTo(e);
        // the card differs only in the run's clock (and so in its MANIFEST line)
        assertThat(CardFiles.withoutClock(CardFiles.card(actual))).isEqualTo(CardFiles.withoutClock(CardFiles.card(expected)));
    }

    private static Map<String, String> digests(Path dir) throws IOException {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String name = p.getFileName().toString();
                if (name.equals(ModelFolder.MANIFEST)) {
                    m.put(name, CardFiles.manifestWithoutCard(dir));
                } else if (!name.equals(FolderSwap.MARKER) && !name.equals(ModelFolder.CARD)) { // a save id; the card's clock
                    m.put(name, sha256(Files.readAllBytes(p)));
                }
            }
        }
        return m;
    }

    private static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static void assertParamsEqual(Params a, Params b) {
        for (String name : a.names()) {
            assertThat(a.byName(name)).as(name).isEqualTo(b.byName(name));
        }
    }
}
