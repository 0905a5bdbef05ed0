package org.rnnslu.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rnnslu.kernels.ScalarKernels;
import org.rnnslu.model.Activations;
import org.rnnslu.model.Architecture;
import org.rnnslu.model.Crf;
import org.rnnslu.model.Dims;
import org.rnnslu.model.Network;
import org.rnnslu.model.Params;

/**
 * A CRF model's decoding against enumeration over all label sequences: the Predictor's labels are
 * the highest-scoring sequence (not each word's argmax), the marginals and a span's probability
 * are sums of p(y | x) over the sequences that have them.
 */
class CrfDecoderTest {

    private static final int NC = 3;

    @Test
    void labelsMarginalsAndSpanProbabilitiesEqualEnumeration() {
        Params p = params();
        int[] words = {1, 4, 2, 3};
        int n = words.length;
        Network net = new Network(p, ScalarKernels.INSTANCE);
        Activations act = net.forward(words, n);
        float[] z = act.z.clone();

        double[] scores = new double[(int) Math.pow(NC, n)];
        int bestSeq = 0;
        int[] y = new int[n];
        for (int s = 0; s < scores.length; s++) {
            decode(s, y);
            scores[s] = Crf.score(p, z, y, n);
            bestSeq = scores[s] > scores[bestSeq] ? s : bestSeq;
        }
        int[] expected = new int[n];
        decode(bestSeq, expected);
        int[] perWordArgmax = new int[n];
        org.rnnslu.model.Forward.argmax(act, perWordArgmax);
        assertThat(expected).as("the transitions change the answer").isNotEqualTo(perWordArgmax);

        assertThat(new Predictor(p, ScalarKernels.INSTANCE).perWord(new int[][] {words})[0]).containsExactly(expected);

        CrfDecoder decoder = new CrfDecoder(p, ScalarKernels.INSTANCE);
        act = net.forward(words, n);
        int[] path = new int[n];
        assertThat(decoder.best(act, 0, path)).isCloseTo(scores[bestSeq], within(1e-4));
        assertThat(path).containsExactly(expected);
        float[] marginals = decoder.marginals(act, 0);
        double logZ = 0;
        double max = java.util.Arrays.stream(scores).max().getAsDouble();
        for (double s : scores) {
            logZ += Math.exp(s - max);
        }
        logZ = max + Math.log(logZ);
        assertThat(decoder.logZ()).isCloseTo(logZ, within(1e-4));
        double[] expectedMarginals = new double[n * NC];
        double span = 0; // P(y_1 .. y_2 = path[1 .. 2])
        for (int s = 0; s < scores.length; s++) {
            decode(s, y);
            double prob = Math.exp(scores[s] - logZ);
            for (int t = 0; t < n; t++) {
                expectedMarginals[t * NC + y[t]] += prob;
            }
            if (y[1] == path[1] && y[2] == path[2]) {
                span += prob;
            }
        }
        for (int i = 0; i < n * NC; i++) {
            assertThat((double) marginals[i]).isCloseTo(expectedMarginals[i], within(1e-5));
        }
        assertThat(decoder.spanProbability(path, 1, 2)).isCloseTo(span, within(1e-5));
        assertThat(decoder.spanProbability(path, 2, 2)).isCloseTo(expectedMarginals[2 * NC + path[2]], within(1e-5));
    }

    /** Random weights and strong transitions (label 0 → 1 favoured, 1 → 1 forbidden-ish). */
    private static Params params() {
        Params p = new Params(new Dims(6, 3, 3, 4, NC).withArch(Architecture.TUTORIAL.withOutput(Architecture.Output.CRF)));
        SplittableRandom rng = new SplittableRandom(3);
        for (String name : p.names()) {
            float[] a = p.byName(name);
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) (2 * rng.nextDouble() - 1);
            }
        }
        p.trans[0 * NC + 1] = 3f;
        p.trans[1 * NC + 1] = -4f;
        p.trans[2 * NC + 0] = 2f;
        return p;
    }

    private static void decode(int s, int[] y) {
        for (int t = 0; t < y.length; t++) {
            y[t] = s % NC;
            s /= NC;
        }
    }
}
