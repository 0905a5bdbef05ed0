package org.rnnslu.train;

/**
 * Training sentences as indices: words[i] are vocabulary indices of sentence i, labels[i] its
 * per-word label indices (slot tasks; null otherwise), sentenceLabels[i] its sentence label index
 * (intent tasks; null otherwise).
 */
public record Examples(int[][] words, int[][] labels, int[] sentenceLabels) {

    public int size() {
        return words.length;
    }

    public long tokenCount() {
        long n = 0;
        for (int[] s : words) {
            n += s.length;
        }
        return n;
    }

    public int maxLength() {
        int max = 0;
        for (int[] s : words) {
            max = Math.max(max, s.length);
        }
        return max;
    }
}
