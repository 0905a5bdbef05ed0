package org.rnnslu.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rnnslu.kernels.Kernels;
import org.rnnslu.kernels.ScalarKernels;

/**
 * A mini-batch packs its sentences end to end and runs each layer once over all their words. Its
 * gradient must be the sum of the sentences' own (which GradientCheckTest checks one by one), and
 * its fused update (−lr/B · dθ straight into θ) must equal computing the mean gradient and then
 * stepping — the fused path reads each weight (wx, wh, w, wi) for every sentence before adding to it.
 */
class PackedBatchTest {

    private final int[][] words = {{2, 5, 2, 0}, {1}, {4, 3, 3, 6, 0, 1}, {5, 5}};
    private final int[][] labels = {{1, 3, 0, 0}, {2}, {0, 1, 2, 3, 0, 1}, {3, 3}};
    private final int[] intents = {2, 0, 1, 2};
    private final int[] order = {2, 0, 3, 1};

    private static Kernels kernels(boolean vector) {
        return org.rnnslu.kernels.TestKernels.of(vector);
    }

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> headsAndArchitectures() {
        java.util.stream.Stream.Builder<org.junit.jupiter.params.provider.Arguments> b = java.util.stream.Stream.builder();
        for (Architecture arch : new Architecture[] {Architecture.TUTORIAL, GradientCheckTest.BI, GradientCheckTest.JORDAN, GradientCheckTest.HYBRID}) {
            for (String head : new String[] {"none", "last", "mean", "max"}) {
                b.add(org.junit.jupiter.params.provider.Arguments.of(head, arch));
            }
        }
        return b.build();
    }

    /**
     * head: "none", or the intent head's pooling ("last": the joint model's, "mean"). The sentences
     * have different lengths, so in the pack the bidirectional network's right-to-left recurrence
     * starts at a different step for each (from h0b at its own last word), and the Jordan one feeds
     * each sentence its own previous outputs.
     */
    @ParameterizedTest(name = "intent head {0}, {1}")
    @org.junit.jupiter.params.provider.MethodSource("headsAndArchitectures")
    void packedGradientIsTheSumOfTheSentencesGradients(String head, Architecture arch) {
        Dims d = new Dims(7, 3, 3, 5, 4, head.equals("none") ? 0 : 3,
                head.equals("none") ? Pooling.LAST : Pooling.parse(head)).withArch(arch);
        Params p = GradientCheckTest.randomParams(d, 21);
        Network packed = new Network(p, ScalarKernels.INSTANCE);
        packed.gradients().zero();
        double loss = packed.accumulateGradients(words, labels, intents, order, 0, order.length, Objective.PER_WORD, 1f);

        Gradients sum = new Gradients(d);
        sum.zero();
        Network single = new Network(p, ScalarKernels.INSTANCE);
        double lossSum = 0;
        for (int s : order) {
            lossSum += single.lossAndGradients(words[s], labels[s], intents[s], words[s].length, Objective.PER_WORD);
            sum.addFrom(ScalarKernels.INSTANCE, single.gradients());
        }
        assertThat(loss).isCloseTo(lossSum, within(1e-5));
        for (String name : p.names()) {
            float[] a = packed.gradients().byName(name);
            float[] b = sum.byName(name);
            for (int i = 0; i < a.length; i++) {
                assertThat(a[i]).as("d%s[%d]", name, i).isCloseTo(b[i], within(1e-5f));
            }
        }
    }

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> kernelsAndArchitectures() {
        java.util.stream.Stream.Builder<org.junit.jupiter.params.provider.Arguments> b = java.util.stream.Stream.builder();
        for (Architecture arch : new Architecture[] {Architecture.TUTORIAL, GradientCheckTest.BI, GradientCheckTest.JORDAN, GradientCheckTest.HYBRID}) {
            for (boolean vector : new boolean[] {false, true}) {
                b.add(org.junit.jupiter.params.provider.Arguments.of(vector, arch));
            }
        }
        return b.build();
    }

    /** The fused step reads each weight before it adds into it, the new recurrences' weights too. */
    @ParameterizedTest(name = "vector kernels {0}, {1}")
    @org.junit.jupiter.params.provider.MethodSource("kernelsAndArchitectures")
    void fusedBatchStepEqualsMeanGradientThenStep(boolean vector, Architecture arch) {
        Kernels k = kernels(vector);
        Dims d = new Dims(7, 3, 3, 5, 4, 3).withArch(arch);
        Params fused = GradientCheckTest.randomParams(d, 22);
        Params stepped = fused.copy();
        Network a = new Network(fused, k);
        Network b = new Network(stepped, k);
        for (int round = 0; round < 3; round++) {
            a.trainBatch(words, labels, intents, order, 0, order.length, Objective.PER_WORD, 0.3f);
            b.gradients().zero();
            b.accumulateGradients(words, labels, intents, order, 0, order.length, Objective.PER_WORD, 1f / order.length);
            b.applyGradients(0.3f);
        }
        for (String name : fused.names()) {
            float[] x = fused.byName(name);
            float[] y = stepped.byName(name);
            for (int i = 0; i < x.length; i++) {
                assertThat(x[i]).as("%s[%d]", name, i).isCloseTo(y[i], within(2e-6f));
            }
        }
    }
}
