package org.rnnslu.store;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.rnnslu.io.InputException;
import org.rnnslu.io.KeyValueLines;
import org.rnnslu.data.LabelSet;
import org.rnnslu.data.Preprocessing;
import org.rnnslu.io.TextLines;
import org.rnnslu.data.Vocabulary;
import org.rnnslu.model.Dims;
import org.rnnslu.model.Objective;
import org.rnnslu.inference.Decoding;
import org.rnnslu.model.Param;
import org.rnnslu.model.Params;
import org.rnnslu.model.Architecture;
import org.rnnslu.model.Pooling;
import org.rnnslu.model.Task;
import org.rnnslu.io.FolderSwap;
import org.rnnslu.io.Manifest;
import org.rnnslu.io.ModelZip;
import org.rnnslu.io.Npy;
import org.rnnslu.io.NpyArray;

/**
 * A model on disk, laid out as the RNNSLU tutorial's {@code rnn.save(folder)} writes it plus what a
 * tagger needs to read raw text:
 * <pre>
 *   embeddings.npy wx.npy wh.npy w.npy bh.npy b.npy h0.npy   the seven parameters (float32, C order)
 *   words.txt    line i = word index i (normalised form)
 *   labels.txt   line i = class index i (slot labels; intents for an intent model)
 *   wi.npy bi.npy intents.txt   the intent head (joint model, or an intent model with one) and its labels
 *   model.txt    format version, task, dims, intent_pool (only if not last), recurrence, direction and
 *                output (each only if not the tutorial's), objective (only if not the
 *                task's default), decode (only if not argmax), preprocessing (optional on load: a
 *                tutorial folder lacks it)
 *   tokenizer.properties   how raw text becomes words (read by Tagger.load; optional: the default)
 *   MANIFEST     size and CRC-32 of every other file (optional on load; when present, every file
 *                read must be listed and match)
 *   .rnnslu      the marker: kind=model and the save's id (see {@link FolderSwap}; optional on load)
 * </pre>
 * Saving goes through {@link FolderSwap}: everything is written into a temporary sibling folder
 * renamed into place, so a reader never sees half a model, and an existing model is replaced only
 * once the new one is complete (and only if it is a folder rnnslu wrote).
 */
public final class ModelFolder {

    public static final int FORMAT_VERSION = 1;
    public static final String HYPER_FILE = "model.txt";
    public static final String MANIFEST = Manifest.NAME;
    public static final String WORDS = "words.txt";
    public static final String LABELS = "labels.txt";
    public static final String INTENTS = "intents.txt";
    /** The recipe that trained the model ({@code org.rnnslu.train.RecipeFile}); optional. */
    public static final String RECIPE = "recipe.properties";
    /** The training run's results and environment ({@code org.rnnslu.train.ModelCard}); optional. */
    public static final String CARD = "card.json";
    /** The text files a save may add beside the model's own. */
    public static final java.util.Set<String> DESCRIPTIONS = java.util.Set.of(RECIPE, CARD);
    /** The longest description file read (a card of a model with many labels is a few KiB). */
    public static final int MAX_DESCRIPTION_BYTES = 1 << 20;

    /**
     * Everything a folder holds.
     *
     * @param labels the classes of the per-word softmax w (slot labels; intents for the intent task)
     * @param intents the joint model's intent labels (classes of wi); null for the other tasks
     * @param objective what trained it; null reads as the task's default ({@link Objective#defaultFor})
     * @param decoding how its slot labels are decoded by default; null reads as argmax
     */
    public record Contents(Params params, Vocabulary vocabulary, LabelSet labels, LabelSet intents, Task task,
                           Objective objective, Decoding decoding) {
        public Contents(Params params, Vocabulary vocabulary, LabelSet labels, Task task) {
            this(params, vocabulary, labels, null, task);
        }

        public Contents(Params params, Vocabulary vocabulary, LabelSet labels, LabelSet intents, Task task) {
            this(params, vocabulary, labels, intents, task, null);
        }

        public Contents(Params params, Vocabulary vocabulary, LabelSet labels, LabelSet intents, Task task,
                        Objective objective) {
            this(params, vocabulary, labels, intents, task, objective, null);
        }

        /** The objective that trained the model (the task's default when the folder does not say). */
        public Objective trainedWith() {
            return objective == null ? Objective.defaultFor(task) : objective;
        }

        /** How tag and eval decode its slot labels by default (argmax when the folder does not say). */
        public Decoding decodedWith() {
            return decoding == null ? Decoding.ARGMAX : decoding;
        }
    }

