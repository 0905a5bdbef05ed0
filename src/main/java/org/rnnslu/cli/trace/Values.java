package org.rnnslu.cli.trace;

import java.util.Arrays;
import java.util.Locale;
import org.rnnslu.data.LabelSet;

/**
 * How numbers read in the trace: a vector in full (--full, 5 decimals) or its first few values and
 * its norm, a matrix one row a line, the most probable labels, a shape.
 */
final class Values {

    private static final int SHOW = 5; // values shown per vector without --full

    private Values() {}

    static String vec(Report out, float[] a, int off, int len) {
        double[] v = new double[len];
        for (int i = 0; i < len; i++) {
            v[i] = a[off + i];
        }
        return vec(out, v);
    }

    static String vec(Report out, double[] a) {
        int shown = out.full ? a.length : Math.min(SHOW, a.length);
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < shown; i++) {
            String v = String.format(Locale.ROOT, out.full ? "%.5f" : "%.4f", a[i]);
            sb.append(i == 0 ? "" : ", ").append(v.matches("-0\\.0+") ? v.substring(1) : v); // no "-0.00000"
        }
        if (a.length > shown) {
            sb.append(", ... ").append(a.length - shown).append(" more");
        }
        sb.append("]");
        if (!out.full) {
            double s = 0;
            for (double v : a) {
                s += v * v;
            }
            sb.append("  |.| = ").append(String.format(Locale.ROOT, "%.4f", Math.sqrt(s)));
        }
        return sb.toString();
    }

    /** A [rows, cols] array, one row a line (a vector: one line). */
    static void matrix(Report out, String title, float[] a, int off, int rows, int cols) {
        if (rows == 1) {
            out.line(title + " = " + vec(out, a, off, cols));
            return;
        }
        out.line(title + " =");
        for (int r = 0; r < rows; r++) {
            out.line(String.format(Locale.ROOT, "  %-3d %s", r, vec(out, a, off + r * cols, cols)));
        }
    }

    /** A parameter (or its gradient) as a matrix of its shape: a vector is one row. */
    static void parameter(Report out, String title, float[] a, int[] shape) {
        int cols = shape.length == 2 ? shape[1] : shape[0];
        matrix(out, title, a, 0, a.length / cols, cols);
    }

    /** The k largest of p[off, off + nc) with their labels, largest first. */
    static String top(float[] p, int off, int nc, LabelSet labels, int k) {
        boolean[] used = new boolean[nc];
        StringBuilder sb = new StringBuilder();
        for (int j = 0; j < Math.min(k, nc); j++) {
            int best = -1;
            for (int c = 0; c < nc; c++) {
                if (!used[c] && (best < 0 || p[off + c] > p[off + best])) {
                    best = c;
                }
            }
            used[best] = true;
            sb.append(j == 0 ? "" : ", ").append(Names.label(labels, best)).append(String.format(Locale.ROOT, " %.3f", p[off + best]));
        }
        return sb.toString();
    }

    /** [6,2] (numpy's shape, without spaces). */
    static String shape(int[] s) {
        return Arrays.toString(s).replace(" ", "");
    }
}
