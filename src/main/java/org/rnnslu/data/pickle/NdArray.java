package org.rnnslu.data.pickle;

/**
 * A one-dimensional numpy integer array as a pickle rebuilds it: {@code _reconstruct} makes it
 * empty, {@code BUILD} gives it its shape, dtype and bytes (or {@code _frombuffer} does all at once).
 * The elements are widened to long.
 */
public final class NdArray {

    private String dtype;
    private long[] values;

    NdArray() {}

    NdArray(String dtype, long[] values) {
        this.dtype = dtype;
        this.values = values;
    }

    void set(String dtype, long[] values) {
        this.dtype = dtype;
        this.values = values;
    }

    /** False until the pickle's BUILD has filled it. */
    public boolean built() {
        return values != null;
    }

    /** numpy's type string, e.g. "i4". */
    public String dtype() {
        return dtype;
    }

    public long[] values() {
        return values;
    }
}
