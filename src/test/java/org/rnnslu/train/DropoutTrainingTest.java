package org.rnnslu.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rnnslu.kernels.ScalarKernels;
import org.rnnslu.model.Dims;
import org.rnnslu.model.Objective;
import org.rnnslu.model.Params;
import org.rnnslu.util.Workers;

/**
 * The trainer with {@code dropout} P > 0: the same seed gives the same bits, the masks change the
 * run (so they are on), and a run resumed from a checkpoint, or scored on another thread while
 * the next epoch trains, ends bit for bit as the uninterrupted sequential one.
 */
class DropoutTrainingTest {

    private static final Dims DIMS = new Dims(30, 8, 3, 12, 6);
    private static final Trainer.Scorer SCORER = (p, e) -> new Trainer.Scores(p.w[0] * 1000 % 7, "", ""); // depends on the params

    private static Examples examples(long seed, int count) {
        SplittableRandom rng = new SplittableRandom(seed);
        int[][] words = new int[count][];
        int[][] labels = new int[count][];
        for (int i = 0; i < count; i++) {
            int n = 1 + rng.nextInt(12);
            words[i] = new int[n];
            labels[i] = new int[n];
            for (int t = 0; t < n; t++) {
                words[i][t] = rng.nextInt(DIMS.ne());
                labels[i][t] = words[i][t] % DIMS.nc();
            }
        }
        return new Examples(words, labels, null);
    }

    private static TrainSettings settings(double dropout, int batch) {
        return new TrainSettings().withEpochs(8).withPatience(2).withLr(0.3).withBatch(batch).withDropout(dropout);
    }

    private static Trainer.Result run(TrainSettings s, int threads, Examples ex) {
        try (Workers workers = threads == 0 ? null : new Workers(threads)) {
            return new Trainer(s, ScalarKernels.INSTANCE, workers).train(DIMS, ex, Objective.PER_WORD, SCORER,
                    new Trainer.Listener() {});
        }
    }

    @ParameterizedTest(name = "batch {0}, threads {1}")
    @CsvSource({"1, 0", "4, 0", "4, 2"})
    void theSameSeedGivesTheSameBitsAndTheMasksChangeTheRun(int batch, int threads) {
        Examples ex = examples(1, 40);
        Trainer.Result a = run(settings(0.25, batch), threads, ex);
        Trainer.Result b = run(settings(0.25, batch), threads, ex);
        assertSameParams(b.best(), a.best());
        assertThat(b.bestEpoch()).isEqualTo(a.bestEpoch());
        assertThat(run(settings(0, batch), threads, ex).best().wx).as("without dropout").isNotEqualTo(a.best().wx);
        assertThat(run(settings(0.25, batch).withSeed(346), threads, ex).best().wx).as("another seed")
                .isNotEqualTo(a.best().wx);
    }

    @ParameterizedTest(name = "batch {0}, threads {1}, hidden dropout {2}")
    @CsvSource({"1, 0, 0", "4, 2, 0", "1, 0, 0.3", "4, 2, 0.3"})
    void aResumedRunEndsExactlyWhereAnUninterruptedOneDoes(int batch, int threads, double hidden) {
        Examples ex = examples(5, 40);
        TrainSettings s = settings(0.3, batch).withEpochs(9).withDropoutHidden(hidden);
        Trainer.Result whole = run(s, threads, ex);
        Trainer.State[] saved = new Trainer.State[1];
        try (Workers workers = threads == 0 ? null : new Workers(threads)) {
            new Trainer(s.withEpochs(4), ScalarKernels.INSTANCE, workers).train(DIMS, ex, Objective.PER_WORD, SCORER,
                    new Trainer.Listener() {
                        @Override
                        public void checkpoint(Trainer.State st) {
                            saved[0] = copy(st);
                        }
                    });
        }
        assertThat(saved[0].nextEpoch).isEqualTo(4);
        Trainer.Result resumed;
        try (Workers workers = threads == 0 ? null : new Workers(threads)) {
            resumed = new Trainer(s, ScalarKernels.INSTANCE, workers).train(saved[0], ex, Objective.PER_WORD, SCORER,
                    new Trainer.Listener() {});
        }
        assertThat(resumed.bestEpoch()).isEqualTo(whole.bestEpoch());
        assertSameParams(resumed.best(), whole.best());
    }

    /** Batch 1 on two threads scores each epoch while the next one trains (an epoch may run again): same bits. */
    @Test
    void scoringAheadWithDropoutIsTheSequentialRecipe() {
        Examples ex = examples(6, 40);
        TrainSettings s = settings(0.25, 1).withEpochs(10);
        Trainer.Result sequential = run(s, 0, ex);
        Trainer.Result ahead = run(s, 2, ex);
        assertThat(ahead.bestEpoch()).isEqualTo(sequential.bestEpoch());
        assertSameParams(ahead.best(), sequential.best());
    }

    private static void assertSameParams(Params actual, Params expected) {
        for (String name : Params.NAMES) {
            assertThat(actual.byName(name)).as(name).containsExactly(expected.byName(name));
        }
    }

    /** What a checkpoint writes and reads back. */
    private static Trainer.State copy(Trainer.State st) {
        Trainer.State c = new Trainer.State(st.params.copy(), st.order.clone());
        c.best = st.best == null ? null : st.best.copy();
        c.nextEpoch = st.nextEpoch;
        c.bestEpoch = st.bestEpoch;
        c.bestScores = st.bestScores;
        c.lr = st.lr;
        c.rngState = st.rngState;
        c.embeddingsNormalized = st.embeddingsNormalized;
        return c;
    }
}
