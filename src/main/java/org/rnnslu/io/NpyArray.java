package org.rnnslu.io;

import java.util.Arrays;
import java.util.Objects;

/**
 * A dense float32 array as read from (or about to be written to) a NumPy {@code .npy} file.
 *
 * <p>{@link #data()} holds the elements in C (row-major) order; its length is the product of
 * {@link #shape()} (1 for a 0-d scalar, 0 when any dimension is 0). {@link #dtype()} is the
 * dtype the file declared ({@code "<f4"} or {@code "<f8"}); float64 files are converted to
 * float32 on reading.
 *
 * <p>The data array is shared, not copied, so that large weight matrices are not duplicated;
 * the shape is copied on the way in and out.
 */
public final class NpyArray {

    private final int[] shape;
    private final float[] data;
    private final String dtype;

    /**
     * @throws IllegalArgumentException if a dimension is negative or the shape's element count
     *     differs from {@code data.length}
     */
    public NpyArray(int[] shape, float[] data, String dtype) {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(dtype, "dtype");
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Npy.shapeRepr(shape));
            }
            n *= d;
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("shape " + Npy.shapeRepr(shape) + " is too large");
            }
        }
        if (n != data.length) {
            throw new IllegalArgumentException(
                    "shape " + Npy.shapeRepr(shape) + " has " + n + " elements but data has " + data.length);
        }
        this.shape = shape.clone();
        this.data = data;
        this.dtype = dtype;
    }

    /** A float32 array, dtype {@code "<f4"}. */
    public static NpyArray of(float[] data, int... shape) {
        return new NpyArray(shape, data, Npy.F4);
    }

    /** A copy of the shape; empty for a 0-d scalar. */
    public int[] shape() {
        return shape.clone();
    }

    /** The elements in C order (not copied). */
    public float[] data() {
        return data;
    }

    /** The dtype as declared by the file: {@code "<f4"} or {@code "<f8"}. */
    public String dtype() {
        return dtype;
    }

    /** Number of dimensions; 0 for a scalar. */
    public int rank() {
        return shape.length;
    }

    /** Size of one dimension. */
    public int dim(int axis) {
        return shape[axis];
    }

    /** Number of elements (the product of the shape). */
    public int size() {
        return data.length;
    }

    /** The shape as NumPy prints it: {@code ()}, {@code (5,)}, {@code (2, 3)}. */
    public String shapeString() {
        return Npy.shapeRepr(shape);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof NpyArray)) {
            return false;
        }
        NpyArray other = (NpyArray) o;
        return Arrays.equals(shape, other.shape)
                && Arrays.equals(data, other.data)
                && dtype.equals(other.dtype);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(shape) + Arrays.hashCode(data)) + dtype.hashCode();
    }

    @Override
    public String toString() {
        return "NpyArray[shape=" + shapeString() + ", dtype=" + dtype + "]";
    }
}
