package org.rnnslu.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import java.util.stream.Stream;
import org.rnnslu.kernels.KernelProvider;
import org.rnnslu.kernels.Kernels;
import org.rnnslu.kernels.ScalarKernels;
import org.rnnslu.kernels.TestKernels;
import org.rnnslu.kernels.panama.Widths;

/**
 * Finite-difference checks of all seven gradients, every element, for every objective and both
 * kernel sets. The hand-written float gradient must match the central difference of the
 * double-precision {@link ReferenceRnn} loss. Weights are drawn from uniform(-1, 1) (larger than the
 * tutorial's 0.2) so that every term of the backward pass, the recurrent one included, moves the
 * gradient well beyond the tolerance: dropping any one of them fails this test (checked by hand).
 */
class GradientCheckTest {

    /**
     * Every objective and intent head with both kernel sets at nh = 5; the vector kernels also at
     * nh = 37, nc = 19, de·cs = 18, wide enough for their vector paths at every width (16-lane
     * folds with their tails, overlapping column strips). The pom reruns this class at
     * -Drnnslu.vectorBitSize=128, 256 and 512: there only the vector cases run.
     */
    static final Architecture BI = Architecture.TUTORIAL.withDirection(Architecture.Direction.BI);
    static final Architecture JORDAN = Architecture.TUTORIAL.withRecurrence(Architecture.Recurrence.JORDAN);
    static final Architecture HYBRID = Architecture.TUTORIAL.withRecurrence(Architecture.Recurrence.HYBRID);
    static final Architecture CRF = Architecture.TUTORIAL.withOutput(Architecture.Output.CRF);

    /**
     * The bidirectional, Jordan and hybrid networks get the same cases as the tutorial's: every objective,
     * every intent pooling, both kernel sets, and the wide sizes.
     */
    static Stream<Arguments> cases() {
        Stream.Builder<Arguments> b = Stream.builder();
        boolean widthForced = System.getProperty(KernelProvider.BIT_SIZE_PROPERTY) != null;
        for (Architecture arch : new Architecture[] {Architecture.TUTORIAL, BI, JORDAN, HYBRID}) {
            for (String kernels : widthForced ? new String[] {"vector"} : new String[] {"scalar", "vector"}) {
                for (Objective o : Objective.values()) {
                    b.add(Arguments.of(kernels, o, null, 5, arch));
                }
                for (Pooling pool : Pooling.values()) {
                    b.add(Arguments.of(kernels, Objective.PER_WORD, pool, 5, arch)); // joint: slots + intent head
                    b.add(Arguments.of(kernels, Objective.ALL_STEPS, pool, 5, arch)); // intent model with an intent head
                    b.add(Arguments.of(kernels, Objective.LAST_STEP, pool, 5, arch));
                }
            }
            for (Objective o : Objective.values()) {
                b.add(Arguments.of("vector", o, null, 37, arch));
            }
            b.add(Arguments.of("vector", Objective.PER_WORD, Pooling.MEAN, 37, arch));
        }
        return b.build();
    }

    /**
     * A CRF output layer (trans, start, end besides the seven; slot filling, with and without an
     * intent head): both kernel sets at nh = 5; the vector kernels also at nh = 37, nc = 19. trans
     * from uniform(−1, 1) runs the exp-space recurrences; with one entry (label 1 → 1, not in the gold
     * path) at −70, wider than {@link Crf#EXP_SPACE_SPREAD}, the log-space ones, the rest still soft.
     * A bidirectional network with a CRF output too.
     */
    static Stream<Arguments> crfCases() {
        Stream.Builder<Arguments> b = Stream.builder();
        boolean widthForced = System.getProperty(KernelProvider.BIT_SIZE_PROPERTY) != null;
        for (String kernels : widthForced ? new String[] {"vector"} : new String[] {"scalar", "vector"}) {
            for (boolean wide : new boolean[] {false, true}) {
                b.add(Arguments.of(kernels, null, 5, wide, CRF));
                b.add(Arguments.of(kernels, Pooling.LAST, 5, wide, CRF));
                b.add(Arguments.of(kernels, Pooling.MEAN, 5, wide, CRF));
            }
            b.add(Arguments.of(kernels, null, 5, false, BI.withOutput(Architecture.Output.CRF)));
            b.add(Arguments.of(kernels, Pooling.LAST, 5, false, BI.withOutput(Architecture.Output.CRF)));
        }
        b.add(Arguments.of("vector", null, 37, false, CRF));
        b.add(Arguments.of("vector", Pooling.MAX, 37, false, CRF));
        b.add(Arguments.of("vector", null, 37, true, CRF));
        b.add(Arguments.of("vector", Pooling.MEAN, 37, false, BI.withOutput(Architecture.Output.CRF)));
        return b.build();
    }

