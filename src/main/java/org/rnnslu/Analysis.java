package org.rnnslu;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything the model says about one utterance, with its confidence: each word's label with its
 * probability and the top-k alternatives, the slots with a score and their character offsets, and
 * the intents ranked by probability. Immutable (every list is unmodifiable).
 *
 * <p>A slot's score is the model's probability of that labelling of its words: the product of
 * their chosen-label probabilities (the network is locally normalised, one softmax per word).
 *
 * @param text the original string (for words given as an array: the words joined by single spaces)
 * @param words one entry per token the model read, in order
 * @param slots the IOB chunks of the labels, in order (empty for an intent model)
 * @param intents every intent, most probable first (empty for a slot model)
 */
public record Analysis(String text, List<Word> words, List<Slot> slots, List<Scored> intents) {

    /** Top-k alternatives kept per word when nobody says otherwise. */
    public static final int DEFAULT_TOP_K = 3;

    public Analysis {
        words = List.copyOf(words);
        slots = List.copyOf(slots);
        intents = List.copyOf(intents);
    }

    /** A label (or intent) and its probability. */
    public record Scored(String label, double probability) {}

    /**
     * One token and what the model chose for it.
     *
     * @param text the token as the model read it (before the vocabulary's own preprocessing)
     * @param start its first char in {@link Analysis#text()}
     * @param end one past its last char
     * @param label the chosen label (the most probable one; under Viterbi decoding, the word's label in
     *     the most probable valid IOB sequence); null for an intent model, whose words carry none
     * @param probability the chosen label's probability (NaN for an intent model)
     * @param top the k most probable labels, best first (the first is the chosen one with argmax decoding)
     */
    public record Word(String text, int start, int end, String label, double probability, List<Scored> top) {
        public Word {
            top = List.copyOf(top);
        }
    }

    /**
     * A slot: a chunk of words of one type.
     *
     * @param type e.g. fromloc.city_name
     * @param start the first word's index
     * @param end one past the last word's index
     * @param charStart the first char of the slot in {@link Analysis#text()}
     * @param charEnd one past its last char
     * @param text its words joined by spaces ("new york")
     * @param source the original text it covers ("N.Y.")
     * @param score the product of its words' chosen-label probabilities
     */
    public record Slot(String type, int start, int end, int charStart, int charEnd, String text, String source,
                       double score) {}

    /** The labels, one per word (empty for an intent model). */
    public List<String> labels() {
        List<String> out = new ArrayList<>(words.size());
        for (Word w : words) {
            if (w.label() != null) {
                out.add(w.label());
            }
        }
        return out;
    }

    /** The tokens' texts. */
    public List<String> tokens() {
        List<String> out = new ArrayList<>(words.size());
        for (Word w : words) {
            out.add(w.text());
        }
        return out;
    }

    /** The most probable intent, or null (a slot model, or no words). */
    public String intent() {
        return intents.isEmpty() ? null : intents.get(0).label();
    }

    /** The most probable intent's probability, or NaN. */
    public double intentProbability() {
        return intents.isEmpty() ? Double.NaN : intents.get(0).probability();
    }
}
