package org.rnnslu.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Label &lt;-&gt; index map (slot labels or intents), labels sorted alphabetically
 * ({@link String#compareTo}) when built. Unknown labels have index -1: the caller decides (an
 * unknown gold label at evaluation is simply an error). In labels.txt line i (1-based) is index
 * i-1. Immutable.
 */
public final class LabelSet {

    private final List<String> labels;
    private final Map<String, Integer> index;

    private LabelSet(List<String> labels) {
        this.labels = List.copyOf(labels);
        this.index = IndexFile.index(this.labels);
    }

    /** Exactly these labels, in this order (distinct, no whitespace). */
    public static LabelSet of(List<String> labels) {
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("no labels");
        }
        return new LabelSet(labels);
    }

    /** The distinct labels, sorted. */
    public static LabelSet build(Collection<String> labels) {
        return of(new ArrayList<>(new TreeSet<>(labels)));
    }

    /** The slot labels of the utterances (those with slots), sorted. */
    public static LabelSet ofSlots(List<Utterance> utterances) {
        TreeSet<String> set = new TreeSet<>();
        for (Utterance u : utterances) {
            if (u.slots() != null) {
                set.addAll(List.of(u.slots()));
            }
        }
        if (set.isEmpty()) {
            throw new IllegalArgumentException("no slot labels in the data");
        }
        return of(new ArrayList<>(set));
    }

    /** The intents of the utterances (those with one), sorted. */
    public static LabelSet ofIntents(List<Utterance> utterances) {
        TreeSet<String> set = new TreeSet<>();
        for (Utterance u : utterances) {
            if (u.intent() != null) {
                set.add(u.intent());
            }
        }
        if (set.isEmpty()) {
            throw new IllegalArgumentException("no intents in the data");
        }
        return of(new ArrayList<>(set));
    }

    /** The index of a label, or -1 when unknown. */
    public int indexOf(String label) {
        Integer i = index.get(label);
        return i == null ? -1 : i;
    }

    /** Indices of labels; -1 for unknown ones. */
    public int[] encode(String[] labels) {
        int[] out = new int[labels.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = indexOf(labels[i]);
        }
        return out;
    }

    /** Labels of indices[0..n). */
    public String[] decode(int[] indices, int n) {
        String[] out = new String[n];
        for (int i = 0; i < n; i++) {
            out[i] = label(indices[i]);
        }
        return out;
    }

    public boolean contains(String label) {
        return index.containsKey(label);
    }

    public int size() {
        return labels.size();
    }

    public String label(int i) {
        return labels.get(i);
    }

    /** All labels in index order (unmodifiable). */
    public List<String> labels() {
        return labels;
    }

    /** Writes labels.txt (UTF-8, one label a line), atomically. */
    public void save(Path file) throws IOException {
        IndexFile.write(file, labels);
    }

    /**
     * Reads labels.txt. Errors (InputException with the line): empty file, blank line, whitespace in
     * a label, duplicate label.
     */
    public static LabelSet load(Path file) throws IOException {
        return new LabelSet(IndexFile.read(file));
    }
}
