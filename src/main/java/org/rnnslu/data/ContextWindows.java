package org.rnnslu.data;

/**
 * RNNSLU's {@code contextwin}: every word of a sentence becomes the {@code cs} word indices centred
 * on it, with -1 for positions outside the sentence (the padding row of the embedding matrix).
 * <pre>
 *   contextwin([0, 1, 2, 3, 4], 3) = [[-1, 0, 1], [0, 1, 2], [1, 2, 3], [2, 3, 4], [3, 4, -1]]
 * </pre>
 */
public final class ContextWindows {

    /** The index standing for "outside the sentence". */
    public static final int PAD = -1;

    private ContextWindows() {}

    /**
     * Fills {@code out[0 .. n*cs)} row by row: row t holds words[t - cs/2 .. t + cs/2], -1 where
     * the position falls outside words[0..n). Allocation-free.
     *
     * @throws IllegalArgumentException when cs is not odd and positive, n is negative or larger than
     *     words.length, or out is shorter than n*cs
     */
    public static void contextWindow(int[] words, int n, int cs, int[] out) {
        contextWindow(words, 0, n, cs, out, 0);
    }

    /**
     * The windows of the sentence words[from .. from+n) into out[outOff .. outOff + n*cs): several
     * sentences packed one after another each get their own windows (padding at their own ends).
     */
    public static void contextWindow(int[] words, int from, int n, int cs, int[] out, int outOff) {
        if (cs < 1 || cs % 2 == 0) {
            throw new IllegalArgumentException("window size must be odd and >= 1, got " + cs);
        }
        if (n < 0 || from < 0 || from + n > words.length) {
            throw new IllegalArgumentException("n = " + n + " from " + from + " for " + words.length + " words");
        }
        if (outOff < 0 || outOff + (long) n * cs > out.length) {
            throw new IllegalArgumentException(
                    "output holds " + out.length + " entries, " + ((long) n * cs) + " needed");
        }
        int half = cs / 2;
        int o = outOff;
        for (int t = 0; t < n; t++) {
            for (int j = t - half; j <= t + half; j++) {
                out[o++] = j < 0 || j >= n ? PAD : words[from + j];
            }
        }
    }

    /** Convenience allocating form: the windows as an [n][cs] array. */
    public static int[][] contextWindow(int[] words, int cs) {
        int[] flat = new int[Math.multiplyExact(words.length, cs)];
        contextWindow(words, words.length, cs, flat);
        int[][] rows = new int[words.length][];
        for (int t = 0; t < words.length; t++) {
            rows[t] = java.util.Arrays.copyOfRange(flat, t * cs, (t + 1) * cs);
        }
        return rows;
    }
}