    @ParameterizedTest(name = "{4}, {0} kernels, intent head {1}, nh {2}, wide trans {3}")
    @MethodSource("crfCases")
    void everyGradientElementOfACrfOutputMatchesFiniteDifferences(String kernelName, Pooling head, int nh, boolean wide,
                                                                 Architecture arch) {
        Kernels k = TestKernels.named(kernelName);
        assumeTrue(k == ScalarKernels.INSTANCE || !Widths.forcedToTheDefault(), () -> Widths.coveredByTheDefaultRun());
        Dims d = (nh == 5
                ? new Dims(6, 3, 3, 5, 4, head == null ? 0 : 3, head == null ? Pooling.LAST : head)
                : new Dims(6, 6, 3, nh, 19, head == null ? 0 : 17, head == null ? Pooling.LAST : head))
                .withArch(arch);
        Params params = randomParams(d, 13);
        if (wide) {
            params.trans[d.nc() + 1] = -70f;
        }
        int[] words = {2, 5, 2, 0, 3, 2, 1};
        int n = words.length;
        int[] labels = {1, 3, 0, 0, 2, 3, 1};
        int sentenceLabel = 2;

        Network net = new Network(params, k);
        double loss = net.lossAndGradients(words, labels, sentenceLabel, n, Objective.PER_WORD);
        assertThat(net.scratch().crf.expSpace()).isEqualTo(!wide);

        int[] targets = new int[n];
        float[] weights = new float[n];
        Objective.PER_WORD.fill(labels, sentenceLabel, n, targets, weights);
        ReferenceRnn ref = new ReferenceRnn(params);
        assertThat(loss).isCloseTo(ref.loss(words, n, targets, weights, sentenceLabel),
                org.assertj.core.data.Offset.offset(1e-5));
        assertThat(params.names()).containsSubsequence("trans", "start", "end");
        assertEveryGradientMatches(net, params, ref, words, n, targets, weights, sentenceLabel,
                String.format("CRF, %s, wide %s", kernelName, wide));
    }

    /** {@code head}: the intent head's pooling, or null for a network without one. */
    @ParameterizedTest(name = "{0} kernels, {1}, intent head {2}, nh {3}, {4}")
    @MethodSource("cases")
    void everyGradientElementMatchesFiniteDifferences(String kernelName, Objective objective, Pooling head, int nh,
                                                      Architecture arch) {
        Kernels k = TestKernels.named(kernelName);
        assumeTrue(k == ScalarKernels.INSTANCE || !Widths.forcedToTheDefault(), () -> Widths.coveredByTheDefaultRun());
        Dims d = (nh == 5
                ? new Dims(6, 3, 3, 5, 4, head == null ? 0 : 3, head == null ? Pooling.LAST : head)
                : new Dims(6, 6, 3, nh, 19, head == null ? 0 : 17, head == null ? Pooling.LAST : head)).withArch(arch);
        Params params = randomParams(d, 11);
        int[] words = {2, 5, 2, 0, 3, 2, 1}; // word 2 three times: its embedding gradient must sum
        int n = words.length;
        int[] labels = {1, 3, 0, 0, 2, 3, 1};
        int sentenceLabel = 2;

        Network net = new Network(params, k);
        double loss = net.lossAndGradients(words, labels, sentenceLabel, n, objective);

        int[] targets = new int[n];
        float[] weights = new float[n];
        objective.fill(labels, sentenceLabel, n, targets, weights);
        ReferenceRnn ref = new ReferenceRnn(params);
        assertThat(loss).isCloseTo(ref.loss(words, n, targets, weights, sentenceLabel),
                org.assertj.core.data.Offset.offset(1e-5));

        assertEveryGradientMatches(net, params, ref, words, n, targets, weights, sentenceLabel,
                String.format("%s, %s", objective, kernelName));
    }

