package org.rnnslu.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rnnslu.kernels.Kernels;
import org.rnnslu.model.Dims;
import org.rnnslu.model.Forward;
import org.rnnslu.model.Network;
import org.rnnslu.model.Params;
import org.rnnslu.model.Pooling;
import org.rnnslu.model.Activations;

/** Tagging sentences in time-major packs gives what tagging each alone gives. */
class PredictorTest {

    @ParameterizedTest(name = "vector kernels {0}")
    @ValueSource(booleans = {false, true})
    void packedPredictionsEqualOneSentenceAtATime(boolean vector) {
        Kernels k = org.rnnslu.kernels.TestKernels.of(vector);
        Dims d = new Dims(40, 8, 5, 24, 9, 4);
        Params p = Params.initialise(d, 77);
        for (String name : new String[] {"wx", "wh", "w", "wi"}) { // larger weights: outputs depend on the words
            float[] a = p.byName(name);
            for (int i = 0; i < a.length; i++) {
                a[i] *= 10;
            }
        }
        SplittableRandom rng = new SplittableRandom(3);
        int[][] words = new int[150][];
        for (int i = 0; i < words.length; i++) {
            words[i] = new int[1 + rng.nextInt(15)];
            for (int t = 0; t < words[i].length; t++) {
                words[i][t] = rng.nextInt(d.ne());
            }
        }
        Predictor packed = new Predictor(p, k);
        int[][] perWord = packed.perWord(words);
        int[] last = packed.lastWord(words);
        int[] intents = packed.intentHead(words);
        Network alone = new Network(p, k);
        int distinct = 0;
        for (int i = 0; i < words.length; i++) {
            int[] expected = new int[words[i].length];
            alone.predict(words[i], words[i].length, expected);
            assertThat(perWord[i]).as("sentence %d", i).containsExactly(expected);
            assertThat(last[i]).isEqualTo(expected[expected.length - 1]);
            assertThat(intents[i]).isEqualTo(Forward.intentArgmax(alone.forward(words[i], words[i].length)));
            distinct += expected[0] != expected[expected.length - 1] ? 1 : 0;
        }
        assertThat(distinct).as("predictions vary, so a mix-up between sentences would show").isGreaterThan(30);
    }

    /**
     * pool = mean: the packed intent head reads mean_t h_t (the same q as one sentence alone), and an
     * intent model without a head predicts argmax mean_t p_t, checked against a plain double sum.
     */
    @ParameterizedTest(name = "vector kernels {0}")
    @ValueSource(booleans = {false, true})
    void meanPoolingPacksLikeOneSentenceAtATime(boolean vector) {
        Kernels k = org.rnnslu.kernels.TestKernels.of(vector);
        for (int ni : new int[] {0, 4}) {
            Dims d = new Dims(40, 8, 5, 24, 9, ni, Pooling.MEAN);
            Params p = Params.initialise(d, 78);
            for (String name : new String[] {"wx", "wh", "w", "wi"}) {
                float[] a = p.byName(name);
                for (int i = 0; i < a.length; i++) {
                    a[i] *= 10;
                }
            }
            SplittableRandom rng = new SplittableRandom(4);
            int[][] words = new int[120][];
            for (int i = 0; i < words.length; i++) {
                words[i] = new int[1 + rng.nextInt(15)];
                for (int t = 0; t < words[i].length; t++) {
                    words[i][t] = rng.nextInt(d.ne());
                }
            }
            int[] intents = new Predictor(p, k).intents(words);
            Network alone = new Network(p, k);
            int differsFromLast = 0;
            for (int i = 0; i < words.length; i++) {
                Activations act = alone.forward(words[i], words[i].length);
                int expected = ni > 0 ? Forward.intentArgmax(act) : meanArgmaxInDouble(act.p, words[i].length, d.nc());
                assertThat(intents[i]).as("sentence %d, ni %d", i, ni).isEqualTo(expected);
                int last = ni > 0 ? -1 : Forward.argmaxRow(act, words[i].length - 1);
                differsFromLast += ni == 0 && expected != last ? 1 : 0;
            }
            if (ni == 0) {
                assertThat(differsFromLast).as("mean_t p_t is not p at the last word").isGreaterThan(10);
            }
        }
    }

    private static int meanArgmaxInDouble(float[] p, int n, int nc) {
        int best = 0;
        double bestSum = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < nc; c++) {
            double sum = 0;
            for (int t = 0; t < n; t++) {
                sum += p[t * nc + c];
            }
            if (sum > bestSum) {
                bestSum = sum;
                best = c;
            }
        }
        return best;
    }
}
