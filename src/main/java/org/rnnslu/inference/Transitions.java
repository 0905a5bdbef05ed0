package org.rnnslu.inference;

import java.util.Arrays;
import java.util.List;

/**
 * Scores of label bigrams for {@link Viterbi}: {@code matrix[i * nc + j]} for label j right after
 * label i, {@code start[j]} for a sequence that begins with j, {@code end[i]} for one that ends with
 * i. Each entry is finite or {@link Float#NEGATIVE_INFINITY} (forbidden). The arrays are held, not
 * copied: a caller with learned transitions (a CRF layer) may keep changing them between calls.
 */
public final class Transitions {

    private final int nc;
    private final float[] matrix; // [nc, nc], row = previous label, column = next label
    private final float[] start;  // [nc]
    private final float[] end;    // [nc]

    /**
     * @param matrix [nc, nc] row-major (previous label, next label)
     * @param start [nc]
     * @param end [nc]
     */
    public Transitions(int nc, float[] matrix, float[] start, float[] end) {
        if (nc < 1 || matrix.length != nc * nc || start.length != nc || end.length != nc) {
            throw new IllegalArgumentException("transitions for " + nc + " labels need [" + nc + ", " + nc + "], ["
                    + nc + "], [" + nc + "]; got " + matrix.length + ", " + start.length + ", " + end.length + " values");
        }
        this.nc = nc;
        this.matrix = matrix;
        this.start = start;
        this.end = end;
    }

    /** All zeros: Viterbi over these is the per-word argmax. */
    public static Transitions none(int nc) {
        return new Transitions(nc, new float[nc * nc], new float[nc], new float[nc]);
    }

    /**
     * The IOB constraint as 0 / −∞: {@code I-x} only after {@code B-x} or {@code I-x}, and never first.
     * A label set that is not IOB-shaped (a label other than {@code O}, {@code B-*}, {@code I-*}, or
     * only {@code I-*} labels) gets {@link #none}: nothing is constrained.
     */
    public static Transitions iob(List<String> labels) {
        int nc = labels.size();
        Transitions t = none(nc);
        if (!Iob.isIobScheme(labels)) {
            return t;
        }
        for (int j = 0; j < nc; j++) {
            String type = Iob.insideType(labels.get(j));
            if (type == null) {
                continue;
            }
            t.start[j] = Float.NEGATIVE_INFINITY;
            for (int i = 0; i < nc; i++) {
                String prev = labels.get(i);
                if (!prev.equals("B-" + type) && !prev.equals("I-" + type)) {
                    t.matrix[i * nc + j] = Float.NEGATIVE_INFINITY;
                }
            }
        }
        return t;
    }

    public int labels() {
        return nc;
    }

    /** The score of label {@code next} right after label {@code prev}. */
    public float score(int prev, int next) {
        return matrix[prev * nc + next];
    }

    public float start(int label) {
        return start[label];
    }

    public float end(int label) {
        return end[label];
    }

    /** True when every score is 0 (decoding is then the per-word argmax). */
    public boolean isNone() {
        return allZero(matrix) && allZero(start) && allZero(end);
    }

    private static boolean allZero(float[] v) {
        for (float x : v) {
            if (x != 0f) {
                return false;
            }
        }
        return true;
    }

    float[] matrix() {
        return matrix;
    }

    float[] startScores() {
        return start;
    }

    float[] endScores() {
        return end;
    }

    @Override
    public String toString() {
        return "Transitions[" + nc + " labels, " + Arrays.toString(start) + " ...]";
    }
}
