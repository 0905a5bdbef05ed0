package org.rnnslu.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rnnslu.io.AtomicFiles;
import org.rnnslu.io.InputException;
import org.rnnslu.io.KeyValueLines;
import org.rnnslu.io.TextLines;
import org.rnnslu.io.FolderSwap;
import org.rnnslu.io.Manifest;
import org.rnnslu.store.ModelFolder;
import org.rnnslu.io.Npy;
import org.rnnslu.io.NpyArray;
import org.rnnslu.model.Dims;
import org.rnnslu.model.Param;
import org.rnnslu.model.Params;

/**
 * A training run's state at an epoch boundary, so {@code train --resume} continues exactly where an
 * interrupted run stopped: the current parameters (.npy, as in a model folder) and {@code state.txt}
 * (next epoch, lr, best epoch and scores, the shuffling RNG's state and order, and a fingerprint of
 * the settings and data, which must match on resume). The best parameters are the model folder
 * itself. Written through {@link FolderSwap} like a model folder (its marker says kind=checkpoint).
 */
public final class Checkpoint {

    public static final String STATE = "state.txt";
    /** 2: the fingerprint holds hashes of the data (1 had only its counts). */
    private static final int VERSION = 2;

    private Checkpoint() {}

    /** Where the checkpoint of a run writing its model to {@code modelDir} lives. */
    public static Path folderFor(Path modelDir) {
        Path abs = modelDir.toAbsolutePath().normalize();
        return abs.resolveSibling(abs.getFileName() + ".checkpoint");
    }

    public static void save(Path dir, Trainer.State st, String fingerprint) throws IOException {
        FolderSwap.replace(dir, FolderSwap.Kind.CHECKPOINT, tmp -> {
            Dims d = st.params.dims;
            for (Param p : st.params.params()) {
                Npy.write(tmp.resolve(p.fileName() + ".npy"), st.params.get(p), p.shape(d));
            }
            List<String> lines = new ArrayList<>();
            lines.add("format_version=" + VERSION);
            lines.add("fingerprint=" + fingerprint);
            lines.add("next_epoch=" + st.nextEpoch);
            lines.add("lr=" + Double.toHexString(st.lr));
            lines.add("best_epoch=" + st.bestEpoch);
            lines.add("best_valid=" + Double.toHexString(st.bestScores.valid()));
            lines.add("best_valid_text=" + st.bestScores.validText());
            lines.add("best_test_text=" + st.bestScores.testText());
            lines.add("rng_state=" + st.rngState);
            lines.add("embeddings_normalized=" + st.embeddingsNormalized);
            lines.add("train_seconds=" + Double.toHexString(st.trainSeconds));
            lines.add("train_tokens=" + st.trainTokens);
            StringBuilder order = new StringBuilder();
            for (int i = 0; i < st.order.length; i++) {
                order.append(i == 0 ? "" : " ").append(st.order[i]);
            }
            lines.add("order=" + order);
            AtomicFiles.writeLines(tmp.resolve(STATE), lines);
        });
    }

    /**
     * Restores a run's state. Every field is checked: a hand-edited or damaged state.txt is an
     * {@link InputException} naming the file, the line and the field, never a crash or a run with
     * {@code lr=NaN}.
     *
     * @param best the best model so far (the run's model folder)
     * @param fingerprint this run's {@link Training#fingerprint()}: ';'-separated key=value pairs
     *     that must all equal the checkpoint's
     */
    public static Trainer.State load(Path dir, Params best, String fingerprint) throws IOException {
        Path stateFile = dir.resolve(STATE);
        if (!Files.isRegularFile(stateFile)) {
            throw new InputException(stateFile, 0, "no checkpoint to resume from");
        }
        Manifest manifest = Manifest.read(dir);
        manifest.verify();
        manifest.require(STATE);
        Fields f = new Fields(stateFile, TextLines.readAll(stateFile));
        String version = f.text("format_version");
        if (version.equals("1")) {
            throw new InputException(stateFile, f.line("format_version"), "format_version 1 holds no hash of the data, so"
                    + " the data cannot be checked against the interrupted run's; train again without --resume");
        }
        if (!version.equals(String.valueOf(VERSION))) {
            throw new InputException(stateFile, f.line("format_version"), "format_version " + version + " is not supported");
        }
        checkFingerprint(f.text("fingerprint"), fingerprint, stateFile, f.line("fingerprint"));
        Params params = new Params(best.dims);
        for (Param p : params.params()) {
            Path file = manifest.require(p.fileName() + ".npy");
            NpyArray a = Npy.read(file, p.shape(best.dims)); // the shape is checked before reading
            Npy.requireFinite(a, file);
            System.arraycopy(a.data(), 0, params.get(p), 0, a.data().length);
        }
        Trainer.State st = new Trainer.State(params, f.permutation("order"));
        st.best = best.copy();
        st.nextEpoch = (int) f.whole("next_epoch", 0, Integer.MAX_VALUE);
        st.lr = f.number("lr", true);
        st.bestEpoch = (int) f.whole("best_epoch", -1, Integer.MAX_VALUE);
        st.bestScores = new Trainer.Scores(f.number("best_valid", false), f.text("best_valid_text"), f.text("best_test_text"));
        st.rngState = f.whole("rng_state", Long.MIN_VALUE, Long.MAX_VALUE);
        st.embeddingsNormalized = f.bool("embeddings_normalized");
        st.trainSeconds = f.number("train_seconds", false);
        if (st.trainSeconds < 0) {
            throw f.bad("train_seconds", "is negative");
        }
        st.trainTokens = f.whole("train_tokens", 0, Long.MAX_VALUE);
        f.requireAllUsed();
        return st;
    }

