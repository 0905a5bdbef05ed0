package org.rnnslu.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rnnslu.kernels.KernelProvider;
import org.rnnslu.kernels.Kernels;
import org.rnnslu.kernels.ScalarKernels;

class InputTableTest {

    private static Kernels[] kernels() {
        return KernelProvider.vectorAvailable()
                ? new Kernels[] {ScalarKernels.INSTANCE, KernelProvider.byName("vector")}
                : new Kernels[] {ScalarKernels.INSTANCE};
    }

    /** The bidirectional network's table holds wxb's rows too: hb is checked as h is. */
    @org.junit.jupiter.params.ParameterizedTest(name = "bidirectional {0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void theTableGivesTheActivationsOfTheProduct(boolean bi) {
        Dims d = new Dims(40, 9, 5, 23, 7, 3).withArch(bi ? GradientCheckTest.BI : Architecture.TUTORIAL);
        SplittableRandom rnd = new SplittableRandom(5);
        int[][] words = new int[9][];
        int[] order = new int[words.length];
        for (int s = 0; s < words.length; s++) {
            words[s] = new int[1 + rnd.nextInt(12)]; // short ones too: windows reach the padding row
            for (int t = 0; t < words[s].length; t++) {
                words[s][t] = rnd.nextInt(d.ne());
            }
            order[s] = s;
        }
        for (Kernels k : kernels()) {
            Params p = Params.initialise(d, 11);
            Network plain = new Network(p, k);
            Network tabled = new Network(p, k);
            tabled.useInputTable(InputTable.build(k, p));
            Activations a = plain.forward(words, order, 0, words.length);
            float[] h = java.util.Arrays.copyOf(a.h, a.words * d.nh());
            float[] hb = java.util.Arrays.copyOf(a.hb, bi ? a.words * d.nh() : 0);
            float[] prob = java.util.Arrays.copyOf(a.p, a.words * d.nc());
            float[] q = java.util.Arrays.copyOf(a.q, a.sentences * d.ni());
            Activations b = tabled.forward(words, order, 0, words.length);
            for (int i = 0; i < h.length; i++) {
                assertThat(b.h[i]).as("h[%d], %s", i, k.name()).isCloseTo(h[i], within(1e-5f));
            }
            for (int i = 0; i < hb.length; i++) {
                assertThat(b.hb[i]).as("hb[%d], %s", i, k.name()).isCloseTo(hb[i], within(1e-5f));
            }
            for (int i = 0; i < prob.length; i++) {
                assertThat(b.p[i]).as("p[%d]", i).isCloseTo(prob[i], within(1e-5f));
            }
            for (int i = 0; i < q.length; i++) {
                assertThat(b.q[i]).as("q[%d]", i).isCloseTo(q[i], within(1e-5f));
            }
        }
    }

    @Test
    void trainingNeverUsesTheTable() {
        Dims d = new Dims(30, 6, 3, 10, 4);
        int[] words = {1, 5, 29, 3};
        int[] labels = {0, 3, 2, 1};
        Params a = Params.initialise(d, 2);
        Params b = a.copy();
        Network plain = new Network(a, ScalarKernels.INSTANCE);
        Network tabled = new Network(b, ScalarKernels.INSTANCE);
        tabled.useInputTable(InputTable.build(ScalarKernels.INSTANCE, b));
        for (int step = 0; step < 3; step++) { // the table goes stale after the first step
            double la = plain.trainStep(words, labels, -1, 4, Objective.PER_WORD, 0.5f);
            double lb = tabled.trainStep(words, labels, -1, 4, Objective.PER_WORD, 0.5f);
            assertThat(lb).isEqualTo(la);
        }
        for (String name : Params.NAMES) {
            assertThat(b.byName(name)).as(name).containsExactly(a.byName(name));
        }
    }

    @Test
    void aTableTooBigIsNotBuilt() {
        Dims huge = new Dims(400_000, 50, 7, 10, 4); // 400,001 · 7 · 10 floats > MAX_FLOATS
        assertThat((long) (huge.ne() + 1) * huge.cs() * huge.nh()).isGreaterThan(InputTable.MAX_FLOATS);
        Params p = new Params(huge); // zeros: no need to initialise
        assertThat(InputTable.build(ScalarKernels.INSTANCE, p)).isNull();
    }
}
