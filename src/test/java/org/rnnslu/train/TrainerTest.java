package org.rnnslu.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rnnslu.kernels.KernelProvider;
import org.rnnslu.kernels.Kernels;
import org.rnnslu.kernels.ScalarKernels;
import org.rnnslu.model.Dims;
import org.rnnslu.model.Objective;
import org.rnnslu.model.Params;
import org.rnnslu.util.Workers;

class TrainerTest {

    private static Examples randomExamples(long seed, int count, Dims d) {
        SplittableRandom rng = new SplittableRandom(seed);
        int[][] words = new int[count][];
        int[][] labels = new int[count][];
        for (int i = 0; i < count; i++) {
            int n = 1 + rng.nextInt(12);
            words[i] = new int[n];
            labels[i] = new int[n];
            for (int t = 0; t < n; t++) {
                words[i][t] = rng.nextInt(d.ne());
                labels[i][t] = words[i][t] % d.nc(); // learnable: the label is a function of the word
            }
        }
        return new Examples(words, labels, null);
    }

    private static Trainer.Result train(Kernels k, long seed, Examples ex, Dims d, int epochs) {
        TrainSettings s = new TrainSettings().withSeed(seed).withEpochs(epochs).withLr(0.1);
        Trainer.Scorer constant = (p, e) -> new Trainer.Scores(e, "", ""); // every epoch a new best: keep the last
        return new Trainer(s, k).train(d, ex, Objective.PER_WORD, constant, new Trainer.Listener() {});
    }

    @Test
    void sameSeedAndKernelsGiveBitIdenticalParameters() {
        Dims d = new Dims(30, 8, 5, 12, 6);
        Examples ex = randomExamples(1, 60, d);
        for (Kernels k : kernels()) {
            Params a = train(k, 345, ex, d, 2).best();
            Params b = train(k, 345, ex, d, 2).best();
            Params c = train(k, 346, ex, d, 2).best();
            for (String name : Params.NAMES) {
                assertThat(b.byName(name)).as("%s with %s", name, k.name()).containsExactly(a.byName(name));
            }
            assertThat(c.wx).as("another seed").isNotEqualTo(a.wx);
        }
    }

    @Test
    void lossFallsOnALearnableTask() {
        Dims d = new Dims(30, 8, 3, 16, 6);
        Examples ex = randomExamples(2, 200, d);
        double[] losses = new double[2];
        TrainSettings s = new TrainSettings().withEpochs(6).withLr(0.2);
        new Trainer(s, ScalarKernels.INSTANCE).train(d, ex, Objective.PER_WORD, (p, e) -> new Trainer.Scores(e, "", ""),
                new Trainer.Listener() {
                    @Override
                    public void epochEnd(int epoch, double seconds, long tokens, double meanLoss, Trainer.Scores scores,
                                         boolean newBest, double lr) {
                        if (epoch == 0) {
                            losses[0] = meanLoss;
                        }
                        losses[1] = meanLoss;
                    }
                });
        assertThat(losses[1]).isLessThan(losses[0] * 0.5);
    }

    @Test
    void plateauHalvesTheRateAndRestoresTheBestModelUntilItStops() {
        Dims d = new Dims(10, 4, 3, 5, 3);
        Examples ex = randomExamples(3, 10, d);
        TrainSettings s = new TrainSettings().withEpochs(100).withPatience(2).withLr(0.1).withMinLr(0.01);
        double[] lastLr = new double[1];
        int[] decays = new int[1];
        Trainer.Result r = new Trainer(s, ScalarKernels.INSTANCE).train(d, ex, Objective.PER_WORD,
                (p, e) -> new Trainer.Scores(e == 1 ? 1 : 0, "", ""), // best at epoch 1, never again
                new Trainer.Listener() {
                    @Override
                    public void decayed(int epoch, double newLr, int bestEpoch) {
                        decays[0]++;
                        lastLr[0] = newLr;
                        assertThat(bestEpoch).isEqualTo(1);
                    }
                });
        // tutorial rule: from epoch 3 on (3 - 1 >= 2) halve every epoch: 0.05, 0.025, 0.0125, 0.00625 < 0.01 -> stop
        assertThat(decays[0]).isEqualTo(4);
        assertThat(lastLr[0]).isLessThan(0.01);
        assertThat(r.bestEpoch()).isEqualTo(1);
        assertThat(r.epochsRun()).isEqualTo(7);
    }

    private static Kernels[] kernels() {
        return KernelProvider.vectorAvailable()
                ? new Kernels[] {ScalarKernels.INSTANCE, KernelProvider.byName("vector")}
                : new Kernels[] {ScalarKernels.INSTANCE};
    }

