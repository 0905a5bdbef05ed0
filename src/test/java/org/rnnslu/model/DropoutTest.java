package org.rnnslu.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rnnslu.kernels.ScalarKernels;

/**
 * Inverted dropout on x: the masks' statistics, the kept elements' exact factor, masks that depend
 * only on (seed, epoch, sentence, element) and not on the pack or the worker, and inference that
 * never drops.
 */
class DropoutTest {

    private static final Dims DIMS = new Dims(40, 5, 5, 8, 5); // de·cs = 25: rows start at odd places too

    /** Over 2^20 draws of 64 sentences the fraction dropped is P within 5 standard deviations. */
    @ParameterizedTest(name = "P = {0}")
    @ValueSource(doubles = {0.05, 0.25, 0.5, 0.9})
    void theFractionDroppedIsP(double p) {
        Dropout d = new Dropout(p, 345);
        long dropped = 0;
        int perSentence = 1 << 14;
        int sentences = 64;
        for (int s = 0; s < sentences; s++) {
            long key = d.sentenceKey(2, s);
            for (int i = 0; i < perSentence; i++) {
                dropped += d.dropped(key, i) ? 1 : 0;
            }
        }
        double n = (double) perSentence * sentences;
        double sd = Math.sqrt(n * p * (1 - p));
        assertThat((double) dropped).isCloseTo(n * p, org.assertj.core.data.Offset.offset(5 * sd));
    }

    @Test
    void nothingIsDroppedAtPZeroAndTheKeptFactorIsOneOverOneMinusP() {
        Dropout none = new Dropout(0, 1);
        for (int i = 0; i < 10_000; i++) {
            assertThat(none.dropped(none.sentenceKey(0, i), i)).isFalse();
        }
        assertThat(none.keptScale()).isEqualTo(1f);
        assertThat(new Dropout(0.25, 1).keptScale()).isEqualTo((float) (1 / 0.75));
        assertThat(new Dropout(0.5, 1).keptScale()).isEqualTo(2f);
    }

