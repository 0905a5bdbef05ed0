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
    public final float[] wi;         // [nh, ni] (empty without an intent head)
    public final float[] bi;         // [ni]

    /** All zeros. */
    public Params(Dims d) {
        this.dims = d;
        this.embeddings = new float[(d.ne() + 1) * d.de()];
        this.wx = new float[d.inputDim() * d.nh()];
        this.wh = new float[d.nh() * d.nh()];
        this.w = new float[d.nh() * d.nc()];
        this.bh = new float[d.nh()];
        this.b = new float[d.nc()];
        this.h0 = new float[d.nh()];
        this.wi = new float[d.nh() * d.ni()];
        this.bi = new float[d.ni()];
    }

    /** The parameter names of this network: {@link #NAMES}, or {@link #JOINT_NAMES} with an intent head. */
    public List<String> names() {
        return names(dims);
    }

    public static List<String> names(Dims d) {
        return d.hasIntentHead() ? JOINT_NAMES : NAMES;
    }

    /**
     * The tutorial's initialisation: the four matrices uniform(-0.2, 0.2) (its
     * {@code 0.2 * uniform(-1, 1)}), drawn in the order embeddings, wx, wh, w (then wi) from one
     * seeded generator; bh, b, h0 (and bi) zero.
     */
    public static Params initialise(Dims d, long seed) {
        Params p = new Params(d);
        SplittableRandom rng = new SplittableRandom(seed);
        for (float[] m : new float[][] {p.embeddings, p.wx, p.wh, p.w, p.wi}) {
            for (int i = 0; i < m.length; i++) {
                m[i] = (float) (0.2 * (2.0 * rng.nextDouble() - 1.0));
            }
        }
        return p;
    }

    /** The array named {@code name} (one of {@link #NAMES}). */
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
            default: throw new IllegalArgumentException("no parameter named '" + name + "'");
        }
    }

    /** Theano's shape of parameter {@code name}. */
    public static int[] shapeOf(Dims d, String name) {
        switch (name) {
            case "embeddings": return new int[] {d.ne() + 1, d.de()};
            case "wx": return new int[] {d.inputDim(), d.nh()};
            case "wh": return new int[] {d.nh(), d.nh()};
            case "w": return new int[] {d.nh(), d.nc()};
            case "bh": return new int[] {d.nh()};
            case "b": return new int[] {d.nc()};
            case "h0": return new int[] {d.nh()};
            case "wi": return new int[] {d.nh(), d.ni()};
            case "bi": return new int[] {d.ni()};
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
