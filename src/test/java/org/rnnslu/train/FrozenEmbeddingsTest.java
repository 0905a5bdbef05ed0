package org.rnnslu.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rnnslu.kernels.KernelProvider;
import org.rnnslu.kernels.Kernels;
import org.rnnslu.kernels.ScalarKernels;
import org.rnnslu.model.Architecture;
import org.rnnslu.model.Dims;
import org.rnnslu.model.Network;
import org.rnnslu.model.Objective;
import org.rnnslu.model.Params;
import org.rnnslu.util.Workers;

/**
 * --freeze-embeddings: the table stays bit for bit as initialised, and every other parameter gets
 * exactly the update of a reference run that trains normally and puts the table back after each
 * step (the table held fixed by hand). Each training path: the fused per-sentence step, is13's
 * per-word calls, the one-thread mini-batch, the data-parallel mini-batch, and the whole trainer.
 */
class FrozenEmbeddingsTest {

    private static final float LR = 0.3f;
    private final int[][] sentences = {{1, 2, 3}, {4, 4, 0, 8}, {7}, {2, 5, 6, 1, 3}, {8, 0, 2}, {6, 6, 6, 6, 1}};
    private final int[][] labels = {{0, 1, 2}, {3, 4, 0, 1}, {2}, {4, 3, 2, 1, 0}, {1, 1, 0}, {2, 3, 4, 0, 1}};
    private final Examples examples = new Examples(sentences, labels, null);

    private static List<Dims> networks() {
        Dims d = new Dims(9, 4, 3, 6, 5);
        return List.of(d, d.withArch(Architecture.TUTORIAL.withDirection(Architecture.Direction.BI)),
                d.withArch(Architecture.TUTORIAL.withRecurrence(Architecture.Recurrence.JORDAN)),
                d.withArch(Architecture.TUTORIAL.withOutput(Architecture.Output.CRF)));
    }

    /** One SGD step (or a sequence of them for the frozen network), on the network given. */
    private interface Step {
        void run(Network net);
    }

    /**
     * The frozen network runs {@code frozenRun}; the reference runs {@code steps} one by one, putting
     * the table back after each: both must end with the same bits in every parameter.
     */
    private void assertFrozenEqualsHeldByHand(Dims d, Kernels k, Step frozenRun, List<Step> steps) {
        Params frozen = Params.initialise(d, 345);
        Params byHand = frozen.copy();
        float[] table = frozen.embeddings.clone();
        Network f = new Network(frozen, k);
        f.freezeEmbeddings();
        Network r = new Network(byHand, k);
        for (int epoch = 0; epoch < 3; epoch++) {
            frozenRun.run(f);
            for (Step step : steps) {
                step.run(r);
                System.arraycopy(table, 0, byHand.embeddings, 0, table.length);
            }
        }
        assertSameBits(frozen, byHand, d);
        assertThat(bitsOf(frozen.embeddings)).as("the frozen table").isEqualTo(bitsOf(table));
        assertThat(bitsOf(frozen.wx)).as("wx trained").isNotEqualTo(bitsOf(Params.initialise(d, 345).wx));
    }

    /** The same steps for both networks. */
    private void assertFrozenEqualsHeldByHand(Dims d, Kernels k, List<Step> steps) {
        assertFrozenEqualsHeldByHand(d, k, net -> steps.forEach(s -> s.run(net)), steps);
    }

    private List<Step> sentenceSteps() {
        List<Step> steps = new java.util.ArrayList<>();
        for (int s = 0; s < sentences.length; s++) {
            int i = s;
            steps.add(net -> net.trainStep(sentences[i], labels[i], -1, sentences[i].length, Objective.PER_WORD, LR));
        }
        return steps;
    }

    @Test
    void theFusedSentenceStepLeavesTheTableAndUpdatesTheRestAsWithTheTableHeldFixed() {
        for (Dims d : networks()) {
            for (Kernels k : kernels()) {
                assertFrozenEqualsHeldByHand(d, k, sentenceSteps());
            }
        }
    }

    /** is13's sentence is one step per word; the reference makes those calls itself, the table put back after each. */
    @Test
    void is13sPerWordCallsToo() {
        Dims d = networks().get(0);
        int bs = 2;
        int cs = d.cs();
        List<Step> calls = new java.util.ArrayList<>();
        for (int s = 0; s < sentences.length; s++) {
            int n = sentences[s].length;
            int[] windows = new int[n * cs];
            org.rnnslu.data.ContextWindows.contextWindow(sentences[s], 0, n, cs, windows, 0);
            for (int t = 0; t < n; t++) {
                int from = Math.max(0, t - bs + 1);
                int[] call = Arrays.copyOfRange(windows, from * cs, (t + 1) * cs);
                int y = labels[s][t];
                calls.add(net -> net.trainStepOnWindows(call, call.length / cs, null, y, Objective.LAST_STEP, LR));
            }
        }
        for (Kernels k : kernels()) {
            assertFrozenEqualsHeldByHand(d, k, net -> {
                for (int s = 0; s < sentences.length; s++) {
                    net.trainBpttSentence(sentences[s], labels[s], sentences[s].length, bs, Objective.LAST_STEP, LR);
                }
            }, calls);
        }
    }

