package org.rnnslu.inference;

import org.rnnslu.kernels.Kernels;
import org.rnnslu.model.Activations;
import org.rnnslu.model.Dims;
import org.rnnslu.model.Forward;
import org.rnnslu.model.InputTable;
import org.rnnslu.model.Network;
import org.rnnslu.model.Params;
import org.rnnslu.model.Pooling;

/**
 * Runs a model over many sentences, {@link #PACK} at a time as one time-major pack (see
 * {@link Activations}): per-word labels, the label at the last word, or the joint model's intent.
 * Results are those of tagging each sentence alone, up to float rounding in the packed products.
 */
public final class Predictor {

    /** Sentences per forward pass. */
    public static final int PACK = 32;

    private final Network net;
    private final LabelDecoder decoder;
    /** A CRF model's decoder: Viterbi over z with its learned transitions (null for a softmax model). */
    private final CrfDecoder crf;

    /**
     * Predicts with {@code params} as they are now (shared, read-only here; the input projection is
     * precomputed from them, see {@link InputTable}, so they must not change while this is used).
     */
    public Predictor(Params params, Kernels kernels) {
        this(params, kernels, InputTable.build(kernels, params));
    }

    /** With a table already built from {@code params} (shared between threads), or null for x · wx. */
    public Predictor(Params params, Kernels kernels, InputTable table) {
        this(params, kernels, table, null);
    }

    /**
     * As above, with {@link #perWord} decoding each sentence under these transitions ({@link Viterbi}
     * over log p_t), or null for each word's argmax.
     */
    public Predictor(Params params, Kernels kernels, InputTable table, Transitions transitions) {
        this.net = new Network(params, kernels);
        net.useInputTable(table);
        this.decoder = new LabelDecoder(params.dims.nc(), transitions);
        this.crf = Params.isCrf(params.dims) ? new CrfDecoder(params, kernels, transitions) : null;
    }

    /** A CRF model's decoder (Viterbi, k-best and marginals), or null for a softmax model. */
    public CrfDecoder crf() {
        return crf;
    }

    /**
     * The labels of the sentence at sorted position pos of act into out[0..n): a CRF model's Viterbi
     * path, else the {@link #decoder}'s (argmax or Viterbi over log p_t).
     */
    public void labels(Activations act, int pos, int[] out) {
        if (crf != null) {
            crf.best(act, pos, out);
        } else {
            decoder.decode(act, pos, out);
        }
    }

    /** How this predictor chooses each sentence's labels (holds its Viterbi workspace: this thread's only). */
    public LabelDecoder decoder() {
        return decoder;
    }

    /** What to read off a forward pass: the sentence at sorted position pos of act is words[sentence]. */
    public interface Reader {
        void read(Activations act, int pos, int sentence);
    }

    /**
     * Runs every sentence (none empty) forward, {@link #PACK} at a time, and hands each to the reader
     * while its pack's activations are current.
     */
    public void forEach(int[][] words, Reader reader) {
        run(words, reader);
    }

    private void run(int[][] words, Reader reader) {
        int[] identity = new int[words.length];
        for (int i = 0; i < identity.length; i++) {
            identity[i] = i;
        }
        for (int from = 0; from < words.length; from += PACK) {
            int to = Math.min(words.length, from + PACK);
            Activations act = net.forward(words, identity, from, to);
            for (int pos = 0; pos < act.sentences(); pos++) {
                reader.read(act, pos, from + act.packIndex(pos));
            }
        }
    }

    /** Per-word predictions of every sentence (each word's argmax, the decoder's sequence, or a CRF's Viterbi path). */
    public int[][] perWord(int[][] words) {
        int[][] out = new int[words.length][];
        run(words, (act, pos, i) -> {
            out[i] = new int[act.lengthAt(pos)];
            labels(act, pos, out[i]);
        });
        return out;
    }

    /** The prediction at the last word of every sentence (sentence classification). */
    public int[] lastWord(int[][] words) {
        int[] out = new int[words.length];
        run(words, (act, pos, i) -> out[i] = Forward.argmaxRow(act, act.row(pos, act.lengthAt(pos) - 1)));
        return out;
    }

    /** argmax of mean_t p_t of every sentence (sentence classification, pool = mean). */
    public int[] meanOverWords(int[][] words) {
        int[] out = new int[words.length];
        float[] sum = new float[net.params.dims.nc()];
        run(words, (act, pos, i) -> out[i] = Forward.meanArgmax(act, pos, sum));
        return out;
    }

    /**
     * The intent of every sentence as the model reads it: its intent head (argmax q) if it has one,
     * else the per-word softmax at the last word (pool last) or averaged over the words (pool mean).
     */
    public int[] intents(int[][] words) {
        Dims d = net.params.dims;
        int[] out = new int[words.length];
        float[] sum = new float[d.nc()];
        run(words, (act, pos, i) -> out[i] = intentOf(d, act, pos, sum));
        return out;
    }

    /**
     * The intent of the sentence at sorted position pos of act (a model of dims d), as {@link #intents}
     * reads it: argmax q with an intent head, else argmax of mean_t p_t (pool mean) or of p at the
     * last word. {@code sum} is scratch of nc floats.
     */
    public static int intentOf(Dims d, Activations act, int pos, float[] sum) {
        if (d.hasIntentHead()) {
            return Forward.intentArgmax(act, pos);
        }
        if (d.pool() == Pooling.MEAN) {
            return Forward.meanArgmax(act, pos, sum);
        }
        return Forward.argmaxRow(act, act.row(pos, act.lengthAt(pos) - 1));
    }

    /** The intent head (argmax of q) for every sentence. */
    public int[] intentHead(int[][] words) {
        int[] out = new int[words.length];
        run(words, (act, pos, i) -> out[i] = Forward.intentArgmax(act, pos));
        return out;
    }
}