    @ParameterizedTest(name = "P = {0}")
    @ValueSource(doubles = {-0.1, 1.0, 1.5, Double.NaN})
    void aProbabilityOutsideZeroToOneIsRefusedNamingIt(double p) {
        assertThatThrownBy(() -> new Dropout(p, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("dropout must be >= 0 and < 1, got " + p);
    }

    /** Each x̃ element is 0 or exactly x · (1/(1 − P)) as float, as the element's own draw says. */
    @Test
    void aTrainingStepZeroesTheDrawnElementsAndScalesTheOthersExactly() {
        Params params = Params.initialise(DIMS, 3);
        int[] words = {4, 9, 9, 1, 30, 2};
        Network plain = new Network(params, ScalarKernels.INSTANCE);
        plain.lossAndGradients(words, new int[] {0, 1, 2, 3, 4, 0}, -1, words.length, Objective.PER_WORD);
        float[] x = java.util.Arrays.copyOf(plain.activations().x, words.length * DIMS.inputDim());

        Dropout d = new Dropout(0.3, 77);
        Network net = new Network(params, ScalarKernels.INSTANCE);
        net.useDropout(d);
        net.dropoutEpoch(4);
        for (int s = 0; s < 8; s++) {
            net.lossAndGradients(s, words, new int[] {0, 1, 2, 3, 4, 0}, -1, words.length, Objective.PER_WORD);
            long key = d.sentenceKey(4, s);
            int dropped = 0;
            for (int i = 0; i < x.length; i++) {
                float expected = d.dropped(key, i) ? 0f : x[i] * d.keptScale();
                assertThat(net.activations().x[i]).as("sentence %d: x̃[%d]", s, i).isEqualTo(expected);
                dropped += d.dropped(key, i) ? 1 : 0;
            }
            assertThat(dropped).isBetween(1, x.length - 1);
        }
    }

    /**
     * A sentence's mask is the same whichever pack or worker share it is in, at whatever sorted
     * position: what makes --threads and --batch splits draw the same bits, and a resumed epoch the
     * same masks as the uninterrupted one.
     */
    @Test
    void aSentencesMaskDependsOnItsIndexAndEpochNotOnThePack() {
        Params params = Params.initialise(DIMS, 5);
        int[][] words = sentences(6, new SplittableRandom(9));
        int[] order = {3, 0, 5, 1, 4, 2};
        Dropout d = new Dropout(0.4, 345);
        Network whole = network(params, d, 7);
        whole.accumulateGradients(words, null, new int[6], order, 0, 6, Objective.ALL_STEPS, 1f);
        Network share = network(params, d, 7);
        share.accumulateGradients(words, null, new int[6], order, 4, 6, Objective.ALL_STEPS, 1f); // sentences 4, 2
        for (int s : new int[] {4, 2}) {
            float[] inWhole = maskOf(whole, indexIn(order, 0, s));
            float[] inShare = maskOf(share, indexIn(order, 4, s) - 4);
            Network alone = network(params, d, 7);
            alone.lossAndGradients(s, words[s], null, 0, words[s].length, Objective.ALL_STEPS);
            float[] single = maskOf(alone, 0);
            assertThat(inWhole).as("sentence %d in the batch", s).containsExactly(single);
            assertThat(inShare).as("sentence %d in a worker's share", s).containsExactly(single);
        }
        Network nextEpoch = network(params, d, 8);
        nextEpoch.lossAndGradients(4, words[4], null, 0, words[4].length, Objective.ALL_STEPS);
        Network otherSentence = network(params, d, 7);
        otherSentence.lossAndGradients(5, words[4], null, 0, words[4].length, Objective.ALL_STEPS);
        Network alone = network(params, d, 7);
        alone.lossAndGradients(4, words[4], null, 0, words[4].length, Objective.ALL_STEPS);
        assertThat(maskOf(nextEpoch, 0)).as("another epoch").isNotEqualTo(maskOf(alone, 0));
        assertThat(maskOf(otherSentence, 0)).as("another sentence").isNotEqualTo(maskOf(alone, 0));
    }

    /**
     * Inference on a network that trains with dropout reads no mask: forward and predict give the
     * bits of a network without it, before and after its training steps, call after call.
     */
    @Test
    void inferenceNeverDrops() {
        Params params = Params.initialise(DIMS, 6);
        Params copy = params.copy();
        int[] words = {1, 2, 3, 4, 5, 6, 7};
        int[] labels = {0, 1, 2, 3, 4, 0, 1};
        Network dropping = network(params, new Dropout(0.5, 1), 0);
        Network plain = new Network(copy, ScalarKernels.INSTANCE);
        for (int step = 0; step < 3; step++) {
            float[] expected = java.util.Arrays.copyOf(plain.forward(words, words.length).p, words.length * DIMS.nc());
            for (int call = 0; call < 2; call++) {
                float[] p = java.util.Arrays.copyOf(dropping.forward(words, words.length).p, words.length * DIMS.nc());
                assertThat(p).as("step %d, call %d", step, call).containsExactly(expected);
            }
            int[] predicted = new int[words.length];
            int[] plainPredicted = new int[words.length];
            dropping.predict(words, words.length, predicted);
            plain.predict(words, words.length, plainPredicted);
            assertThat(predicted).containsExactly(plainPredicted);
            dropping.trainStep(step, words, labels, -1, words.length, Objective.PER_WORD, 0.1f);
            copy.setFrom(params); // the plain network follows the dropping one's parameters
        }
    }

    /** At P = 0 a training step is the one without dropout, to the bit. */
    @Test
    void dropoutZeroTrainsTheSameBitsAsNone() {
        Params a = Params.initialise(DIMS, 8);
        Params b = a.copy();
        Network none = new Network(a, ScalarKernels.INSTANCE);
        Network zero = network(b, new Dropout(0, 8), 0);
        int[][] words = sentences(5, new SplittableRandom(3));
        for (int s = 0; s < words.length; s++) {
            int[] labels = new int[words[s].length];
            none.trainStep(s, words[s], labels, -1, words[s].length, Objective.PER_WORD, 0.2f);
            zero.trainStep(s, words[s], labels, -1, words[s].length, Objective.PER_WORD, 0.2f);
        }
        for (String name : a.names()) {
            assertThat(b.byName(name)).as(name).containsExactly(a.byName(name));
        }
    }

    @ParameterizedTest(name = "Ph = {0}")
    @ValueSource(doubles = {0.1, 0.5})
    void theFractionOfHiddenElementsDroppedIsPh(double p) {
        Dropout d = new Dropout(0, p, 345);
        long dropped = 0;
        int perSentence = 1 << 14;
        for (int s = 0; s < 64; s++) {
            long key = Dropout.hiddenKey(d.sentenceKey(1, s));
            for (int i = 0; i < perSentence; i++) {
                dropped += d.hiddenDropped(key, i) ? 1 : 0;
            }
        }
        double n = (double) perSentence * 64;
        assertThat((double) dropped).isCloseTo(n * p, org.assertj.core.data.Offset.offset(5 * Math.sqrt(n * p * (1 - p))));
        assertThat(d.hiddenScale).isEqualTo((float) (1 / (1 - p)));
    }

    /**
     * Hidden dropout thins what the output layer and the intent head read, not what the recurrence
     * carries: a step's h and hb are those of the same network without it, bit for bit, and the
     * copies read are 0 or exactly h · 1/(1 − Ph) as the masks say, for a sentence alone or in a pack.
     */
    @Test
    void hiddenDropoutLeavesTheRecurrenceItsOwnStatesAndDropsTheCopiesTheOutputReads() {
        Dims bi = new Dims(40, 5, 5, 8, 5, 3, Pooling.MEAN, Architecture.TUTORIAL.withDirection(Architecture.Direction.BI));
        Params params = Params.initialise(bi, 4);
        int[][] words = sentences(4, new SplittableRandom(5));
        int[] order = {2, 0, 3, 1};
        int[][] labels = new int[4][];
        for (int s = 0; s < 4; s++) {
            labels[s] = new int[words[s].length];
        }
        Network plain = new Network(params, ScalarKernels.INSTANCE);
        plain.accumulateGradients(words, labels, new int[4], order, 0, 4, Objective.PER_WORD, 1f);
        Dropout d = new Dropout(0, 0.4, 9);
        Network net = network(params, d, 1);
        net.accumulateGradients(words, labels, new int[4], order, 0, 4, Objective.PER_WORD, 1f);
        Activations a = net.activations();
        int len = a.length() * bi.nh();
        assertThat(java.util.Arrays.copyOf(a.h, len)).containsExactly(java.util.Arrays.copyOf(plain.activations().h, len));
        assertThat(java.util.Arrays.copyOf(a.hb, len)).containsExactly(java.util.Arrays.copyOf(plain.activations().hb, len));
        DropoutMasks m = net.dropoutMasks();
        int dropped = 0;
        for (int pos = 0; pos < a.sentences(); pos++) {
            int s = order[a.packIndex(pos)];
            long key = Dropout.hiddenKey(d.sentenceKey(1, s));
            for (int t = 0; t < a.lengthAt(pos); t++) {
                for (int i = 0; i < bi.readWidth(); i++) {
                    boolean forward = i < bi.nh();
                    int at = a.row(pos, t) * bi.nh() + (forward ? i : i - bi.nh());
                    float h = forward ? a.h[at] : a.hb[at];
                    float read = forward ? a.hOut[at] : a.hbOut[at];
                    boolean drop = d.hiddenDropped(key, (long) t * bi.readWidth() + i);
                    assertThat(read).as("sentence %d, word %d, unit %d", s, t, i).isEqualTo(drop ? 0f : h * d.hiddenScale);
                    assertThat(forward ? m.maskH[at] : m.maskHb[at]).isEqualTo(drop ? 0f : d.hiddenScale);
                    dropped += drop ? 1 : 0;
                }
            }
        }
        assertThat(dropped).isPositive();
        float[] p = java.util.Arrays.copyOf(net.forward(words[0], words[0].length).p, words[0].length * bi.nc());
        assertThat(p).as("inference reads h itself").containsExactly(
                java.util.Arrays.copyOf(plain.forward(words[0], words[0].length).p, words[0].length * bi.nc()));
    }

    /** A sentence's hidden masks are draws of their own, not its input mask's bits again. */
    @Test
    void theHiddenMasksAreNotTheInputMasks() {
        Dropout d = new Dropout(0.5, 0.5, 345);
        int same = 0;
        int n = 1 << 16;
        for (int i = 0; i < n; i++) {
            long key = d.sentenceKey(0, i >>> 8);
            same += d.dropped(key, i & 255) == d.hiddenDropped(Dropout.hiddenKey(key), i & 255) ? 1 : 0;
        }
        assertThat((double) same).isCloseTo(n / 2.0, org.assertj.core.data.Offset.offset(5 * Math.sqrt(n / 4.0)));
    }

    @Test
    void hiddenDropoutRefusesTheRecurrencesThatFeedTheOutputBack() {
        for (Architecture.Recurrence r : new Architecture.Recurrence[] {Architecture.Recurrence.JORDAN, Architecture.Recurrence.HYBRID}) {
            Network net = new Network(Params.initialise(DIMS.withArch(Architecture.TUTORIAL.withRecurrence(r)), 1),
                    ScalarKernels.INSTANCE);
            assertThatThrownBy(() -> net.useDropout(new Dropout(0, 0.2, 1))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("recurrence=" + r.id());
            net.useDropout(new Dropout(0.2, 1)); // input dropout: fine
        }
    }

    @Test
    void is13sCallsRefuseDropout() {
        Network net = network(Params.initialise(DIMS, 1), new Dropout(0.2, 1), 0);
        assertThatThrownBy(() -> net.trainBpttSentence(new int[] {1, 2, 3}, new int[] {0, 1, 2}, 3, 2, Objective.LAST_STEP, 0.1f))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("dropout");
    }

    private static Network network(Params params, Dropout d, int epoch) {
        Network net = new Network(params, ScalarKernels.INSTANCE);
        net.useDropout(d);
        net.dropoutEpoch(epoch);
        return net;
    }

    /** The mask rows of the sentence at pack index i, word by word.   [n, de*cs] */
    private static float[] maskOf(Network net, int packIndex) {
        Activations act = net.activations();
        int pos = act.positionOf(packIndex);
        int width = DIMS.inputDim();
        float[] m = new float[act.lengthAt(pos) * width];
        for (int t = 0; t < act.lengthAt(pos); t++) {
            System.arraycopy(net.dropoutMasks().input, act.row(pos, t) * width, m, t * width, width);
        }
        return m;
    }

    private static int indexIn(int[] order, int from, int s) {
        for (int i = from; i < order.length; i++) {
            if (order[i] == s) {
                return i;
            }
        }
        throw new IllegalArgumentException("no sentence " + s);
    }

    private static int[][] sentences(int count, SplittableRandom rng) {
        int[][] words = new int[count][];
        for (int s = 0; s < count; s++) {
            words[s] = new int[2 + rng.nextInt(7)];
            for (int t = 0; t < words[s].length; t++) {
                words[s][t] = rng.nextInt(DIMS.ne());
            }
        }
        return words;
    }
}