    /**
     * With dropout on the input (P = 0.5, so kept elements are doubled): the reference differentiates
     * the loss of x̃ = m ⊙ x / (1 − P) with the mask the network drew held fixed, so dembeddings is
     * the masked dx scattered into the rows (unmasked, it is wrong at every dropped and kept
     * element), and every other gradient is that of the dropped x. Every architecture and output,
     * slots and joint, both kernel sets; the vector kernels also at the wide sizes.
     */
    static Stream<Arguments> dropoutCases() {
        Stream.Builder<Arguments> b = Stream.builder();
        boolean widthForced = System.getProperty(KernelProvider.BIT_SIZE_PROPERTY) != null;
        for (Architecture arch : new Architecture[] {Architecture.TUTORIAL, BI, JORDAN, HYBRID, CRF, BI.withOutput(Architecture.Output.CRF)}) {
            for (String kernels : widthForced ? new String[] {"vector"} : new String[] {"scalar", "vector"}) {
                b.add(Arguments.of(kernels, null, 5, arch));
                b.add(Arguments.of(kernels, Pooling.MEAN, 5, arch));
            }
            b.add(Arguments.of("vector", Pooling.LAST, 37, arch));
        }
        return b.build();
    }

    @ParameterizedTest(name = "{3}, {0} kernels, intent head {1}, nh {2}, dropout 0.5")
    @MethodSource("dropoutCases")
    void everyGradientElementWithInputDropoutMatchesFiniteDifferencesOfTheMaskedLoss(String kernelName, Pooling head,
                                                                                      int nh, Architecture arch) {
        Kernels k = TestKernels.named(kernelName);
        assumeTrue(k == ScalarKernels.INSTANCE || !Widths.forcedToTheDefault(), () -> Widths.coveredByTheDefaultRun());
        Dims d = (nh == 5
                ? new Dims(6, 3, 3, 5, 4, head == null ? 0 : 3, head == null ? Pooling.LAST : head)
                : new Dims(6, 6, 3, nh, 19, head == null ? 0 : 17, head == null ? Pooling.LAST : head)).withArch(arch);
        Params params = randomParams(d, 14);
        int[] words = {2, 5, 2, 0, 3, 2, 1};
        int n = words.length;
        int[] labels = {1, 3, 0, 0, 2, 3, 1};
        int sentenceLabel = 2;

        Network net = new Network(params, k);
        net.useDropout(new Dropout(0.5, 345));
        net.dropoutEpoch(3);
        double loss = net.lossAndGradients(5, words, labels, sentenceLabel, n, Objective.PER_WORD);

        ReferenceRnn ref = new ReferenceRnn(params);
        ref.inputMask = new double[n * d.inputDim()];
        int dropped = 0;
        for (int i = 0; i < ref.inputMask.length; i++) {
            float m = net.dropoutMasks().input[i];
            assertThat(m).as("mask[%d]", i).isIn(0f, 2f);
            dropped += m == 0f ? 1 : 0;
            ref.inputMask[i] = m;
        }
        assertThat(dropped).as("dropped of %d", ref.inputMask.length).isBetween(ref.inputMask.length / 4, 3 * ref.inputMask.length / 4);
        int[] targets = new int[n];
        float[] weights = new float[n];
        Objective.PER_WORD.fill(labels, sentenceLabel, n, targets, weights);
        assertThat(loss).isCloseTo(ref.loss(words, n, targets, weights, sentenceLabel),
                org.assertj.core.data.Offset.offset(1e-5));
        assertEveryGradientMatches(net, params, ref, words, n, targets, weights, sentenceLabel,
                String.format("dropout, %s", kernelName));
    }