    /** Refuses a checkpoint whose fingerprint differs, naming the keys that differ and both values. */
    private static void checkFingerprint(String theirs, String ours, Path stateFile, int line) {
        if (theirs.equals(ours)) {
            return;
        }
        Map<String, String> a = pairs(theirs);
        Map<String, String> b = pairs(ours);
        List<String> diffs = new ArrayList<>();
        for (String key : union(a, b)) {
            String x = a.get(key);
            String y = b.get(key);
            if (x == null || y == null || !x.equals(y)) {
                diffs.add(key.endsWith("_data") || key.equals("vocabulary_and_labels")
                        ? key.replace('_', ' ') + " differ (hash " + x + " there, " + y + " here)"
                        : key + "=" + x + " there, " + key + "=" + y + " here");
            }
        }
        String what = diffs.isEmpty() || a.isEmpty() || b.isEmpty()
                ? "(" + theirs + "); this run is " + ours : String.join("; ", diffs);
        throw new InputException(stateFile, line, "was written by a run with other settings or data: " + what);
    }

    /** "k=v;k=v" as a map; empty when the text is not made of such pairs. */
    private static Map<String, String> pairs(String fingerprint) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String pair : fingerprint.split(";")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                return Map.of();
            }
            m.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return m;
    }

    private static List<String> union(Map<String, String> a, Map<String, String> b) {
        List<String> keys = new ArrayList<>(a.keySet());
        for (String k : b.keySet()) {
            if (!a.containsKey(k)) {
                keys.add(k);
            }
        }
        return keys;
    }

    /** state.txt's key=value lines, each read once, with the line it came from for messages. */
    private static final class Fields {
        private final Path file;
        private final Map<String, String> values = new LinkedHashMap<>();
        private final Map<String, Integer> lines = new LinkedHashMap<>();
        private final java.util.Set<String> used = new java.util.HashSet<>();

        Fields(Path file, List<String> text) {
            this.file = file;
            for (KeyValueLines.Entry e : KeyValueLines.parseStrict(text, file)) {
                values.put(e.key(), e.value());
                lines.put(e.key(), e.line());
            }
        }

        int line(String key) {
            return lines.getOrDefault(key, 0);
        }

        String text(String key) {
            String v = values.get(key);
            if (v == null) {
                throw new InputException(file, 0, "missing " + key + "=");
            }
            used.add(key);
            return v;
        }

        InputException bad(String key, String why) {
            String v = values.get(key);
            return new InputException(file, line(key), key + "=" + (v.length() > 40 ? v.substring(0, 40) + "..." : v) + " " + why);
        }

        long whole(String key, long min, long max) {
            String v = text(key);
            long n;
            try {
                n = Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw bad(key, "is not a whole number");
            }
            if (n < min || n > max) {
                throw bad(key, "is out of range [" + min + ", " + max + "]");
            }
            return n;
        }

        /** A finite number; positive too when {@code positive}. */
        double number(String key, boolean positive) {
            String v = text(key);
            double d;
            try {
                d = Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw bad(key, "is not a number");
            }
            if (!Double.isFinite(d)) {
                throw bad(key, "is not a finite number");
            }
            if (positive && d <= 0) {
                throw bad(key, "is not positive");
            }
            return d;
        }

        boolean bool(String key) {
            String v = text(key);
            if (!v.equals("true") && !v.equals("false")) {
                throw bad(key, "is not true or false");
            }
            return v.equals("true");
        }

        /** A permutation of 0 .. n-1, space-separated. */
        int[] permutation(String key) {
            String v = text(key);
            String[] items = v.isEmpty() ? new String[0] : v.split(" ", -1);
            int[] out = new int[items.length];
            boolean[] seen = new boolean[items.length];
            for (int i = 0; i < items.length; i++) {
                int x;
                try {
                    x = Integer.parseInt(items[i]);
                } catch (NumberFormatException e) {
                    throw new InputException(file, line(key), key + "= item " + (i + 1) + " '" + items[i] + "' is not a whole number");
                }
                if (x < 0 || x >= items.length || seen[x]) {
                    throw new InputException(file, line(key), key + "= item " + (i + 1) + " (" + x + ") is "
                            + (seen.length > x && x >= 0 ? "repeated" : "outside [0, " + items.length + ")")
                            + ": not an order of the " + items.length + " training sentences");
                }
                seen[x] = true;
                out[i] = x;
            }
            return out;
        }

        void requireAllUsed() {
            for (String key : values.keySet()) {
                if (!used.contains(key)) {
                    throw new InputException(file, line(key), "unknown key " + key + "=");
                }
            }
        }
    }
}
