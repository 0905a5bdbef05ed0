package org.rnnslu.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * One sentence: its words, optionally its IOB slot labels (one per word) and optionally its intent
 * (e.g. {@code atis_flight}, or a multi-intent such as {@code atis_flight#atis_airfare}, kept as
 * one label). The arrays are shared, not copied: treat them as read-only. Equality compares array
 * contents.
 *
 * @param words at least one word, none null
 * @param slots null, or exactly one label per word
 * @param intent null, or the sentence's intent label
 */
public record Utterance(String[] words, String[] slots, String intent) {

    public Utterance {
        Objects.requireNonNull(words, "words");
        if (words.length == 0) {
            throw new IllegalArgumentException("an utterance needs at least one word");
        }
        if (slots != null && slots.length != words.length) {
            throw new IllegalArgumentException(
                    slots.length + " slot labels for " + words.length + " words");
        }
    }

    /** Words only. */
    public Utterance(String... words) {
        this(words, null, null);
    }

    public int length() {
        return words.length;
    }

    public boolean hasSlots() {
        return slots != null;
    }

    public boolean hasIntent() {
        return intent != null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Utterance u && Arrays.equals(words, u.words)
                && Arrays.equals(slots, u.slots) && Objects.equals(intent, u.intent);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(words) + Arrays.hashCode(slots)) + Objects.hashCode(intent);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (intent != null) {
            sb.append(intent).append('\t');
        }
        for (int i = 0; i < words.length; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(words[i]);
            if (slots != null) {
                sb.append('/').append(slots[i]);
            }
        }
        return sb.toString();
    }
}
