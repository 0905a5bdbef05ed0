package org.rnnslu.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rnnslu.data.ContextWindows;
import org.rnnslu.kernels.ScalarKernels;

/**
 * {@link Network#trainBpttSentence} against is13's loop written out naively in double precision:
 * {@code minibatch(contextwin(sentence, cs), bs)}, then per word a call from h0, its gradient (by
 * central differences of {@link ReferenceRnn}), θ −= lr·dθ for every parameter at once, and
 * {@code normalize()} of every embedding row.
 */
class Is13RegimeTest {

    /** is13's {@code minibatch(l, bs)}, as its docstring has it: word t gets l[max(0, t−bs+1) .. t]. */
    static List<int[]> minibatch(int[] l, int bs) {
        List<int[]> out = new ArrayList<>();
        for (int t = 0; t < l.length; t++) {
            out.add(Arrays.copyOfRange(l, Math.max(0, t - bs + 1), t + 1));
        }
        return out;
    }

    @Test
    void minibatchIsIs13s() {
        assertThat(minibatch(new int[] {0, 1, 2, 3}, 3))
                .containsExactly(new int[] {0}, new int[] {0, 1}, new int[] {0, 1, 2}, new int[] {1, 2, 3});
    }

    @ParameterizedTest
    @EnumSource(value = Objective.class, names = {"LAST_STEP", "ALL_STEPS"})
    void aSentenceIsOneStepPerWordOverIs13sMinibatches(Objective objective) {
        Dims d = new Dims(6, 3, 3, 5, 4);
        Params params = GradientCheckTest.randomParams(d, 5);
        int[] words = {2, 5, 2, 0, 3};
        int[] labels = {1, 3, 0, 0, 2};
        int bs = 3;
        float lr = 0.3f;
        ReferenceRnn ref = new ReferenceRnn(params);

        Network net = new Network(params, ScalarKernels.INSTANCE);
        double loss = net.trainBpttSentence(words, labels, words.length, bs, objective, lr);

        int cs = d.cs();
        int[] windows = new int[words.length * cs];
        ContextWindows.contextWindow(words, words.length, cs, windows);
        double expectedLoss = 0;
        for (int t = 0; t < words.length; t++) {
            int from = Math.max(0, t - bs + 1);
            int m = t - from + 1;
            int[] call = Arrays.copyOfRange(windows, from * cs, (t + 1) * cs);
            int[] targets = new int[m];
            float[] weights = new float[m];
            objective.fill(null, labels[t], m, targets, weights);
            expectedLoss += ref.lossOfWindows(call, m, targets, weights, -1);
            double[][] grads = numericGradients(ref, call, m, targets, weights);
            for (int pi = 0; pi < ref.p.length; pi++) {
                for (int i = 0; i < ref.p[pi].length; i++) {
                    ref.p[pi][i] -= lr * grads[pi][i];
                }
            }
            normalizeRows(ref.p[0], d.de());
        }

        assertThat(loss).isCloseTo(expectedLoss, org.assertj.core.data.Offset.offset(1e-4));
        for (int pi = 0; pi < ref.p.length; pi++) {
            float[] got = params.byName(params.names().get(pi));
            for (int i = 0; i < got.length; i++) {
                assertThat((double) got[i]).as("%s[%d] after the sentence (%s)", params.names().get(pi), i, objective)
                        .isCloseTo(ref.p[pi][i], org.assertj.core.data.Offset.offset(2e-4));
            }
        }
    }

    @Test
    void onlyIs13sObjectivesAndAPositiveBs() {
        Network net = new Network(GradientCheckTest.randomParams(new Dims(6, 3, 3, 5, 4), 1), ScalarKernels.INSTANCE);
        assertThatThrownBy(() -> net.trainBpttSentence(new int[] {1}, new int[] {0}, 1, 9, Objective.PER_WORD, 0.1f))
                .hasMessageContaining("PER_WORD");
        assertThatThrownBy(() -> net.trainBpttSentence(new int[] {1}, new int[] {0}, 1, 0, Objective.LAST_STEP, 0.1f))
                .hasMessageContaining("got 0");
    }

    private static double[][] numericGradients(ReferenceRnn ref, int[] call, int m, int[] targets, float[] weights) {
        double[][] g = new double[ref.p.length][];
        for (int pi = 0; pi < ref.p.length; pi++) {
            double[] theta = ref.p[pi];
            g[pi] = new double[theta.length];
            for (int i = 0; i < theta.length; i++) {
                double saved = theta[i];
                theta[i] = saved + 1e-6;
                double plus = ref.lossOfWindows(call, m, targets, weights, -1);
                theta[i] = saved - 1e-6;
                double minus = ref.lossOfWindows(call, m, targets, weights, -1);
                theta[i] = saved;
                g[pi][i] = (plus - minus) / 2e-6;
            }
        }
        return g;
    }

    /** is13's normalize(): emb / sqrt((emb**2).sum(axis=1)), every row. */
    private static void normalizeRows(double[] emb, int de) {
        for (int r = 0; r < emb.length / de; r++) {
            double sq = 0;
            for (int c = 0; c < de; c++) {
                sq += emb[r * de + c] * emb[r * de + c];
            }
            double norm = Math.sqrt(sq);
            for (int c = 0; c < de; c++) {
                emb[r * de + c] /= norm;
            }
        }
    }
}