    /**
     * With dropout on the hidden states the output layer and the intent head read (Ph = 0.5) and on x
     * (P = 0.25 or 0): the reference applies the network's masks to copies of h (and hb) that only
     * those layers read, so dh = mh ⊙ dh̃ must reach the recurrence with its own carry unmasked.
     * Elman forward and bidirectional, softmax and CRF, slots and joint (every pooling).
     */
    static Stream<Arguments> hiddenDropoutCases() {
        Stream.Builder<Arguments> b = Stream.builder();
        boolean widthForced = System.getProperty(KernelProvider.BIT_SIZE_PROPERTY) != null;
        for (Architecture arch : new Architecture[] {Architecture.TUTORIAL, BI, CRF, BI.withOutput(Architecture.Output.CRF)}) {
            for (String kernels : widthForced ? new String[] {"vector"} : new String[] {"scalar", "vector"}) {
                b.add(Arguments.of(kernels, null, 5, 0.25, arch));
                b.add(Arguments.of(kernels, Pooling.LAST, 5, 0.0, arch));
                b.add(Arguments.of(kernels, Pooling.MEAN, 5, 0.25, arch));
                b.add(Arguments.of(kernels, Pooling.MAX, 5, 0.0, arch));
            }
            b.add(Arguments.of("vector", Pooling.MEAN, 37, 0.25, arch));
        }
        return b.build();
    }

    @ParameterizedTest(name = "{4}, {0} kernels, intent head {1}, nh {2}, input dropout {3}, hidden 0.5")
    @MethodSource("hiddenDropoutCases")
    void everyGradientElementWithHiddenDropoutMatchesFiniteDifferencesOfTheMaskedLoss(String kernelName, Pooling head,
                                                                                       int nh, double input,
                                                                                       Architecture arch) {
        Kernels k = TestKernels.named(kernelName);
        assumeTrue(k == ScalarKernels.INSTANCE || !Widths.forcedToTheDefault(), () -> Widths.coveredByTheDefaultRun());
        Dims d = (nh == 5
                ? new Dims(6, 3, 3, 5, 4, head == null ? 0 : 3, head == null ? Pooling.LAST : head)
                : new Dims(6, 6, 3, nh, 19, head == null ? 0 : 17, head == null ? Pooling.LAST : head)).withArch(arch);
        Params params = randomParams(d, 15);
        int[] words = {2, 5, 2, 0, 3, 2, 1};
        int n = words.length;
        int[] labels = {1, 3, 0, 0, 2, 3, 1};
        int sentenceLabel = 2;

        Network net = new Network(params, k);
        net.useDropout(new Dropout(input, 0.5, 345));
        net.dropoutEpoch(2);
        double loss = net.lossAndGradients(4, words, labels, sentenceLabel, n, Objective.PER_WORD);

        ReferenceRnn ref = new ReferenceRnn(params);
        if (input > 0) {
            ref.inputMask = new double[n * d.inputDim()];
            for (int i = 0; i < ref.inputMask.length; i++) {
                ref.inputMask[i] = net.dropoutMasks().input[i];
            }
        }
        ref.hiddenMask = new double[n * d.readWidth()];
        int dropped = 0;
        for (int t = 0; t < n; t++) { // one sentence: row t = word t
            for (int i = 0; i < d.readWidth(); i++) {
                float m = i < d.nh() ? net.dropoutMasks().maskH[t * d.nh() + i] : net.dropoutMasks().maskHb[t * d.nh() + i - d.nh()];
                assertThat(m).isIn(0f, 2f);
                dropped += m == 0f ? 1 : 0;
                ref.hiddenMask[t * d.readWidth() + i] = m;
            }
        }
        assertThat(dropped).isBetween(ref.hiddenMask.length / 4, 3 * ref.hiddenMask.length / 4);
        int[] targets = new int[n];
        float[] weights = new float[n];
        Objective.PER_WORD.fill(labels, sentenceLabel, n, targets, weights);
        assertThat(loss).isCloseTo(ref.loss(words, n, targets, weights, sentenceLabel),
                org.assertj.core.data.Offset.offset(1e-5));
        assertEveryGradientMatches(net, params, ref, words, n, targets, weights, sentenceLabel,
                String.format("hidden dropout, %s", kernelName));
    }