    @Test
    void miniBatchesOnTwoThreadsAreDeterministicAndLearn() {
        Dims d = new Dims(30, 8, 3, 16, 6);
        Examples ex = randomExamples(4, 200, d);
        TrainSettings s = new TrainSettings().withEpochs(8).withLr(0.5).withBatch(8);
        Params[] runs = new Params[2];
        double[] lastLoss = new double[1];
        for (int r = 0; r < 2; r++) {
            try (Workers workers = new Workers(2)) {
                runs[r] = new Trainer(s, ScalarKernels.INSTANCE, workers).train(d, ex, Objective.PER_WORD,
                        (p, e) -> new Trainer.Scores(e, "", ""), new Trainer.Listener() {
                            @Override
                            public void epochEnd(int epoch, double seconds, long tokens, double meanLoss,
                                                 Trainer.Scores scores, boolean newBest, double lr) {
                                lastLoss[0] = meanLoss;
                            }
                        }).best();
            }
        }
        for (String name : Params.NAMES) {
            assertThat(runs[1].byName(name)).as(name).containsExactly(runs[0].byName(name));
        }
        assertThat(lastLoss[0]).as("mean loss after 8 epochs of batch 8").isLessThan(1.0);
    }

    @Test
    void aResumedRunEndsExactlyWhereAnUninterruptedOneDoes() {
        Dims d = new Dims(30, 8, 3, 12, 6);
        Examples ex = randomExamples(5, 40, d);
        TrainSettings s = new TrainSettings().withEpochs(9).withPatience(2).withLr(0.3);
        Trainer.Scorer scorer = (p, e) -> new Trainer.Scores(p.w[0] * 1000 % 7, "", ""); // depends on the params
        Trainer.Result whole = new Trainer(s, ScalarKernels.INSTANCE).train(d, ex, Objective.PER_WORD, scorer,
                new Trainer.Listener() {});

        Trainer.State[] saved = new Trainer.State[1];
        TrainSettings firstPart = s.withEpochs(4);
        new Trainer(firstPart, ScalarKernels.INSTANCE).train(d, ex, Objective.PER_WORD, scorer, new Trainer.Listener() {
            @Override
            public void checkpoint(Trainer.State st) {
                saved[0] = copy(st); // what Checkpoint writes and reads back
            }
        });
        assertThat(saved[0].nextEpoch).isEqualTo(4);
        Trainer.Result resumed = new Trainer(s, ScalarKernels.INSTANCE).train(saved[0], ex, Objective.PER_WORD, scorer,
                new Trainer.Listener() {});
        assertThat(resumed.bestEpoch()).isEqualTo(whole.bestEpoch());
        for (String name : Params.NAMES) {
            assertThat(resumed.best().byName(name)).as(name).containsExactly(whole.best().byName(name));
        }
    }

    /** Everything a run tells its listener, as text: two runs of the same recipe must tell the same. */
    private static final class Transcript implements Trainer.Listener {
        final StringBuilder log = new StringBuilder();
        final java.util.List<Trainer.State> checkpoints = new java.util.ArrayList<>();

        @Override
        public void epochEnd(int epoch, double seconds, long tokens, double meanLoss, Trainer.Scores scores,
                             boolean newBest, double lr) {
            log.append("end ").append(epoch).append(" loss ").append(meanLoss).append(" valid ").append(scores.valid())
                    .append(newBest ? " best" : "").append(" lr ").append(lr).append('\n');
        }

        @Override
        public void decayed(int epoch, double newLr, int bestEpoch) {
            log.append("decayed ").append(epoch).append(" lr ").append(newLr).append(" to ").append(bestEpoch).append('\n');
        }

        @Override
        public void checkpoint(Trainer.State st) {
            checkpoints.add(copy(st));
            log.append("checkpoint next ").append(st.nextEpoch).append(" lr ").append(st.lr).append(" best ")
                    .append(st.bestEpoch).append(" rng ").append(st.rngState).append(" order ")
                    .append(java.util.Arrays.hashCode(st.order)).append(" wx ").append(java.util.Arrays.hashCode(st.params.wx))
                    .append(" bestwx ").append(java.util.Arrays.hashCode(st.best.wx)).append('\n');
        }
    }

    @Test
    void scoringAheadOnASecondThreadIsTheSequentialRecipeToTheBit() throws Exception {
        scoringAheadIsTheSequentialRecipe(0); // scores come in while the next epoch trains
    }

    @Test
    void scoringAheadIsTheSequentialRecipeWhenTheScoresComeAfterTheNextEpoch() throws Exception {
        scoringAheadIsTheSequentialRecipe(40); // an epoch of 40 short sentences takes less than 40 ms
    }