    private ModelFolder() {}

    /**
     * Writes the model to {@code dir}, atomically replacing the model already there (only a folder
     * rnnslu wrote is replaced: see {@link FolderSwap}).
     */
    public static void save(Path dir, Contents model) throws IOException {
        save(dir, model, Map.of());
    }

    /**
     * As {@link #save(Path, Contents)}, with description files beside the model (names from
     * {@link #DESCRIPTIONS}: {@code recipe.properties}, {@code card.json}), listed in its MANIFEST
     * like the rest. A {@code dir} whose name ends in {@code .zip} is written as one store-only zip
     * instead ({@link ModelZip}).
     */
    public static void save(Path dir, Contents model, Map<String, String> descriptions) throws IOException {
        for (String name : descriptions.keySet()) {
            if (!DESCRIPTIONS.contains(name)) {
                throw new IllegalArgumentException("not a model description file: " + name + " (expected one of " + DESCRIPTIONS + ")");
            }
        }
        FolderSwap.FolderWriter fill = tmp -> {
            writeAll(tmp, model);
            for (Map.Entry<String, String> d : new java.util.TreeMap<>(descriptions).entrySet()) {
                org.rnnslu.io.AtomicFiles.writeString(tmp.resolve(d.getKey()), d.getValue());
            }
        };
        if (ModelZip.isZipName(dir)) {
            ModelZip.save(dir, fill);
        } else {
            FolderSwap.replace(dir, FolderSwap.Kind.MODEL, fill);
        }
    }

    /**
     * Runs {@code read} on a model's files: the folder {@code model} itself, or the files of the
     * model zip {@code model} ({@link ModelZip#read}: messages name the zip's entries).
     */
    public static <T> T read(Path model, ModelZip.FolderRead<T> read) throws IOException {
        return ModelZip.isZip(model) ? ModelZip.read(model, read) : read.read(model);
    }

