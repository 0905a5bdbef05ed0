package org.rnnslu.data;

import java.util.List;

/**
 * Utterances as indices: {@code words[i]} the vocabulary indices of sentence i, {@code slots[i]}
 * its slot label indices (null when no slot label set was given), {@code intents[i]} its intent
 * index (null when no intent label set was given). Labels unknown to the label sets (and missing
 * ones) are -1: fine for evaluation (always wrong), to be rejected before training.
 */
public record Encoded(int[][] words, int[][] slots, int[] intents) {

    public static Encoded encode(List<Utterance> data, Vocabulary vocabulary, LabelSet slotLabels,
            LabelSet intentLabels) {
        int n = data.size();
        int[][] words = new int[n][];
        int[][] slots = slotLabels == null ? null : new int[n][];
        int[] intents = intentLabels == null ? null : new int[n];
        for (int i = 0; i < n; i++) {
            Utterance u = data.get(i);
            words[i] = vocabulary.encode(u.words());
            if (slots != null) {
                if (u.slots() == null) {
                    slots[i] = new int[u.length()];
                    java.util.Arrays.fill(slots[i], -1);
                } else {
                    slots[i] = slotLabels.encode(u.slots());
                }
            }
            if (intents != null) {
                intents[i] = u.intent() == null ? -1 : intentLabels.indexOf(u.intent());
            }
        }
        return new Encoded(words, slots, intents);
    }

    public int size() {
        return words.length;
    }

    /** The first sentence (index) holding a -1 label, or -1 when every label is known. */
    public int firstUnknownLabel() {
        for (int i = 0; i < words.length; i++) {
            if (intents != null && intents[i] < 0) {
                return i;
            }
            if (slots != null) {
                for (int s : slots[i]) {
                    if (s < 0) {
                        return i;
                    }
                }
            }
        }
        return -1;
    }
}
