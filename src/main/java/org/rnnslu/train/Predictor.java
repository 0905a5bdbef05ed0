package org.rnnslu.train;

import org.rnnslu.data.Encoded;
import org.rnnslu.kernels.Kernels;
import org.rnnslu.model.Forward;
import org.rnnslu.model.Network;
import org.rnnslu.model.Params;

/** Runs a model over a split: per-word label indices, or the label at the last word. */
public final class Predictor {

    private final Network net;
    private int[] buffer = new int[64];

    /** Predicts with {@code params} as they are at each call (shared, read-only here). */
    public Predictor(Params params, Kernels kernels) {
        this.net = new Network(params, kernels);
    }

    /** Per-word predictions of every sentence. */
    public int[][] perWord(int[][] words) {
        int[][] out = new int[words.length][];
        for (int i = 0; i < words.length; i++) {
            out[i] = new int[words[i].length];
            if (words[i].length > 0) {
                net.predict(words[i], words[i].length, out[i]);
            }
        }
        return out;
    }

    /** The prediction at the last word of every sentence (sentence classification). */
    public int[] lastWord(int[][] words) {
        int[] out = new int[words.length];
        for (int i = 0; i < words.length; i++) {
            int n = words[i].length;
            if (buffer.length < n) {
                buffer = new int[Math.max(n, 2 * buffer.length)];
            }
            net.predict(words[i], n, buffer);
            out[i] = buffer[n - 1];
        }
        return out;
    }

    /** The joint model's intent head (argmax of q) for every sentence. */
    public int[] intentHead(int[][] words) {
        int[] out = new int[words.length];
        for (int i = 0; i < words.length; i++) {
            out[i] = Forward.intentArgmax(net.forward(words[i], words[i].length));
        }
        return out;
    }

    /** Convenience: per-word predictions of an encoded split. */
    public int[][] perWord(Encoded split) {
        return perWord(split.words());
    }
}