    /**
     * A description file of a model folder ({@link #RECIPE}, {@link #CARD}), or null when the folder
     * has none (a folder saved before them, or by the tutorial). With a MANIFEST, the file must be
     * listed and match it.
     */
    public static String description(Path dir, String name) throws IOException {
        if (!DESCRIPTIONS.contains(name)) {
            throw new IllegalArgumentException("not a model description file: " + name);
        }
        Manifest manifest = Manifest.read(dir);
        Path f = manifest.require(name);
        if (!Files.exists(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        if (!Files.isRegularFile(f)) {
            throw new InputException(f, 0, "is not a regular file");
        }
        if (manifest.present()) {
            manifest.verify();
        }
        if (Files.size(f) > MAX_DESCRIPTION_BYTES) {
            throw new InputException(f, 0, "is larger than " + MAX_DESCRIPTION_BYTES + " bytes: not a file rnnslu wrote");
        }
        return String.join("\n", TextLines.readAll(f));
    }

    private static void writeAll(Path dir, Contents m) throws IOException {
        Dims d = m.params().dims;
        for (Param p : m.params().params()) {
            Npy.write(dir.resolve(p.fileName() + ".npy"), m.params().get(p), p.shape(d));
        }
        m.vocabulary().save(dir.resolve(WORDS));
        m.labels().save(dir.resolve(LABELS));
        if (d.hasIntentHead()) {
            m.intents().save(dir.resolve(INTENTS));
        }
        List<String> hyper = new ArrayList<>();
        hyper.add("# rnnslu model: hyper-parameters and preprocessing");
        hyper.add("format_version=" + FORMAT_VERSION);
        hyper.add("task=" + m.task().id());
        hyper.add("ne=" + d.ne());
        hyper.add("de=" + d.de());
        hyper.add("cs=" + d.cs());
        hyper.add("nh=" + d.nh());
        hyper.add("nc=" + d.nc());
        hyper.add("ni=" + d.ni());
        if (d.pool() != Pooling.LAST) {
            hyper.add("intent_pool=" + d.pool().id()); // optional: absent means last (models before it)
        }
        hyper.addAll(architectureLines(d.arch()));
        if (m.trainedWith() != Objective.defaultFor(m.task())) {
            hyper.add("objective=" + m.objective().id()); // optional: absent means the task's default
        }
        if (m.decodedWith() != Decoding.ARGMAX) {
            hyper.add("decode=" + m.decodedWith().id()); // optional: absent means argmax (models before it)
        }
        hyper.addAll(m.vocabulary().preprocessing().toLines());
        org.rnnslu.io.AtomicFiles.writeLines(dir.resolve(HYPER_FILE), hyper);
        org.rnnslu.text.Tokenizer.DEFAULT.save(dir); // tokenizer.properties: how Tagger.analyze reads text
    }

    /**
     * Reads and cross-checks a model folder (ours, or the tutorial's save() plus words/labels). A
     * load while a save replaces the folder returns the model before or after the save, never a
     * mix ({@link FolderSwap#readWhole}: the folder's stamp is read before and after, and a load
     * across a change is retried). When the folder is missing because a save was interrupted, the model that
     * save was replacing is read from beside it, and one line on stderr says so.
     */
    public static Contents load(Path dir) throws IOException {
        return load(dir, System.err::println);
    }

    /** As {@link #load(Path)}, with the line about a recovered model given to {@code notices}. */
    public static Contents load(Path dir, Consumer<String> notices) throws IOException {
        if (ModelZip.isZip(dir)) {
            return ModelZip.read(dir, ModelFolder::loadOnce); // a zip is replaced whole: no save to wait for
        }
        Contents read = FolderSwap.readWhole(dir, ModelFolder::loadOnce);
        if (read != null) {
            return read;
        }
        Path old = FolderSwap.interruptedSave(dir, FolderSwap.Kind.MODEL);
        if (old == null) {
            throw new InputException(dir, 0, "no such model folder");
        }
        Contents c = load(old, notices);
        notices.accept("rnnslu: " + dir + " is missing: a save into it was interrupted; read the model it was"
                + " replacing from " + old + " (train --out " + dir + " puts it back)");
        return c;
    }

    private static Contents loadOnce(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new InputException(dir, 0, Files.exists(dir) ? "not a folder" : "no such model folder");
        }
        Manifest manifest = Manifest.read(dir);
        manifest.verify();
        Path hyperFile = manifest.require(HYPER_FILE);
        Map<String, String> hyper = readHyper(hyperFile);
        Preprocessing pre = hyper == null ? Preprocessing.DEFAULT
                : Preprocessing.parse(TextLines.readAll(hyperFile), hyperFile);
        Task task = Task.SLOTS;
        if (hyper != null && hyper.containsKey("task")) {
            task = Task.parse(hyper.get("task"));
            if (task == null) {
                throw new InputException(dir.resolve(HYPER_FILE), 0, "unknown task '" + hyper.get("task") + "'");
            }
        }
        // the shapes first, from the headers: no data is read until they agree with each other
        Map<Param, Path> files = new EnumMap<>(Param.class);
        Map<Param, int[]> shapes = new EnumMap<>(Param.class);
        boolean joint = Files.exists(manifest.require("wi.npy"));
        Architecture arch = architectureOf(dir.resolve(HYPER_FILE), hyper);
        for (Param p : Param.of(arch, joint)) {
            Path file = manifest.require(paramFile(dir, p).getFileName().toString());
            files.put(p, file);
            shapes.put(p, param(file, () -> Npy.shape(file)));
        }
        Dims dims = dimsOf(dir, shapes, arch);
        if (hyper != null) {
            checkHyper(dir.resolve(HYPER_FILE), hyper, dims);
        }
        if (task == Task.JOINT && !joint || task == Task.SLOTS && joint) {
            throw new InputException(dir.resolve(HYPER_FILE), 0, "task=" + task.id() + (joint ? " but the folder has wi.npy"
                    : " but the folder has no wi.npy"));
        }
        dims = withPool(dir.resolve(HYPER_FILE), hyper, dims, task);
        dims = dims.withArch(arch);
        Params params = new Params(dims);
        for (Param p : params.params()) {
            if (p.ofCrf()) { // a CRF's trans, start, end: read checks them against nc
                shapes.put(p, p.shape(dims));
            }
            Path file = files.get(p);
            NpyArray a = param(file, () -> Npy.read(file, shapes.get(p)));
            Npy.requireFinite(a, paramFile(dir, p));
            System.arraycopy(a.data(), 0, params.get(p), 0, a.data().length);
        }
        Vocabulary vocab = Vocabulary.load(manifest.require(WORDS), pre);
        if (vocab.size() != dims.ne()) {
            throw new InputException(dir.resolve(WORDS), 0, vocab.size() + " words, but embeddings.npy has "
                    + (dims.ne() + 1) + " rows (expected words + 1 padding row)");
        }
        LabelSet labels = LabelSet.load(manifest.require(LABELS));
        if (labels.size() != dims.nc()) {
            throw new InputException(dir.resolve(LABELS), 0, labels.size() + " labels, but w.npy has "
                    + dims.nc() + " classes");
        }
        LabelSet intents = null;
        if (joint) {
            intents = LabelSet.load(manifest.require(INTENTS));
            if (intents.size() != dims.ni()) {
                throw new InputException(dir.resolve(INTENTS), 0, intents.size() + " intents, but wi.npy has "
                        + dims.ni() + " classes");
            }
        }
        return new Contents(params, vocab, labels, intents, task, objectiveOf(dir.resolve(HYPER_FILE), hyper, task),
                decodingOf(dir.resolve(HYPER_FILE), hyper, task));
    }

    /** The optional decode key (absent: argmax, null here); only a model with slot labels may have one. */
    private static Decoding decodingOf(Path file, Map<String, String> hyper, Task task) {
        String v = hyper == null ? null : hyper.get("decode");
        if (v == null) {
            return null;
        }
        Decoding d = Decoding.parse(v);
        if (d == null) {
            throw new InputException(file, 0, "decode=" + v + ": expected argmax or viterbi");
        }
        if (d != Decoding.ARGMAX && !task.hasSlots()) {
            throw new InputException(file, 0, "decode=" + v + " but task=" + task.id() + " has no slot labels");
        }
        return d;
    }

    /** The optional objective key (absent: the task's default, null here). */
    private static Objective objectiveOf(Path file, Map<String, String> hyper, Task task) {
        String v = hyper == null ? null : hyper.get("objective");
        if (v == null) {
            return null;
        }
        Objective o = Objective.parse(v);
        if (o == null) {
            throw new InputException(file, 0, "objective=" + v + ": expected per-word, all-steps or last-step");
        }
        if (task == Task.INTENT && o == Objective.PER_WORD) {
            throw new InputException(file, 0, "objective=per-word but task=intent has one label per sentence");
        }
        return o;
    }

    /** Reads a parameter file (its shape or its array). */
    private interface NpyRead<T> {
        T read() throws IOException;
    }

    /** A read of a parameter file, with a missing, unreadable or non-file parameter an InputException naming it. */
    private static <T> T param(Path file, NpyRead<T> read) throws IOException {
        if (Files.isDirectory(file)) {
            throw new InputException(file, 0, "is a folder, expected a .npy file");
        }
        try {
            return read.read();
        } catch (NoSuchFileException e) {
            throw new InputException(file, 0, "missing: the model folder is incomplete");
        } catch (AccessDeniedException e) {
            throw new InputException(file, 0, "permission denied");
        }
    }

    /** The tutorial wrote lowercase names; older Theano code wrote Wx, Wh, W. Accept either. */
    private static Path paramFile(Path dir, Param param) {
        String name = param.fileName();
        Path p = dir.resolve(name + ".npy");
        if (!Files.exists(p) && name.startsWith("w")) {
            Path upper = dir.resolve("W" + name.substring(1) + ".npy");
            if (Files.exists(upper)) {
                return upper;
            }
        }
        return p;
    }

    /** Derives and cross-checks the dims from the seven shapes, naming the file that disagrees. */
    private static Dims dimsOf(Path dir, Map<Param, int[]> a, Architecture arch) {
        boolean hasWh = arch.recurrence().feedsBackHidden(); // a Jordan network has ws and s0 in place of wh and h0
        int[] emb = shape(dir, a, Param.EMBEDDINGS, 2);
        int[] wx = shape(dir, a, Param.WX, 2);
        int[] w = shape(dir, a, Param.W, 2);
        int[] bh = shape(dir, a, Param.BH, 1);
        int[] b = shape(dir, a, Param.B, 1);
        int ne = emb[0] - 1;
        int de = emb[1];
        if (ne < 1 || de < 1) {
            throw bad(dir, Param.EMBEDDINGS, "shape " + Npy.shapeRepr(emb) + " needs at least 2 rows and 1 column");
        }
        int nh;
        if (!hasWh) {
            nh = wx[1];
            if (nh < 1) {
                throw bad(dir, Param.WX, "shape " + Npy.shapeRepr(wx) + " has no columns");
            }
        } else {
            int[] wh = shape(dir, a, Param.WH, 2);
            nh = wh[0];
            if (wh[1] != nh || nh < 1) {
                throw bad(dir, Param.WH, "shape " + Npy.shapeRepr(wh) + " is not square [nh, nh]");
            }
            if (wx[1] != nh) {
                throw bad(dir, Param.WX, "shape " + Npy.shapeRepr(wx) + " has " + wx[1] + " columns, wh.npy says nh = " + nh);
            }
        }
        if (wx[0] % de != 0 || (wx[0] / de) % 2 == 0) {
            throw bad(dir, Param.WX, "shape " + Npy.shapeRepr(wx) + ": rows must be de * cs with odd cs (de = " + de + ")");
        }
        boolean bi = arch.direction() == Architecture.Direction.BI;
        int read = bi ? 2 * nh : nh; // the output layer reads [h_fwd; h_bwd] when bidirectional
        String nhFrom = (hasWh ? "wh.npy" : "wx.npy") + " says nh = " + nh;
        if (w[0] != read) {
            throw bad(dir, Param.W, "shape " + Npy.shapeRepr(w) + " has " + w[0] + " rows, "
                    + (bi ? "expected 2 * nh = " + read + " (" + nhFrom + ")" : nhFrom));
        }
        int nc = w[1];
        if (nc < 1) {
            throw bad(dir, Param.W, "shape " + Npy.shapeRepr(w) + " has no classes");
        }
        if (bh[0] != nh) {
            throw bad(dir, Param.BH, "shape " + Npy.shapeRepr(bh) + ", expected (" + nh + ",)");
        }
        if (b[0] != nc) {
            throw bad(dir, Param.B, "shape " + Npy.shapeRepr(b) + ", expected (" + nc + ",)");
        }
        if (hasWh) {
            int[] h0 = shape(dir, a, Param.H0, 1);
            if (h0[0] != nh) {
                throw bad(dir, Param.H0, "shape " + Npy.shapeRepr(h0) + ", expected (" + nh + ",)");
            }
        }
        int ni = 0;
        if (a.containsKey(Param.WI)) {
            int[] wi = shape(dir, a, Param.WI, 2);
            int[] bi2 = shape(dir, a, Param.BI, 1);
            if (wi[0] != read || wi[1] < 1) {
                throw bad(dir, Param.WI, "shape " + Npy.shapeRepr(wi) + ", expected (" + read + ", ni) with ni >= 1");
            }
            ni = wi[1];
            if (bi2[0] != ni) {
                throw bad(dir, Param.BI, "shape " + Npy.shapeRepr(bi2) + ", expected (" + ni + ",)");
            }
        }
        Dims d = new Dims(ne, de, wx[0] / de, nh, nc, ni).withArch(arch);
        for (Param p : Param.of(d)) { // the recurrences' own: ws, s0 (Jordan, hybrid), wxb, whb, bhb, h0b (bi)
            int[] expected = p.shape(d);
            if (!java.util.Arrays.equals(a.get(p), expected)) {
                throw bad(dir, p, "shape " + Npy.shapeRepr(a.get(p)) + ", expected " + Npy.shapeRepr(expected));
            }
        }
        return d;
    }

    private static int[] shape(Path dir, Map<Param, int[]> a, Param name, int ndim) {
        int[] s = a.get(name);
        if (s.length != ndim) {
            throw bad(dir, name, "shape " + Npy.shapeRepr(s) + " has " + s.length + " dimensions, expected " + ndim);
        }
        return s;
    }

    private static InputException bad(Path dir, Param name, String reason) {
        return new InputException(paramFile(dir, name), 0, reason);
    }

    private static Map<String, String> readHyper(Path file) throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        Map<String, String> map = new LinkedHashMap<>();
        List<String> lines = TextLines.readAll(file);
        for (KeyValueLines.Entry e : KeyValueLines.parse(lines, file)) {
            map.put(e.key(), e.value());
        }
        String version = map.get("format_version");
        if (version != null && !version.equals(String.valueOf(FORMAT_VERSION))) {
            throw new InputException(file, 0, "format_version " + version + " is not supported (this rnnslu reads "
                    + FORMAT_VERSION + ")");
        }
        return map;
    }