    private static void scoringAheadIsTheSequentialRecipe(long scoringMillis) throws Exception {
        Dims d = new Dims(30, 8, 3, 12, 6);
        Examples ex = randomExamples(6, 40, d);
        TrainSettings s = new TrainSettings().withEpochs(30).withPatience(2).withLr(0.3).withMinLr(0.02);
        Set<String> scoringThreads = java.util.concurrent.ConcurrentHashMap.newKeySet();
        Trainer.Scorer scorer = (p, e) -> { // depends on the parameters, so a wrong model gives other decisions
            scoringThreads.add(Thread.currentThread().getName());
            try {
                Thread.sleep(scoringMillis);
            } catch (InterruptedException ie) {
                throw new IllegalStateException(ie);
            }
            return new Trainer.Scores(Math.abs(p.wx[e % p.wx.length] * 1e4) % 7, "", "");
        };
        Transcript one = new Transcript();
        Trainer.Result sequential = new Trainer(s, KernelProvider.get()).train(d, ex, Objective.PER_WORD, scorer, one);
        assertThat(scoringThreads).containsExactly(Thread.currentThread().getName());
        assertThat(one.log.toString()).as("the recipe under test halves lr and stops early")
                .contains("decayed").doesNotContain("end 29");

        Transcript two = new Transcript();
        scoringThreads.clear();
        Trainer.Result ahead;
        try (Workers workers = new Workers(2)) {
            ahead = new Trainer(s, KernelProvider.get(), workers).train(d, ex, Objective.PER_WORD, scorer, two);
        }
        assertThat(scoringThreads).as("scored on a thread of its own").containsExactly("rnnslu-scorer");
        assertThat(two.log.toString()).isEqualTo(one.log.toString());
        assertThat(ahead.epochsRun()).isEqualTo(sequential.epochsRun());
        assertThat(ahead.bestEpoch()).isEqualTo(sequential.bestEpoch());
        for (String name : Params.NAMES) {
            assertThat(ahead.best().byName(name)).as(name).containsExactly(sequential.best().byName(name));
        }
        for (int c = 0; c < one.checkpoints.size(); c++) {
            assertThat(two.checkpoints.get(c).params.wh).as("checkpoint %d", c).containsExactly(one.checkpoints.get(c).params.wh);
        }
    }

    @Test
    void aRunResumedFromACheckpointTakenWhileScoringAheadEndsAsTheUninterruptedOne() {
        Dims d = new Dims(30, 8, 3, 12, 6);
        Examples ex = randomExamples(5, 40, d);
        TrainSettings s = new TrainSettings().withEpochs(9).withPatience(2).withLr(0.3);
        Trainer.Scorer scorer = (p, e) -> new Trainer.Scores(p.w[0] * 1000 % 7, "", "");
        Trainer.Result whole = new Trainer(s, ScalarKernels.INSTANCE).train(d, ex, Objective.PER_WORD, scorer,
                new Trainer.Listener() {});
        Transcript first = new Transcript();
        try (Workers workers = new Workers(2)) {
            new Trainer(s.withEpochs(5), ScalarKernels.INSTANCE, workers).train(d, ex, Objective.PER_WORD, scorer, first);
        }
        Trainer.State saved = first.checkpoints.get(3); // after epoch 3, written while epoch 4 trained
        assertThat(saved.nextEpoch).isEqualTo(4);
        Trainer.Result resumed;
        try (Workers workers = new Workers(2)) {
            resumed = new Trainer(s, ScalarKernels.INSTANCE, workers).train(saved, ex, Objective.PER_WORD, scorer,
                    new Trainer.Listener() {});
        }
        assertThat(resumed.bestEpoch()).isEqualTo(whole.bestEpoch());
        for (String name : Params.NAMES) {
            assertThat(resumed.best().byName(name)).as(name).containsExactly(whole.best().byName(name));
        }
    }

    @Test
    void whatTheScoringThreadThrowsIsThrownByTrain() {
        Dims d = new Dims(30, 8, 3, 12, 6);
        Examples ex = randomExamples(7, 20, d);
        TrainSettings s = new TrainSettings().withEpochs(5);
        Trainer.Scorer failing = (p, e) -> {
            if (e == 2) {
                throw new java.io.UncheckedIOException(new java.io.IOException("disk full: model.txt"));
            }
            return new Trainer.Scores(e, "", "");
        };
        try (Workers workers = new Workers(2)) {
            Trainer trainer = new Trainer(s, ScalarKernels.INSTANCE, workers);
            org.assertj.core.api.Assertions.assertThatThrownBy(
                    () -> trainer.train(d, ex, Objective.PER_WORD, failing, new Trainer.Listener() {}))
                    .isInstanceOf(java.io.UncheckedIOException.class).hasMessageContaining("disk full: model.txt");
        }
    }

    private static Trainer.State copy(Trainer.State st) {
        Trainer.State c = new Trainer.State(st.params.copy(), st.order.clone());
        c.best = st.best.copy();
        c.nextEpoch = st.nextEpoch;
        c.bestEpoch = st.bestEpoch;
        c.bestScores = st.bestScores;
        c.lr = st.lr;
        c.rngState = st.rngState;
        c.embeddingsNormalized = st.embeddingsNormalized;
        return c;
    }
}
