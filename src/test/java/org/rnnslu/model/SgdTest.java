package org.rnnslu.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.rnnslu.kernels.Kernels;
import org.rnnslu.kernels.ScalarKernels;

class SgdTest {

    private final Kernels k = ScalarKernels.INSTANCE;
    private final Dims d = new Dims(9, 4, 3, 6, 5);
    private final int[][] sentences = {{1, 2, 3}, {4, 4, 0, 8}, {7}, {2, 5, 6, 1, 3}};
    private final int[][] labels = {{0, 1, 2}, {3, 4, 0, 1}, {2}, {4, 3, 2, 1, 0}};

    @Test
    void renormalisingOnlyTouchedRowsGivesTheTutorialsParameters() {
        Params fast = Params.initialise(d, 345);
        Params tutorial = fast.copy();
        Network net = new Network(fast, k);
        Network ref = new Network(tutorial, k);
        for (int epoch = 0; epoch < 3; epoch++) {
            for (int s = 0; s < sentences.length; s++) {
                net.trainStep(sentences[s], labels[s], -1, sentences[s].length, Objective.PER_WORD, 0.1f);
                // the tutorial: p -= lr*g for all seven, then normalize() over every row
                ref.lossAndGradients(sentences[s], labels[s], -1, sentences[s].length, Objective.PER_WORD);
                Sgd.update(k, tutorial, ref.gradients(), 0.1f, true);
            }
        }
        for (String name : Params.NAMES) {
            float[] a = fast.byName(name);
            float[] b = tutorial.byName(name);
            for (int i = 0; i < a.length; i++) {
                assertThat(a[i]).as("%s[%d]", name, i).isCloseTo(b[i], within(1e-6f));
            }
        }
    }

    @Test
    void updateIsParameterMinusLearningRateTimesGradientThenUnitRows() {
        Params p = Params.initialise(d, 1);
        Params before = p.copy();
        Network net = new Network(p, k);
        net.lossAndGradients(sentences[1], labels[1], -1, 4, Objective.PER_WORD);
        Gradients g = net.gradients();
        Sgd.update(k, p, g, 0.5f, true);
        for (String name : new String[] {"wx", "wh", "w", "bh", "b", "h0"}) {
            float[] now = p.byName(name);
            float[] was = before.byName(name);
            float[] grad = g.byName(name);
            for (int i = 0; i < now.length; i++) {
                assertThat(now[i]).isCloseTo(was[i] - 0.5f * grad[i], within(1e-7f));
            }
        }
        int de = d.de();
        for (int row = 0; row <= d.ne(); row++) {
            double norm = 0;
            for (int c = 0; c < de; c++) {
                norm += p.embeddings[row * de + c] * p.embeddings[row * de + c];
            }
            assertThat(norm).as("row %d", row).isCloseTo(1.0, within(1e-6));
        }
        // touched: words 4, 0, 8 and the padding row (cs = 3 reaches past both ends)
        assertThat(g.touchedCount).isEqualTo(4);
    }

    @Test
    void aZeroEmbeddingRowStaysZeroInsteadOfNaN() {
        Params p = Params.initialise(d, 2);
        java.util.Arrays.fill(p.embeddings, 0, d.de(), 0f);
        Sgd.normalizeAll(k, p);
        for (int c = 0; c < d.de(); c++) {
            assertThat(p.embeddings[c]).isEqualTo(0f);
        }
        assertThat(p.firstNonFinite()).isNull();
    }

    /** The data-parallel update in shares equals one update with the summed gradients, bit for bit. */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0} kernels")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"scalar", "vector"})
    void sharedUpdateOfSeveralWorkersIsTheUpdateOfTheirSum(String kernelName) {
        Dims big = new Dims(150, 7, 3, 37, 11, 5); // odd sizes: shares end between vectors; joint head too
        int[][] words = {{1, 2, 3, 99}, {4, 4, 0, 8, 149}, {7}};
        int[][] tags = {{0, 1, 2, 10}, {3, 4, 0, 1, 9}, {2}};
        Kernels kernels = org.rnnslu.kernels.TestKernels.named(kernelName);
        for (int parts : new int[] {1, 2, 3, 7}) {
            Params shared = Params.initialise(big, 3);
            Params summed = shared.copy();
            Gradients[] g = new Gradients[words.length];
            Gradients sum = new Gradients(big);
            for (int w = 0; w < words.length; w++) {
                Network net = new Network(shared, kernels);
                net.lossAndGradients(words[w], tags[w], w + 1, words[w].length, Objective.PER_WORD);
                g[w] = net.gradients();
                sum.addFrom(kernels, g[w]);
            }
            Sgd.update(kernels, summed, sum, 0.3f, false);
            for (int part = parts - 1; part >= 0; part--) { // any order
                Sgd.updateDenseShare(kernels, shared, g, 0.3f, part, parts);
            }
            Sgd.updateEmbeddingsFromShares(kernels, shared, g, 0.3f, false);
            for (String name : Params.JOINT_NAMES) {
                assertThat(shared.byName(name)).as("%s, %d shares, %s", name, parts, kernels.name())
                        .containsExactly(summed.byName(name));
            }
            assertThat(shared.wx).isNotEqualTo(Params.initialise(big, 3).wx);
        }
    }
}
