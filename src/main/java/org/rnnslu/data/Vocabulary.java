package org.rnnslu.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.rnnslu.io.InputException;

/**
 * Word &lt;-&gt; index map. Index 0 is always {@link #UNK}, so every word has an index: words never
 * seen in training, or seen fewer than {@link Preprocessing#minCount()} times, map to it. The other
 * entries are the normalized training words ordered by descending count, ties alphabetically
 * ({@link String#compareTo}); the order is deterministic. In words.txt line i (1-based) is index
 * i-1. Immutable.
 */
public final class Vocabulary {

    public static final String UNK = "<UNK>";

    private final List<String> words;
    private final Map<String, Integer> index;
    private final Preprocessing preprocessing;

    private Vocabulary(List<String> words, Preprocessing preprocessing) {
        this.words = List.copyOf(words);
        this.index = IndexFile.index(this.words);
        this.preprocessing = preprocessing;
    }

    /** From normalized entries, which must include {@link #UNK} (at any position). */
    public static Vocabulary of(List<String> entries, Preprocessing preprocessing) {
        Vocabulary v = new Vocabulary(entries, preprocessing);
        if (!v.index.containsKey(UNK)) {
            throw new IllegalArgumentException("a vocabulary needs an " + UNK + " entry");
        }
        return v;
    }

    /** Builds the vocabulary of the training words (see the class comment for the order). */
    public static Vocabulary build(List<Utterance> train, Preprocessing preprocessing) {
        Map<String, int[]> counts = new HashMap<>();
        for (Utterance u : train) {
            for (String w : u.words()) {
                counts.computeIfAbsent(preprocessing.normalize(w), k -> new int[1])[0]++;
            }
        }
        List<Map.Entry<String, int[]>> kept = new ArrayList<>();
        for (Map.Entry<String, int[]> e : counts.entrySet()) {
            if (e.getValue()[0] >= preprocessing.minCount() && !e.getKey().equals(UNK)) {
                kept.add(e);
            }
        }
        kept.sort((a, b) -> a.getValue()[0] != b.getValue()[0]
                ? Integer.compare(b.getValue()[0], a.getValue()[0])
                : a.getKey().compareTo(b.getKey()));
        List<String> words = new ArrayList<>(kept.size() + 1);
        words.add(UNK);
        for (Map.Entry<String, int[]> e : kept) {
            words.add(e.getKey());
        }
        return new Vocabulary(words, preprocessing);
    }

    /** The index of a raw word after preprocessing; the {@link #UNK} index when unknown. */
    public int indexOf(String rawWord) {
        Integer i = index.get(preprocessing.normalize(rawWord));
        return i != null ? i : index.get(UNK);
    }

    /** Indices of raw words. */
    public int[] encode(String[] rawWords) {
        int[] out = new int[rawWords.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = indexOf(rawWords[i]);
        }
        return out;
    }

    /** True when the (raw) word has its own entry. */
    public boolean contains(String rawWord) {
        return index.containsKey(preprocessing.normalize(rawWord));
    }

    public int unkIndex() {
        return index.get(UNK);
    }

    public int size() {
        return words.size();
    }

    /** The normalized entry at index i. */
    public String word(int i) {
        return words.get(i);
    }

    /** All entries in index order (unmodifiable). */
    public List<String> words() {
        return Collections.unmodifiableList(words);
    }

    public Preprocessing preprocessing() {
        return preprocessing;
    }

    /** Writes words.txt (UTF-8, one entry a line), atomically. */
    public void save(Path file) throws IOException {
        IndexFile.write(file, words);
    }

    /**
     * Reads words.txt. Errors (InputException with the line): empty file, blank line, whitespace in
     * an entry, duplicate entry, no {@code <UNK>} entry.
     */
    public static Vocabulary load(Path file, Preprocessing preprocessing) throws IOException {
        List<String> entries = IndexFile.read(file);
        if (!entries.contains(UNK)) {
            throw new InputException(file, 0, "no " + UNK + " entry (not a words.txt?)");
        }
        return new Vocabulary(entries, preprocessing);
    }
}