    /** The optional intent_pool key (absent: last); only an intent or joint model may have mean. */
    private static Dims withPool(Path file, Map<String, String> hyper, Dims d, Task task) {
        String v = hyper == null ? null : hyper.get("intent_pool");
        if (v == null) {
            return d;
        }
        Pooling pool = Pooling.parse(v);
        if (pool == null) {
            throw new InputException(file, 0, "intent_pool=" + v + ": expected last, mean or max");
        }
        if (pool != Pooling.LAST && !task.hasIntent()) {
            throw new InputException(file, 0, "intent_pool=" + v + " but task=" + task.id() + " has no intent");
        }
        if (pool == Pooling.MAX && !d.hasIntentHead()) {
            throw new InputException(file, 0, "intent_pool=max but the folder has no intent head (wi.npy)");
        }
        return new Dims(d.ne(), d.de(), d.cs(), d.nh(), d.nc(), d.ni(), pool);
    }

    /** model.txt's architecture keys: only the components that differ from the tutorial's. */
    static List<String> architectureLines(Architecture a) {
        List<String> lines = new ArrayList<>();
        if (a.recurrence() != Architecture.TUTORIAL.recurrence()) {
            lines.add("recurrence=" + a.recurrence().id());
        }
        if (a.direction() != Architecture.TUTORIAL.direction()) {
            lines.add("direction=" + a.direction().id());
        }
        if (a.output() != Architecture.TUTORIAL.output()) {
            lines.add("output=" + a.output().id());
        }
        return lines;
    }

