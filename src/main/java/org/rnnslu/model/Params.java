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
 * A CRF output layer ({@link Architecture.Output#CRF}) adds the label-transition scores, zero at
 * initialisation (no draw from the generator, so the other parameters are those of a softmax model
 * of the same seed):
 * <pre>
 *   trans      [nc, nc]     score of label j right after label i (row i = previous label)
 *   start      [nc]         score of label j at the first word
 *   end        [nc]         score of label i at the last word
 * </pre>
 * A Params is mutable: the trainer updates it in place. Share a trained one read-only.
 */
public final class Params {

    /** The tutorial's {@code save()} names, in its {@code self.params} order. */
    public static final List<String> NAMES = List.of("embeddings", "wx", "wh", "w", "bh", "b", "h0");
    /** The joint model's: the seven plus the intent head. */
    public static final List<String> JOINT_NAMES = List.of("embeddings", "wx", "wh", "w", "bh", "b", "h0", "wi", "bi");

    public final Dims dims;
    public final float[] embeddings; // [ne+1, de]
    public final float[] wx;         // [de*cs, nh]
    public final float[] wh;         // [nh, nh]
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
    public final float[] ws;         // [nc, nh] (Jordan; else empty)
    public final float[] s0;         // [nc]
    public final float[] trans;      // [nc, nc] (CRF output; else empty)
    public final float[] start;      // [nc]
    public final float[] end;        // [nc]

    /** The backward direction's, after the others in a bidirectional network's names. */
    public static final List<String> BACKWARD_NAMES = List.of("wxb", "whb", "bhb", "h0b");
    /** A CRF output layer's, after all the others. */
    public static final List<String> CRF_NAMES = List.of("trans", "start", "end");

    /** All zeros. */
    public Params(Dims d) {
        this.dims = d;
        this.embeddings = new float[size(d, "embeddings")];
        this.wx = new float[size(d, "wx")];
        this.wh = new float[size(d, "wh")];
        this.w = new float[size(d, "w")];
        this.bh = new float[size(d, "bh")];
        this.b = new float[size(d, "b")];
        this.h0 = new float[size(d, "h0")];
        this.wi = new float[size(d, "wi")];
        this.bi = new float[size(d, "bi")];
        this.wxb = new float[size(d, "wxb")];
        this.whb = new float[size(d, "whb")];
        this.bhb = new float[size(d, "bhb")];
        this.h0b = new float[size(d, "h0b")];
        this.ws = new float[size(d, "ws")];
        this.s0 = new float[size(d, "s0")];
        this.trans = new float[size(d, "trans")];
        this.start = new float[size(d, "start")];
        this.end = new float[size(d, "end")];
    }

    /** Whether {@code d}'s output layer is a CRF (it has trans, start and end). */
    public static boolean isCrf(Dims d) {
        return d.arch().output() == Architecture.Output.CRF;
    }

    /** The number of floats of parameter {@code name} in a network of dims d (0 if it has none). */
    public static int size(Dims d, String name) {
        if (!has(d, name)) {
            return 0;
        }
        int n = 1;
        for (int s : shapeOf(d, name)) {
            n *= s;
        }
        return n;
    }

    /** Whether a network of dims d has parameter {@code name}. */
    public static boolean has(Dims d, String name) {
        return names(d).contains(name);
    }

    /** The parameter names of this network: {@link #NAMES}, or {@link #JOINT_NAMES} with an intent head. */
    public List<String> names() {
        return names(dims);
    }

    /**
     * The tutorial's seven ({@link #NAMES}; a Jordan network's ws and s0 in the places of wh and h0),
     * then wi, bi with an intent head, then {@link #BACKWARD_NAMES} when bidirectional, then
     * {@link #CRF_NAMES} with a CRF output layer.
     */
    public static List<String> names(Dims d) {
        return names(d.arch(), d.hasIntentHead());
    }

    /** {@link #names(Dims)} of a network of architecture {@code a}, with or without an intent head. */
    public static List<String> names(Architecture a, boolean intentHead) {
        if (a.isTutorial()) {
            return intentHead ? JOINT_NAMES : NAMES;
        }
        List<String> names = new java.util.ArrayList<>(intentHead ? JOINT_NAMES : NAMES);
        if (a.recurrence() == Architecture.Recurrence.JORDAN) {
            names.set(names.indexOf("wh"), "ws");
            names.set(names.indexOf("h0"), "s0");
        }
        if (a.direction() == Architecture.Direction.BI) {
            names.addAll(BACKWARD_NAMES);
        }
        if (a.output() == Architecture.Output.CRF) {
            names.addAll(CRF_NAMES);
        }
        return List.copyOf(names);
    }

    /**
     * The tutorial's initialisation: the four matrices uniform(-0.2, 0.2) (its
     * {@code 0.2 * uniform(-1, 1)}), drawn in the order embeddings, wx, wh, w (then wi) from one
     * seeded generator; bh, b, h0 (and bi) zero. A Jordan network draws ws where wh is drawn (is13's
     * order: emb, Wx, Ws, W) and starts s0 at zero as is13 does; a bidirectional one draws wxb, whb
     * after all of those (so the draws before them are the forward network's), bhb and h0b zero. A
     * CRF's trans, start and end are zero (no draws).
     */
    public static Params initialise(Dims d, long seed) {
        Params p = new Params(d);
        SplittableRandom rng = new SplittableRandom(seed);
        for (float[] m : new float[][] {p.embeddings, p.wx, d.jordan() ? p.ws : p.wh, p.w, p.wi, p.wxb, p.whb}) {
            for (int i = 0; i < m.length; i++) {
                m[i] = (float) (0.2 * (2.0 * rng.nextDouble() - 1.0));
            }
        }
        return p;
    }

    /** The array named {@code name} (one of {@link #names()}; the others are empty). */
    public float[] byName(String name) {
        switch (name) {
            case "embeddings": return embeddings;
            case "wx": return wx;
            case "wh": return wh;
            case "w": return w;
            case "bh": return bh;
            case "b": return b;
            case "h0": return h0;
            case "wi": return wi;
            case "bi": return bi;
            case "wxb": return wxb;
            case "whb": return whb;
            case "bhb": return bhb;
            case "h0b": return h0b;
            case "ws": return ws;
            case "s0": return s0;
            case "trans": return trans;
            case "start": return start;
            case "end": return end;
            default: throw new IllegalArgumentException("no parameter named '" + name + "'");
        }
    }

    /** Theano's shape of parameter {@code name}. */
    public static int[] shapeOf(Dims d, String name) {
        switch (name) {
            case "embeddings": return new int[] {d.ne() + 1, d.de()};
            case "wx": return new int[] {d.inputDim(), d.nh()};
            case "wh": return new int[] {d.nh(), d.nh()};
            case "w": return new int[] {d.readWidth(), d.nc()};
            case "bh": return new int[] {d.nh()};
            case "b": return new int[] {d.nc()};
            case "h0": return new int[] {d.nh()};
            case "wi": return new int[] {d.readWidth(), d.ni()};
            case "bi": return new int[] {d.ni()};
            case "wxb": return new int[] {d.inputDim(), d.nh()};
            case "whb": return new int[] {d.nh(), d.nh()};
            case "bhb": return new int[] {d.nh()};
            case "h0b": return new int[] {d.nh()};
            case "ws": return new int[] {d.nc(), d.nh()};
            case "s0": return new int[] {d.nc()};
            case "trans": return new int[] {d.nc(), d.nc()};
            case "start": return new int[] {d.nc()};
            case "end": return new int[] {d.nc()};
            default: throw new IllegalArgumentException("no parameter named '" + name + "'");
        }
    }

    public Params copy() {
        Params c = new Params(dims);
        for (String name : names()) {
            float[] src = byName(name);
            System.arraycopy(src, 0, c.byName(name), 0, src.length);
        }
        return c;
    }

    /** Copies every value of {@code src} (same dims) into this. */
    public void setFrom(Params src) {
        if (!src.dims.equals(dims)) {
            throw new IllegalArgumentException("dims differ: " + src.dims + " vs " + dims);
        }
        for (String name : names()) {
            float[] from = src.byName(name);
            System.arraycopy(from, 0, byName(name), 0, from.length);
        }
    }

    /** Index of the first non-finite value as "name[i]", or null when all are finite. */
    public String firstNonFinite() {
        for (String name : names()) {
            float[] a = byName(name);
            for (int i = 0; i < a.length; i++) {
                if (!Float.isFinite(a[i])) {
                    return name + "[" + i + "]";
                }
            }
        }
        return null;
    }
}
