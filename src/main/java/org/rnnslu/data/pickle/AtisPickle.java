package org.rnnslu.data.pickle;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.rnnslu.io.InputException;
import org.rnnslu.data.LabelSet;
import org.rnnslu.data.Preprocessing;
import org.rnnslu.data.Splits;
import org.rnnslu.data.Utterance;
import org.rnnslu.data.Vocabulary;

/**
 * The tutorial's ATIS pickles: {@code atis.foldN.pkl.gz} holds (train, valid, test, dicts) and
 * {@code atis.pkl} (train, test, dicts); each set is (lex, ne, y), lists of one sentence's word,
 * named-entity and label indices (numpy integer arrays or lists), and dicts maps 'words2idx' and
 * 'labels2idx' (and 'tables2idx') from names to those indices. Gzip'd or not (the first two bytes
 * tell). Read with {@link Unpickler}: nothing in the file is run.
 *
 * <p>The indices are kept as they are: word i is {@code words().get(i)} and label j
 * {@code labels().get(j)}, exactly the names the dicts give them, so a model trained on the
 * pickle uses the indices the Theano code uses.
 */
public record AtisPickle(List<String> words, List<String> labels, Sentences train, Sentences valid, Sentences test) {

    /** Pickles larger than this are refused (the ATIS folds are a few MB). */
    public static final long MAX_BYTES = 64L << 20;
    /** A gzip'd file may unpack to at most this many times its size, plus 1 MB (a gzip bomb stops early). */
    static final int MAX_RATIO = 100;

    /** One set: sentence s has words[s] and labels[s], of the same length. */
    public record Sentences(int[][] words, int[][] labels) {
        public int size() {
            return words.length;
        }
    }

    /** True for a file the CLI should read as a pickle rather than as a dataset folder. */
    public static boolean looksLikeOne(Path p) {
        String name = p.getFileName() == null ? "" : p.getFileName().toString();
        return Files.isRegularFile(p) && (name.endsWith(".pkl") || name.endsWith(".pkl.gz") || name.endsWith(".pickle"));
    }

    /** @throws InputException naming the file and what is wrong in it (a PickleException's opcode and offset) */
    public static AtisPickle read(Path file) throws IOException {
        byte[] raw = bytesOf(file);
        try {
            return of(Unpickler.load(raw));
        } catch (PickleException e) {
            throw new InputException(file, 0, e.getMessage());
        }
    }

    /** The contents of an unpickled ATIS file. */
    public static AtisPickle of(Object top) {
        List<Object> parts = sequence(top, "the pickle");
        if (parts.size() != 3 && parts.size() != 4) {
            throw new PickleException("expected (train, valid, test, dicts) or (train, test, dicts), got " + parts.size() + " items");
        }
        Map<?, ?> dicts = dict(parts.get(parts.size() - 1), "dicts");
        List<String> words = names(dicts.get("words2idx"), "words2idx");
        List<String> labels = names(dicts.get("labels2idx"), "labels2idx");
        Sentences train = set(parts.get(0), "train", words.size(), labels.size());
        Sentences valid = parts.size() == 4 ? set(parts.get(1), "valid", words.size(), labels.size()) : null;
        Sentences test = set(parts.get(parts.size() - 2), "test", words.size(), labels.size());
        return new AtisPickle(words, labels, train, valid, test);
    }