    @Test
    void theOneThreadMiniBatchAndTheAccumulatedGradientsToo() {
        int[] order = {5, 0, 3, 1, 4, 2};
        for (Dims d : networks()) {
            for (Kernels k : kernels()) {
                assertFrozenEqualsHeldByHand(d, k, List.of(
                        net -> net.trainBatch(sentences, labels, null, order, 0, 4, Objective.PER_WORD, LR),
                        net -> net.trainBatch(sentences, labels, null, order, 4, 6, Objective.PER_WORD, LR)));
                assertFrozenEqualsHeldByHand(d, k, List.of(net -> {
                    net.gradients().zero();
                    net.accumulateGradients(sentences, labels, null, order, 0, 6, Objective.PER_WORD, 1f / 6);
                    net.applyGradients(LR);
                }));
            }
        }
    }

    /** The data-parallel step on two and three workers, against the same step with the table put back. */
    @Test
    void theDataParallelMiniBatchToo() {
        for (Dims d : networks()) {
            for (int threads : new int[] {2, 3}) {
                Trainer.State frozen = state(d);
                Trainer.State byHand = state(d);
                float[] table = frozen.params.embeddings.clone();
                try (Workers workers = new Workers(threads)) {
                    Kernels k = KernelProvider.get();
                    ParallelStep f = new ParallelStep(frozen, k, workers, threads, true, null);
                    ParallelStep r = new ParallelStep(byHand, k, workers, threads, false, null);
                    for (int from = 0; from < sentences.length; from += 4) {
                        int to = Math.min(sentences.length, from + 4);
                        double lf = f.step(examples, Objective.PER_WORD, from, to);
                        double lr = r.step(examples, Objective.PER_WORD, from, to);
                        assertThat(lf).isEqualTo(lr);
                        System.arraycopy(table, 0, byHand.params.embeddings, 0, table.length);
                    }
                }
                assertSameBits(frozen.params, byHand.params, d);
                assertThat(bitsOf(frozen.params.embeddings)).as("the frozen table").isEqualTo(bitsOf(table));
            }
        }
    }

    /** The trainer's every path with freezeEmbeddings: the table is the initial one, the rest trained. */
    @Test
    void theTrainerLeavesTheTableAsItWasOnEveryPath() {
        Dims d = networks().get(0);
        TrainSettings base = new TrainSettings().withEpochs(3).withFreezeEmbeddings(true).withLr(LR);
        for (TrainSettings s : new TrainSettings[] {base, base.withBptt(2), base.withBatch(4)}) {
            for (int threads : new int[] {1, 2}) {
                Trainer.State st = Trainer.State.fresh(d, s, examples.size());
                float[] table = st.params.embeddings.clone();
                float[] wx = st.params.wx.clone();
                try (Workers workers = new Workers(threads)) {
                    new Trainer(s, KernelProvider.get(), workers).train(st, examples,
                            s.bptt > 0 ? Objective.LAST_STEP : Objective.PER_WORD,
                            (p, epoch) -> new Trainer.Scores(epoch, "e" + epoch, "e" + epoch), new Trainer.Listener() {});
                }
                assertThat(bitsOf(st.params.embeddings)).as("%s, %d threads", s, threads).isEqualTo(bitsOf(table));
                assertThat(bitsOf(st.best.embeddings)).isEqualTo(bitsOf(table));
                assertThat(bitsOf(st.params.wx)).as("wx trained").isNotEqualTo(bitsOf(wx));
            }
        }
    }

    private Trainer.State state(Dims d) {
        return Trainer.State.fresh(d, new TrainSettings(), examples.size());
    }

    private static List<Kernels> kernels() {
        Kernels auto = KernelProvider.get();
        return auto == ScalarKernels.INSTANCE ? List.of(auto) : List.of(ScalarKernels.INSTANCE, auto);
    }

    private static void assertSameBits(Params a, Params b, Dims d) {
        for (String name : Params.names(d)) {
            assertThat(bitsOf(a.byName(name))).as("%s of %s", name, d.arch()).isEqualTo(bitsOf(b.byName(name)));
        }
    }

    private static int[] bitsOf(float[] a) {
        int[] bits = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            bits[i] = Float.floatToRawIntBits(a[i]);
        }
        return bits;
    }
}
