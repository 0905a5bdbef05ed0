package org.rnnslu.model;

import org.rnnslu.data.ContextWindows;
import org.rnnslu.kernels.Kernels;

/**
 * The network's input: each word's context window of embedding rows side by side. It owns the
 * embeddings:
 * <pre>
 *   idxs = contextwin(sentence, cs), per sentence            [W, cs]      (rows time-major, see Activations)
 *   x_t  = concat(emb[idxs[t, 0]], ..., emb[idxs[t, cs−1]])  [W, de*cs]   (index −1 = the padding row ne)
 * </pre>
 */
final class Embedding {

    private Embedding() {}

    /** idxs: each sentence's contextwin, scattered to its rows (unless the call gave its own).   [W, cs] */
    static void windows(Activations act, int cs) {
        if (act.windowsGiven) {
            return; // a call with windows of its own (Activations.packWindows)
        }
        for (int pos = 0; pos < act.sentences; pos++) {
            int n = act.length[pos];
            ContextWindows.contextWindow(act.wordsOf, act.sentenceStart[pos], n, cs, act.windowScratch, 0);
            for (int t = 0; t < n; t++) {
                System.arraycopy(act.windowScratch, t * cs, act.idxs, act.row(pos, t) * cs, cs);
            }
        }
    }

    /** x[t] = the cs embedding rows of window t, side by side; index −1 selects the padding row ne. */
    static void forward(Params params, Activations act) {
        Dims d = params.dims;
        int de = d.de();
        for (int i = 0; i < act.words * d.cs(); i++) {
            int row = act.idxs[i] < 0 ? d.padRow() : act.idxs[i];
            System.arraycopy(params.embeddings, row * de, act.x, i * de, de); // x viewed as [W*cs, de]
        }
    }

    /**
     * Forward: x_t[j·de .. (j+1)·de) = emb[idxs[t, j]]  (index −1 = padding row ne)
     * Backward: demb[idxs[t, j]] += dx_t[j·de .. (j+1)·de)   (a word used twice gets both)   [de] each
     */
    static void backward(Kernels k, Dims d, Activations act, Backward.Scratch s, Gradients g, float scale) {
        int de = d.de();
        for (int i = 0; i < act.words * d.cs(); i++) {
            int row = act.idxs[i] < 0 ? d.padRow() : act.idxs[i];
            g.touch(row);
            k.axpy(scale, s.dx, i * de, g.dEmbeddings, row * de, de);
        }
    }
}
