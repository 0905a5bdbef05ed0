package org.rnnslu.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnnslu.kernels.Kernels;
import org.rnnslu.kernels.ScalarKernels;

/**
 * The CRF's forward–backward against enumeration: for small n and nc, log Z, every per-word
 * marginal and every summed pair marginal equal the sums over all nc^n label sequences, in both
 * the exp-space and the log-space recurrences and with both kernel sets.
 */
class CrfTest {

    static final Architecture CRF = Architecture.TUTORIAL.withOutput(Architecture.Output.CRF);

    static Stream<Arguments> cases() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (String kernels : new String[] {"scalar", "vector"}) {
            for (int nc = 1; nc <= 3; nc++) {
                for (int n = 1; n <= 4; n++) {
                    b.add(Arguments.of(kernels, n, nc, false));
                    b.add(Arguments.of(kernels, n, nc, true));
                }
            }
            b.add(Arguments.of(kernels, 3, 7, false)); // 343 sequences, wider than a few lanes
            b.add(Arguments.of(kernels, 3, 7, true));
        }
        return b.build();
    }

    @ParameterizedTest(name = "{0} kernels, n {1}, nc {2}, wide trans {3}")
    @MethodSource("cases")
    void logZAndMarginalsEqualEnumeration(String kernelName, int n, int nc, boolean wide) {
        Kernels k = org.rnnslu.kernels.TestKernels.named(kernelName);
        Params p = new Params(new Dims(1, 1, 1, 1, nc).withArch(CRF));
        SplittableRandom rng = new SplittableRandom(31L * n + nc);
        fill(p.trans, rng, 2);
        fill(p.start, rng, 2);
        fill(p.end, rng, 2);
        if (wide) {
            p.trans[0] = -65f; // spread over Crf.EXP_SPACE_SPREAD: the log-space recurrences
        }
        Crf.Workspace ws = new Crf.Workspace(nc, 1);
        float[] z = ws.emissions(n);
        fill(z, rng, 3);
        float[] emissions = z.clone();

        Crf.prepare(p, ws);
        assertThat(ws.expSpace()).isEqualTo(!wide || nc * nc == 1);
        double logZ = Crf.forwardBackward(k, p, ws, n);
        Crf.pairMarginalSums(k, p, ws, n, logZ);

        Enumeration e = enumerate(p, emissions, n, nc);
        assertThat(logZ).isCloseTo(e.logZ, within(1e-4 * Math.max(1, Math.abs(e.logZ))));
        for (int i = 0; i < n * nc; i++) {
            assertThat((double) ws.marginals()[i]).as("P(y_%d = %d)", i / nc, i % nc).isCloseTo(e.marginals[i], within(1e-5));
        }
        for (int i = 0; i < nc * nc; i++) {
            assertThat((double) ws.pairs[i]).as("Σ_t P(y_t-1 = %d, y_t = %d)", i / nc, i % nc)
                    .isCloseTo(e.pairs[i], within(1e-5));
        }
    }

    /**
     * With zero transitions the CRF's loss and gradient are the softmax's: log Z = Σ_t
     * logsumexp(z_t), so −log p(y|x) = Σ_t −log softmax(z_t)[y_t] and dz_t = w·(softmax(z_t) − onehot).
     */
    @Test
    void zeroTransitionsGiveTheSoftmaxLossAndGradient() {
        Dims soft = new Dims(6, 3, 3, 5, 4);
        Params ps = GradientCheckTest.randomParams(soft, 5);
        Params pc = new Params(soft.withArch(CRF));
        for (String name : ps.names()) {
            System.arraycopy(ps.byName(name), 0, pc.byName(name), 0, ps.byName(name).length);
        }
        int[] words = {2, 5, 2, 0, 3};
        int[] labels = {1, 3, 0, 0, 2};
        Network a = new Network(ps, ScalarKernels.INSTANCE);
        Network b = new Network(pc, ScalarKernels.INSTANCE);
        double la = a.lossAndGradients(words, labels, -1, words.length, Objective.PER_WORD);
        double lb = b.lossAndGradients(words, labels, -1, words.length, Objective.PER_WORD);
        assertThat(lb).isCloseTo(la, within(1e-5));
        for (String name : ps.names()) {
            float[] ga = a.gradients().byName(name);
            float[] gb = b.gradients().byName(name);
            for (int i = 0; i < ga.length; i++) {
                assertThat(gb[i]).as("d%s[%d]", name, i).isCloseTo(ga[i], within(1e-6f));
            }
        }
        assertThat(b.gradients().dTrans).isNotEqualTo(new float[16]); // the transitions do learn
    }

    @Test
    void aCrfRefusesPerWordWeightsThatDiffer() {
        Params p = GradientCheckTest.randomParams(new Dims(6, 3, 3, 5, 4).withArch(CRF), 5);
        Network net = new Network(p, ScalarKernels.INSTANCE);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> net.lossAndGradients(new int[] {1, 2, 3}, null, 2, 3, Objective.LAST_STEP))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("same weight");
    }

    private record Enumeration(double logZ, double[] marginals, double[] pairs) {}

    /** Every one of the nc^n sequences, scored by the definition. */
    private static Enumeration enumerate(Params p, float[] z, int n, int nc) {
        int count = (int) Math.pow(nc, n);
        double[] scores = new double[count];
        int[] y = new int[n];
        for (int s = 0; s < count; s++) {
            decode(s, nc, y);
            scores[s] = Crf.score(p, z, y, n);
        }
        double logZ = ReferenceRnn.logSumExp(scores);
        double[] marginals = new double[n * nc];
        double[] pairs = new double[nc * nc];
        for (int s = 0; s < count; s++) {
            decode(s, nc, y);
            double prob = Math.exp(scores[s] - logZ);
            for (int t = 0; t < n; t++) {
                marginals[t * nc + y[t]] += prob;
                if (t > 0) {
                    pairs[y[t - 1] * nc + y[t]] += prob;
                }
            }
        }
        return new Enumeration(logZ, marginals, pairs);
    }

    private static void decode(int s, int nc, int[] y) {
        for (int t = 0; t < y.length; t++) {
            y[t] = s % nc;
            s /= nc;
        }
    }

    private static void fill(float[] a, SplittableRandom rng, double scale) {
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) (scale * (2 * rng.nextDouble() - 1));
        }
    }
}
