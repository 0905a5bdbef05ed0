package org.rnnslu.inference;

/**
 * Max-product decoding of a label sequence: per-word scores {@code emissions [n, nc]} (row t =
 * word t, e.g. log p_t) plus {@link Transitions} between consecutive labels; a sequence y scores
 * {@code start[y_0] + Σ_t emissions[t, y_t] + Σ_{t>0} matrix[y_{t−1}, y_t] + end[y_{n−1}]}.
 * {@link #best} finds the highest-scoring sequence, {@link #kBest} the k highest (list Viterbi).
 * Scores are summed in double, in t order. Ties go to the lower label index (for zero transitions
 * that is the per-word argmax, as numpy's). Forbidden (−∞) steps are never taken; when no sequence
 * has a finite score, {@link #best} throws and {@link #kBest} returns none. Per call nothing is
 * allocated once the {@link Workspace} has grown to the longest sentence.
 */
public final class Viterbi {

    private Viterbi() {}

    /** Scratch for one thread at a time; it grows to the largest n, nc and k seen, then stays. */
    public static final class Workspace {
        private double[] emissions = new double[0]; // [n, nc]
        private double[] score = new double[0];     // [n, nc, k]: the k best prefix scores ending in each label
        private int[] backLabel = new int[0];       // [n, nc, k]: the label before, for each of them
        private int[] backRank = new int[0];        // [n, nc, k]: its rank in that label's list
        private int[] count = new int[0];           // [n, nc]: how many of the k entries exist (finite)
        private double[] endScore = new double[0];  // [k]
        private int[] endLabel = new int[0];        // [k]
        private int[] endRank = new int[0];         // [k]

        /** A buffer of at least n * nc doubles for the caller to fill with emissions [n, nc]. */
        public double[] emissions(int n, int nc) {
            if (emissions.length < n * nc) {
                emissions = new double[n * nc];
            }
            return emissions;
        }

        private void ensure(int n, int nc, int k) {
            int cells = n * nc * k;
            if (score.length < cells) {
                score = new double[cells];
                backLabel = new int[cells];
                backRank = new int[cells];
            }
            if (count.length < n * nc) {
                count = new int[n * nc];
            }
            if (endScore.length < k) {
                endScore = new double[k];
                endLabel = new int[k];
                endRank = new int[k];
            }
        }
    }

    /**
     * The best label sequence into {@code path[0..n)}; returns its score.
     *
     * @param emissions [n, nc] row-major, none NaN (−∞ allowed)
     * @throws IllegalArgumentException when no sequence has a finite score, or an emission is NaN
     */
    public static double best(double[] emissions, int n, Transitions tr, Workspace ws, int[] path) {
        int nc = tr.labels();
        check(emissions, n, nc, 1);
        ws.ensure(n, nc, 1);
        double[] delta = ws.score;   // [n, nc]: best score of a prefix ending at (t, j)
        int[] back = ws.backLabel;   // [n, nc]
        float[] m = tr.matrix();
        float[] start = tr.startScores();
        for (int j = 0; j < nc; j++) {
            delta[j] = start[j] + emissions[j];
        }
        for (int t = 1; t < n; t++) {
            int prev = (t - 1) * nc;
            int row = t * nc;
            for (int j = 0; j < nc; j++) {
                double bestV = Double.NEGATIVE_INFINITY;
                int bestI = -1;
                for (int i = 0; i < nc; i++) {
                    double v = delta[prev + i] + m[i * nc + j];
                    if (v > bestV) {
                        bestV = v;
                        bestI = i;
                    }
                }
                delta[row + j] = bestI < 0 ? Double.NEGATIVE_INFINITY : bestV + emissions[row + j];
                back[row + j] = Math.max(bestI, 0);
            }
        }
        float[] end = tr.endScores();
        int last = (n - 1) * nc;
        double bestV = Double.NEGATIVE_INFINITY;
        int label = -1;
        for (int j = 0; j < nc; j++) {
            double v = delta[last + j] + end[j];
            if (v > bestV) {
                bestV = v;
                label = j;
            }
        }
        if (label < 0) {
            throw new IllegalArgumentException("no label sequence of " + n + " words has a finite score");
        }
        for (int t = n - 1; t >= 0; t--) {
            path[t] = label;
            label = back[t * nc + label];
        }
        return bestV;
    }