    private static byte[] bytesOf(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            InputStream s = in.markSupported() ? in : new java.io.BufferedInputStream(in);
            s.mark(2);
            boolean gzip = s.read() == 0x1f && s.read() == 0x8b;
            s.reset();
            long limit = Math.min(MAX_BYTES, gzip ? MAX_RATIO * Files.size(file) + (1 << 20) : MAX_BYTES);
            return readAtMost(gzip ? new GZIPInputStream(s) : s, file, limit);
        } catch (ZipException | java.io.EOFException e) {
            throw new InputException(file, 0, "not a whole gzip file (" + e.getMessage() + ")");
        }
    }

    private static byte[] readAtMost(InputStream in, Path file, long limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 16];
        for (int n; (n = in.read(buf)) > 0; ) {
            if (out.size() + (long) n > limit) {
                throw new InputException(file, 0, "more than " + limit + " bytes of pickle"
                        + (limit < MAX_BYTES ? " from " + Files.size(file) + " gzip'd bytes" : "") + ": not an ATIS file");
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    /** (lex, ne, y): ne (named entities) is read as is13 does, and not used. */
    private static Sentences set(Object o, String what, int nWords, int nLabels) {
        List<Object> lny = sequence(o, what);
        if (lny.size() != 3) {
            throw new PickleException(what + ": expected (lex, ne, y), got " + lny.size() + " items");
        }
        int[][] lex = sentences(lny.get(0), what + " lex", nWords);
        int[][] y = sentences(lny.get(2), what + " y", nLabels);
        int[][] ne = sentences(lny.get(1), what + " ne", Integer.MAX_VALUE);
        if (y.length != lex.length || ne.length != lex.length) {
            throw new PickleException(what + ": " + lex.length + " sentences in lex, " + ne.length + " in ne, " + y.length + " in y");
        }
        for (int s = 0; s < lex.length; s++) {
            if (y[s].length != lex[s].length) {
                throw new PickleException(what + " sentence " + s + ": " + lex[s].length + " words and " + y[s].length + " labels");
            }
            if (lex[s].length == 0) {
                throw new PickleException(what + " sentence " + s + " has no words");
            }
        }
        return new Sentences(lex, y);
    }

    /** A list of sentences, each an integer array or a list of ints, every index in 0 .. bound−1. */
    private static int[][] sentences(Object o, String what, int bound) {
        List<Object> list = sequence(o, what);
        int[][] out = new int[list.size()][];
        for (int s = 0; s < out.length; s++) {
            out[s] = indices(list.get(s), what + " sentence " + s, bound);
        }
        return out;
    }

    private static int[] indices(Object o, String what, int bound) {
        long[] v;
        if (o instanceof NdArray && ((NdArray) o).built()) {
            v = ((NdArray) o).values();
        } else if (o instanceof List || o instanceof Tuple) {
            List<Object> l = sequence(o, what);
            v = new long[l.size()];
            for (int i = 0; i < v.length; i++) {
                if (!(l.get(i) instanceof Long)) {
                    throw new PickleException(what + ": item " + i + " is a " + Unpickler.typeName(l.get(i)) + ", not an int");
                }
                v[i] = (Long) l.get(i);
            }
        } else {
            throw new PickleException(what + ": a " + Unpickler.typeName(o) + ", not an integer array or list");
        }
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            if (v[i] < 0 || v[i] >= bound) {
                throw new PickleException(what + ": index " + v[i] + " at position " + i + " outside 0.." + (bound - 1));
            }
            out[i] = (int) v[i];
        }
        return out;
    }

    /** The names of a dict name -> index whose indices are 0 .. n−1, each once, in index order. */
    private static List<String> names(Object o, String what) {
        if (o == null) {
            throw new PickleException("dicts has no '" + what + "'");
        }
        Map<?, ?> d = dict(o, what);
        String[] byIndex = new String[d.size()];
        for (Map.Entry<?, ?> e : d.entrySet()) {
            if (!(e.getKey() instanceof String) || !(e.getValue() instanceof Long)) {
                throw new PickleException(what + ": an entry " + Unpickler.typeName(e.getKey()) + " -> "
                        + Unpickler.typeName(e.getValue()) + " (name -> index expected)");
            }
            long i = (Long) e.getValue();
            String name = (String) e.getKey();
            if (i < 0 || i >= byIndex.length || byIndex[(int) i] != null) {
                throw new PickleException(what + ": '" + name + "' -> " + i + " (the indices must be 0.." + (byIndex.length - 1) + ", each once)");
            }
            if (name.isEmpty() || name.chars().anyMatch(Character::isWhitespace)) {
                throw new PickleException(what + ": index " + i + " is named '" + name + "' (empty or with whitespace)");
            }
            byIndex[(int) i] = name;
        }
        return List.of(byIndex);
    }

    private static List<Object> sequence(Object o, String what) {
        if (o instanceof Tuple) {
            return ((Tuple) o).items();
        }
        if (o instanceof List) {
            @SuppressWarnings("unchecked")
            List<Object> l = (List<Object>) o;
            return new ArrayList<>(l);
        }
        throw new PickleException(what + ": a " + Unpickler.typeName(o) + ", not a tuple or list");
    }

    private static Map<?, ?> dict(Object o, String what) {
        if (!(o instanceof Map)) {
            throw new PickleException(what + ": a " + Unpickler.typeName(o) + ", not a dict");
        }
        return (Map<?, ?>) o;
    }

    /** The words as they are (already the tutorial's tokens): no digit mapping, no lowercasing, no count cut. */
    public static final Preprocessing AS_IS = new Preprocessing(false, 1, false);

    /**
     * The vocabulary with the dicts' indices: word i of the pickle is index i. When words2idx has no
     * {@code <UNK>}, one is added after the last index (for words a tagger meets that ATIS never had).
     */
    public Vocabulary vocabulary() {
        List<String> entries = new ArrayList<>(words);
        if (!entries.contains(Vocabulary.UNK)) {
            entries.add(Vocabulary.UNK);
        }
        return Vocabulary.of(entries, AS_IS);
    }

    /** The slot labels with the dicts' indices: label j of the pickle is index j. */
    public LabelSet labelSet() {
        return LabelSet.of(labels);
    }

    /**
     * The three splits as utterances of words and slot labels.
     *
     * @throws InputException for a file without a validation set (the tutorial's atis.pkl)
     */
    public Splits splits(Path file) {
        if (valid == null) {
            throw new InputException(file, 0, "holds (train, test, dicts) and no validation set to pick the best epoch"
                    + " with: train on a fold file (atis.foldN.pkl.gz)");
        }
        return new Splits(utterances(train), utterances(valid), utterances(test));
    }

    private List<Utterance> utterances(Sentences set) {
        List<Utterance> out = new ArrayList<>(set.size());
        for (int s = 0; s < set.size(); s++) {
            String[] w = new String[set.words()[s].length];
            String[] l = new String[w.length];
            for (int t = 0; t < w.length; t++) {
                w[t] = words.get(set.words()[s][t]);
                l[t] = labels.get(set.labels()[s][t]);
            }
            out.add(new Utterance(w, l, null));
        }
        return out;
    }
}