    static Stream<Arguments> is13Calls() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (Architecture arch : new Architecture[] {Architecture.TUTORIAL, BI, JORDAN, HYBRID}) {
            for (String kernels : new String[] {"scalar", "vector"}) {
                for (Objective o : new Objective[] {Objective.LAST_STEP, Objective.ALL_STEPS}) {
                    b.add(Arguments.of(kernels, o, 0, arch)); // a sentence's first call: one row
                    b.add(Arguments.of(kernels, o, 4, arch)); // rows 2..4 (bs 3), their windows reaching word 5
                }
            }
        }
        return b.build();
    }

    /**
     * One of is13's minibatch calls (word t of a 7-word sentence, bs 3): the rows are the windows of
     * words max(0, t−2) .. t taken from the whole sentence, the loss is LAST_STEP (is13) or ALL_STEPS
     * (the hybrid) with y = word t's label, and the call starts from h0.
     */
    @ParameterizedTest(name = "{0} kernels, {1}, call of word {2}, {3}")
    @MethodSource("is13Calls")
    void everyGradientElementOfAnIs13CallMatchesFiniteDifferences(String kernelName, Objective objective, int t,
                                                                   Architecture arch) {
        Kernels k = TestKernels.named(kernelName);
        Dims d = new Dims(6, 3, 3, 5, 4).withArch(arch);
        Params params = randomParams(d, 12);
        int[] words = {2, 5, 2, 0, 3, 2, 1};
        int[] labels = {1, 3, 0, 0, 2, 3, 1};
        int[] windows = new int[words.length * d.cs()];
        org.rnnslu.data.ContextWindows.contextWindow(words, words.length, d.cs(), windows);
        int from = Math.max(0, t - 3 + 1);
        int m = t - from + 1;
        int[] call = java.util.Arrays.copyOfRange(windows, from * d.cs(), (t + 1) * d.cs());

        Network net = new Network(params, k);
        double loss = net.lossAndGradientsOfWindows(call, m, null, labels[t], objective);

        int[] targets = new int[m];
        float[] weights = new float[m];
        objective.fill(null, labels[t], m, targets, weights);
        ReferenceRnn ref = new ReferenceRnn(params);
        assertThat(loss).isCloseTo(ref.lossOfWindows(call, m, targets, weights, -1), org.assertj.core.data.Offset.offset(1e-5));
        for (int pi = 0; pi < params.names().size(); pi++) {
            String name = params.names().get(pi);
            float[] analytic = net.gradients().byName(name);
            double[] theta = ref.p[pi];
            for (int i = 0; i < theta.length; i++) {
                double saved = theta[i];
                theta[i] = saved + 1e-5;
                double plus = ref.lossOfWindows(call, m, targets, weights, -1);
                theta[i] = saved - 1e-5;
                double minus = ref.lossOfWindows(call, m, targets, weights, -1);
                theta[i] = saved;
                double numeric = (plus - minus) / 2e-5;
                assertThat((double) analytic[i])
                        .as("d%s[%d] (%s, word %d, %s)", name, i, objective, t, kernelName)
                        .isCloseTo(numeric, org.assertj.core.data.Offset.offset(2e-5 + 1e-3 * Math.abs(numeric)));
            }
        }
    }

    /**
     * Every element of every gradient the network left against the reference's central difference
     * of the same loss; {@code what} names the case in a failure.
     */
    private static void assertEveryGradientMatches(Network net, Params params, ReferenceRnn ref, int[] words, int n,
                                                   int[] targets, float[] weights, int sentenceLabel, String what) {
        for (int pi = 0; pi < params.names().size(); pi++) {
            String name = params.names().get(pi);
            float[] analytic = net.gradients().byName(name);
            double[] theta = ref.p[pi];
            for (int i = 0; i < theta.length; i++) {
                double numeric = centralDifference(ref, theta, i, words, n, targets, weights, sentenceLabel);
                assertThat((double) analytic[i])
                        .as("d%s[%d] (%s)", name, i, what)
                        .isCloseTo(numeric, org.assertj.core.data.Offset.offset(2e-5 + 1e-3 * Math.abs(numeric)));
            }
        }
    }

    private static double centralDifference(ReferenceRnn ref, double[] theta, int i, int[] words, int n,
                                            int[] targets, float[] weights, int intent) {
        double eps = 1e-5;
        double saved = theta[i];
        theta[i] = saved + eps;
        double plus = ref.loss(words, n, targets, weights, intent);
        theta[i] = saved - eps;
        double minus = ref.loss(words, n, targets, weights, intent);
        theta[i] = saved;
        return (plus - minus) / (2 * eps);
    }

    static Params randomParams(Dims d, long seed) {
        Params p = new Params(d);
        SplittableRandom rng = new SplittableRandom(seed);
        for (String name : p.names()) {
            float[] a = p.byName(name);
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) (2 * rng.nextDouble() - 1);
            }
        }
        return p;
    }
}
