package org.rnnslu.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.rnnslu.data.ContextWindows;
import org.rnnslu.kernels.Kernels;
import org.rnnslu.kernels.ScalarKernels;

/** Calls with given windows (Activations.packWindows): a sentence's own windows are that sentence, bit for bit. */
class WindowsCallTest {

    private final Kernels k = ScalarKernels.INSTANCE;
    private final Dims d = new Dims(9, 4, 3, 6, 5);
    private final int[] sentence = {2, 5, 6, 1, 3};
    private final int[] labels = {4, 3, 2, 1, 0};

    @Test
    void aSentencesOwnWindowsTrainExactlyAsTheSentence() {
        int n = sentence.length;
        int[] idxs = new int[n * d.cs()];
        ContextWindows.contextWindow(sentence, n, d.cs(), idxs);
        for (Objective o : Objective.values()) {
            Params a = Params.initialise(d, 7);
            Params b = a.copy();
            Network byWords = new Network(a, k);
            Network byWindows = new Network(b, k);
            for (int step = 0; step < 3; step++) {
                double la = byWords.trainStep(sentence, labels, 2, n, o, 0.1f);
                double lb = byWindows.trainStepOnWindows(idxs, n, labels, 2, o, 0.1f);
                assertThat(lb).as(o + " loss").isEqualTo(la);
            }
            for (String name : Params.NAMES) {
                assertThat(b.byName(name)).as(o + " " + name).containsExactly(a.byName(name));
            }
        }
    }

    /** Windows that are not a sentence's (is13's minibatch of the last words) are used as given, not recomputed. */
    @Test
    void givenWindowsAreUsedAsGiven() {
        Network net = new Network(Params.initialise(d, 7), k);
        int[] idxs = {5, 6, 1, 6, 1, 3}; // words 2 and 3 of the sentence: no padding where a 2-word sentence has it
        Activations act = net.forwardWindows(idxs, 2);
        assertThat(java.util.Arrays.copyOf(act.idxs, 6)).containsExactly(idxs);
        float[] h1 = java.util.Arrays.copyOfRange(act.h, d.nh(), 2 * d.nh());
        net.forward(new int[] {6, 1}, 2); // the 2-word sentence [6, 1] pads its windows
        assertThat(java.util.Arrays.copyOfRange(net.activations().h, d.nh(), 2 * d.nh())).isNotEqualTo(h1);
    }

    @Test
    void windowsOutsideTheEmbeddingRowsAreRejected() {
        Network net = new Network(Params.initialise(d, 7), k);
        assertThatThrownBy(() -> net.forwardWindows(new int[] {1, 10, 2}, 1)).hasMessageContaining("idxs[0][1] = 10");
        assertThatThrownBy(() -> net.forwardWindows(new int[] {-2, 1, 2}, 1)).hasMessageContaining("-2");
        assertThatThrownBy(() -> net.forwardWindows(new int[] {1, 2}, 1)).hasMessageContaining("rows of 3");
        assertThat(net.forwardWindows(new int[] {-1, 9, 1}, 1).length()).isEqualTo(1); // 9 = ne: the padding row too
    }
}