    /**
     * The k best label sequences, best first: sequence r into {@code paths[r*n .. r*n+n)}, its score
     * into {@code scores[r]}. Returns how many there are (fewer than k when fewer sequences have a
     * finite score). Distinct sequences only; equal scores keep the order of lower labels first.
     *
     * @param paths at least k * n ints
     * @param scores at least k doubles
     */
    public static int kBest(double[] emissions, int n, Transitions tr, int k, Workspace ws, int[] paths, double[] scores) {
        int nc = tr.labels();
        check(emissions, n, nc, k);
        ws.ensure(n, nc, k);
        firstWord(emissions, tr, k, ws);
        for (int t = 1; t < n; t++) {
            for (int j = 0; j < nc; j++) {
                extend(emissions, tr, k, ws, t, j);
            }
        }
        int found = lastWord(tr, n, k, ws);
        for (int r = 0; r < found; r++) {
            scores[r] = ws.endScore[r];
            int label = ws.endLabel[r];
            int rank = ws.endRank[r];
            for (int t = n - 1; t >= 0; t--) {
                paths[r * n + t] = label;
                int cell = (t * nc + label) * k + rank;
                label = ws.backLabel[cell];
                rank = ws.backRank[cell];
            }
        }
        return found;
    }

    private static void firstWord(double[] emissions, Transitions tr, int k, Workspace ws) {
        float[] start = tr.startScores();
        for (int j = 0; j < tr.labels(); j++) {
            double v = start[j] + emissions[j];
            ws.score[j * k] = v;
            ws.count[j] = v == Double.NEGATIVE_INFINITY ? 0 : 1;
        }
    }

    /** The k best prefixes ending with label j at word t, from every label's list at t − 1. */
    private static void extend(double[] emissions, Transitions tr, int k, Workspace ws, int t, int j) {
        int nc = tr.labels();
        float[] m = tr.matrix();
        int cell = (t * nc + j) * k;
        int size = 0;
        for (int i = 0; i < nc; i++) {
            float step = m[i * nc + j];
            int from = ((t - 1) * nc + i) * k;
            int have = ws.count[(t - 1) * nc + i];
            for (int r = 0; r < have && step != Float.NEGATIVE_INFINITY; r++) {
                double v = ws.score[from + r] + step;
                if (size == k && !(v > ws.score[cell + k - 1])) {
                    break; // the list at i is sorted: the rest are no better
                }
                size = insert(ws.score, ws.backLabel, ws.backRank, cell, size, k, v, i, r);
            }
        }
        double e = emissions[t * nc + j];
        for (int r = 0; r < size; r++) {
            ws.score[cell + r] += e;
        }
        ws.count[t * nc + j] = e == Double.NEGATIVE_INFINITY ? 0 : size;
    }

    /** The k best complete sequences, with the end scores added, into ws.end*. */
    private static int lastWord(Transitions tr, int n, int k, Workspace ws) {
        int nc = tr.labels();
        float[] end = tr.endScores();
        int size = 0;
        for (int j = 0; j < nc; j++) {
            int cell = ((n - 1) * nc + j) * k;
            int have = ws.count[(n - 1) * nc + j];
            for (int r = 0; r < have && end[j] != Float.NEGATIVE_INFINITY; r++) {
                double v = ws.score[cell + r] + end[j];
                if (size == k && !(v > ws.endScore[k - 1])) {
                    break;
                }
                size = insert(ws.endScore, ws.endLabel, ws.endRank, 0, size, k, v, j, r);
            }
        }
        return size;
    }

    /** Inserts (v, label, rank) into the descending list at off of the given size (at most k); the new size. */
    private static int insert(double[] score, int[] label, int[] rank, int off, int size, int k, double v, int l, int r) {
        int at = size < k ? size++ : k - 1;
        while (at > 0 && v > score[off + at - 1]) {
            score[off + at] = score[off + at - 1];
            label[off + at] = label[off + at - 1];
            rank[off + at] = rank[off + at - 1];
            at--;
        }
        score[off + at] = v;
        label[off + at] = l;
        rank[off + at] = r;
        return size;
    }

    private static void check(double[] emissions, int n, int nc, int k) {
        if (n < 1 || k < 1 || emissions.length < n * nc) {
            throw new IllegalArgumentException("decoding needs n >= 1 words, k >= 1 and [n, nc] = [" + n + ", " + nc
                    + "] emissions; got n=" + n + ", k=" + k + ", " + emissions.length + " emissions");
        }
        for (int c = 0; c < n * nc; c++) {
            if (Double.isNaN(emissions[c])) {
                throw new IllegalArgumentException("emission score NaN at word " + c / nc + ", label " + c % nc);
            }
        }
    }
}
