package org.rnnslu.model;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The seven float32 parameters of RNNSLU's Elman network, row-major, with Theano's shapes and names:
 * <pre>
 *   embeddings [ne+1, de]   word vectors; row ne is the padding row (index -1)
 *   wx         [de*cs, nh]  input window  -> hidden
 *   wh         [nh, nh]     hidden(t-1)   -> hidden(t)
 *   w          [nh, nc]     hidden        -> class scores
 *   bh         [nh]         hidden bias
 *   b          [nc]         class bias
 *   h0         [nh]         the hidden state before the first word (trained, like the tutorial)
 * </pre>
 * The joint model (slots + intent, {@link Dims#ni()} &gt; 0) has a second head on the last hidden state:
 * <pre>
 *   wi         [nh, ni]     last hidden   -> intent scores
 *   bi         [ni]         intent bias
 * </pre>
 * A bidirectional network ({@link Dims#bidirectional()}) adds a second recurrence, right to left,
 * with its own weights, and its output layer and intent head read [h_fwd; h_bwd] (rows 0 .. nh−1 of
 * w and wi for h_fwd, rows nh .. 2nh−1 for h_bwd):
 * <pre>
 *   w          [2nh, nc]    wi [2nh, ni]
 *   wxb        [de*cs, nh]  input window  -> backward hidden
 *   whb        [nh, nh]     hidden(t+1)   -> backward hidden(t)
 *   bhb        [nh]         backward hidden bias
 *   h0b        [nh]         the backward hidden state after the last word (trained)
 * </pre>
 * A Jordan network ({@link Dims#jordan()}, is13's {@code jordan.py}) feeds back the previous step's
 * output distribution instead of h_{t−1}; it has no wh and h0 (empty arrays) but:
 * <pre>
 *   ws         [nc, nh]     output distribution(t-1) -> hidden(t)
 *   s0         [nc]         the "distribution" before the first word (trained, zero at first as is13's)
 * </pre>
 * The hybrid ({@link Architecture.Recurrence#HYBRID}) feeds back both, so it has wh, h0, ws and s0.
 * A CRF output layer ({@link Architecture.Output#CRF}) adds the label-transition scores, zero at
 * initialisation (no draw from the generator, so the other parameters are those of a softmax model
 * of the same seed):
 * <pre>
 *   trans      [nc, nc]     score of label j right after label i (row i = previous label)
 *   start      [nc]         score of label j at the first word
 *   end        [nc]         score of label i at the last word
 * </pre>
 * {@link Param} names each one, with its shape and the networks that have it.
 * A Params is mutable: the trainer updates it in place. Share a trained one read-only.
 */
public final class Params {

    /** The tutorial's {@code save()} names, in its {@code self.params} order. */
    public static final List<String> NAMES = Param.fileNames(Param.of(Architecture.TUTORIAL, false));
    /** The joint model's: the seven plus the intent head. */
    public static final List<String> JOINT_NAMES = Param.fileNames(Param.of(Architecture.TUTORIAL, true));
    /** The backward direction's, after the others in a bidirectional network's names. */
    public static final List<String> BACKWARD_NAMES = fileNamesWhere(Param::ofBackwardDirection);
    /** A CRF output layer's, after all the others. */
    public static final List<String> CRF_NAMES = fileNamesWhere(Param::ofCrf);

    public final Dims dims;
    /** Every parameter's array by {@link Param#ordinal()}; the fields below are the same arrays. */
    private final float[][] arrays;
    private final List<Param> present;
    public final float[] embeddings; // [ne+1, de]
    public final float[] wx;         // [de*cs, nh]
    public final float[] wh;         // [nh, nh] (Elman, hybrid; else empty)
    public final float[] w;          // [nh, nc]
    public final float[] bh;         // [nh]
    public final float[] b;          // [nc]
    public final float[] h0;         // [nh]
    public final float[] wi;         // [readWidth, ni] (empty without an intent head)
    public final float[] bi;         // [ni]
    public final float[] wxb;        // [de*cs, nh] (bidirectional; else empty)
    public final float[] whb;        // [nh, nh]
    public final float[] bhb;        // [nh]
    public final float[] h0b;        // [nh]
    public final float[] ws;         // [nc, nh] (Jordan, hybrid; else empty)
    public final float[] s0;         // [nc]
    public final float[] trans;      // [nc, nc] (CRF output; else empty)
    public final float[] start;      // [nc]
    public final float[] end;        // [nc]

    /** All zeros. */
    public Params(Dims d) {
        this.dims = d;
        Param[] all = Param.values();
        this.arrays = new float[all.length][];
        for (Param p : all) {
            arrays[p.ordinal()] = new float[p.size(d)];
        }
        this.present = Param.of(d);
        this.embeddings = get(Param.EMBEDDINGS);
        this.wx = get(Param.WX);
        this.wh = get(Param.WH);
        this.w = get(Param.W);
        this.bh = get(Param.BH);
        this.b = get(Param.B);
        this.h0 = get(Param.H0);
        this.wi = get(Param.WI);
        this.bi = get(Param.BI);
        this.wxb = get(Param.WXB);
        this.whb = get(Param.WHB);
        this.bhb = get(Param.BHB);
        this.h0b = get(Param.H0B);
        this.ws = get(Param.WS);
        this.s0 = get(Param.S0);
        this.trans = get(Param.TRANS);
        this.start = get(Param.START);
        this.end = get(Param.END);
    }

    /** Whether {@code d}'s output layer is a CRF (it has trans, start and end). */
    public static boolean isCrf(Dims d) {
        return d.arch().output() == Architecture.Output.CRF;
    }

    /** This network's parameters, in file order ({@link Param#of(Dims)}). */
    public List<Param> params() {
        return present;
    }

    /** The file names of {@link #params()}, in that order. */
    public List<String> names() {
        return names(dims);
    }

    /**
     * The tutorial's seven ({@link #NAMES}; a Jordan network's ws and s0 in the places of wh and h0,
     * a hybrid's ws after wh and s0 after h0),
     * then wi, bi with an intent head, then {@link #BACKWARD_NAMES} when bidirectional, then
     * {@link #CRF_NAMES} with a CRF output layer.
     */
    public static List<String> names(Dims d) {
        return names(d.arch(), d.hasIntentHead());
    }

    /** {@link #names(Dims)} of a network of architecture {@code a}, with or without an intent head. */
    public static List<String> names(Architecture a, boolean intentHead) {
        return Param.fileNames(Param.of(a, intentHead));
    }

    /**
     * The tutorial's initialisation: the four matrices uniform(-0.2, 0.2) (its
     * {@code 0.2 * uniform(-1, 1)}), drawn in the order embeddings, wx, wh, w (then wi) from one
     * seeded generator; bh, b, h0 (and bi) zero. A Jordan network draws ws where wh is drawn (is13's
     * order: emb, Wx, Ws, W) and starts s0 at zero as is13 does; a hybrid draws wh, then ws; a bidirectional one draws wxb, whb
     * after all of those (so the draws before them are the forward network's), bhb and h0b zero. A
     * CRF's trans, start and end are zero (no draws).
     */
    public static Params initialise(Dims d, long seed) {
        Params p = new Params(d);
        SplittableRandom rng = new SplittableRandom(seed);
        // a network without wh or ws has an empty array there, which draws nothing
        for (float[] m : new float[][] {p.embeddings, p.wx, p.wh, p.ws, p.w, p.wi, p.wxb, p.whb}) {
            for (int i = 0; i < m.length; i++) {
                m[i] = (float) (0.2 * (2.0 * rng.nextDouble() - 1.0));
            }
        }
        return p;
    }

    /** The array of parameter {@code p} (empty when the network has none). */
    public float[] get(Param p) {
        return arrays[p.ordinal()];
    }

    /** The array named {@code name} (one of {@link #names()}; the others are empty). */
    public float[] byName(String name) {
        return get(Param.named(name));
    }

    /** Theano's shape of parameter {@code name}. */
    public static int[] shapeOf(Dims d, String name) {
        return Param.named(name).shape(d);
    }

    public Params copy() {
        Params c = new Params(dims);
        c.setFrom(this);
        return c;
    }

    /** Copies every value of {@code src} (same dims) into this. */
    public void setFrom(Params src) {
        if (!src.dims.equals(dims)) {
            throw new IllegalArgumentException("dims differ: " + src.dims + " vs " + dims);
        }
        for (Param p : params()) {
            float[] from = src.get(p);
            System.arraycopy(from, 0, get(p), 0, from.length);
        }
    }

    /** Index of the first non-finite value as "name[i]", or null when all are finite. */
    public String firstNonFinite() {
        for (Param p : params()) {
            float[] a = get(p);
            for (int i = 0; i < a.length; i++) {
                if (!Float.isFinite(a[i])) {
                    return p.fileName() + "[" + i + "]";
                }
            }
        }
        return null;
    }

    private static List<String> fileNamesWhere(java.util.function.Predicate<Param> which) {
        List<Param> chosen = new java.util.ArrayList<>();
        for (Param p : Param.values()) {
            if (which.test(p)) {
                chosen.add(p);
            }
        }
        return Param.fileNames(chosen);
    }
}