    /** The optional recurrence, direction and output keys; each absent one is the tutorial's. */
    private static Architecture architectureOf(Path file, Map<String, String> hyper) {
        Architecture a = parseArchitecture(file, hyper);
        try {
            org.rnnslu.model.Network.requireSupported(a);
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            throw new InputException(file, 0, e.getMessage());
        }
        return a;
    }

    private static Architecture parseArchitecture(Path file, Map<String, String> hyper) {
        Architecture a = Architecture.TUTORIAL;
        if (hyper == null) {
            return a;
        }
        String r = hyper.get("recurrence");
        if (r != null) {
            Architecture.Recurrence v = Architecture.Recurrence.parse(r);
            if (v == null) {
                throw new InputException(file, 0, "recurrence=" + r + ": expected elman, jordan or hybrid");
            }
            a = a.withRecurrence(v);
        }
        String dir = hyper.get("direction");
        if (dir != null) {
            Architecture.Direction v = Architecture.Direction.parse(dir);
            if (v == null) {
                throw new InputException(file, 0, "direction=" + dir + ": expected forward or bi");
            }
            a = a.withDirection(v);
        }
        String o = hyper.get("output");
        if (o != null) {
            Architecture.Output v = Architecture.Output.parse(o);
            if (v == null) {
                throw new InputException(file, 0, "output=" + o + ": expected softmax or crf");
            }
            a = a.withOutput(v);
        }
        return a;
    }

    private static void checkHyper(Path file, Map<String, String> hyper, Dims d) {
        int[] actual = {d.ne(), d.de(), d.cs(), d.nh(), d.nc(), d.ni()};
        String[] keys = {"ne", "de", "cs", "nh", "nc", "ni"};
        for (int i = 0; i < keys.length; i++) {
            String v = hyper.get(keys[i]);
            if (v != null && !v.equals(String.valueOf(actual[i]))) {
                throw new InputException(file, 0, keys[i] + "=" + v + " but the .npy shapes give " + actual[i]);
            }
        }
    }

    /** Checks every file listed in the folder's MANIFEST (if it has one) against its size and CRC-32. */
    public static void checkManifest(Path dir) throws IOException {
        Manifest.read(dir).verify();
    }
}
