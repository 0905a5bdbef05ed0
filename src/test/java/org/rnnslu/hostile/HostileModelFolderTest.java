package org.rnnslu.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rnnslu.hostile.Hostile.utf8;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.rnnslu.data.LabelSet;
import org.rnnslu.data.Preprocessing;
import org.rnnslu.data.Vocabulary;
import org.rnnslu.hostile.Hostile.Case;
import org.rnnslu.hostile.Hostile.Setup;
import org.rnnslu.hostile.Hostile.Variant;
import org.rnnslu.store.ModelFolder;
import org.rnnslu.model.Dims;
import org.rnnslu.model.Params;
import org.rnnslu.model.Task;

/**
 * Generated hostile model folders: every .npy replaced by a wrong dtype, a wrong shape, Fortran
 * order, a bad version, a header claiming more data than the file, NaN or Inf values, or truncated
 * at every byte; model.txt, MANIFEST, words.txt and labels.txt mangled. {@link ModelFolder#load}
 * must give the model or an InputException naming the file, with allocation bounded by the
 * folder's size.
 */
class HostileModelFolderTest {

    @TempDir
    static Path tmp;
    static Path template;
    static ModelFolder.Contents valid;
    static Path work;
    static final java.util.Set<String> DIRTY = new java.util.TreeSet<>();

    static final Dims DIMS = new Dims(6, 3, 3, 4, 3);

    static final BiConsumer<Object, Object> SAME_MODEL = (a, b) -> {
        ModelFolder.Contents x = (ModelFolder.Contents) a;
        ModelFolder.Contents y = (ModelFolder.Contents) b;
        assertThat(x.params().dims).isEqualTo(y.params().dims);
        for (String name : Params.NAMES) {
            assertThat(x.params().byName(name)).as(name).containsExactly(y.params().byName(name));
        }
        assertThat(x.vocabulary().words()).isEqualTo(y.vocabulary().words());
        assertThat(x.vocabulary().preprocessing()).isEqualTo(y.vocabulary().preprocessing());
        assertThat(x.labels().labels()).isEqualTo(y.labels().labels());
        assertThat(x.task()).isEqualTo(y.task());
    };

    @BeforeAll
    static void saveTemplate() throws IOException {
        Vocabulary vocab = Vocabulary.of(List.of("<UNK>", "to", "boston", "DIGIT", "from", "denver"),
                new Preprocessing(true, 1, false));
        LabelSet labels = LabelSet.of(List.of("B-fromloc.city_name", "B-toloc.city_name", "O"));
        template = tmp.resolve("template");
        ModelFolder.save(template, new ModelFolder.Contents(Params.initialise(DIMS, 9), vocab, labels, Task.SLOTS));
        valid = ModelFolder.load(template);
        work = Files.createDirectories(tmp.resolve("work"));
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(template)) {
            for (Path f : ds) {
                Files.copy(f, work.resolve(f.getFileName().toString()));
            }
        }
    }

    /**
     * The shared working copy of the template, with the files the previous case changed restored
     * (copying ten files per case would dominate the run time).
     */
    static Path fresh() throws IOException {
        for (String n : DIRTY) {
            Hostile.deleteTree(work.resolve(n));
            if (Files.exists(template.resolve(n))) {
                Files.copy(template.resolve(n), work.resolve(n));
            }
        }
        DIRTY.clear();
        return work;
    }

    /** Marks a file of the working copy as changed by this case. */
    static Path dirty(String name) {
        DIRTY.add(name);
        return work.resolve(name);
    }

    /** The working copy with the manifest kept or removed, then one file replaced (or removed: null). */
    static Path model(Path d, boolean manifest, String file, byte[] bytes) throws IOException {
        Path m = fresh();
        if (!manifest) {
            Files.delete(dirty(ModelFolder.MANIFEST));
        }
        if (file != null) {
            Files.deleteIfExists(dirty(file));
            if (bytes != null) {
                Files.write(m.resolve(file), bytes);
            }
        }
        return m;
    }

    static byte[] templateBytes(String file) throws IOException {
        return Files.readAllBytes(template.resolve(file));
    }

    @TestFactory
    Stream<DynamicTest> modelFolders() throws IOException {
        return Stream.of(npyFiles(), modelTxt(), manifest(), folderTextFiles());
    }

    // ----------------------------------------------------------------------------- .npy files

    /** A .npy file: magic, version, header length, the header dict padded to 64 bytes, then data. */
    static byte[] npy(int major, int minor, String dict, byte[] data) {
        int prefix = major == 1 ? 10 : 12;
        StringBuilder h = new StringBuilder(dict);
        while ((prefix + h.length() + 1) % 64 != 0) {
            h.append(' ');
        }
        h.append('\n');
        byte[] header = h.toString().getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(prefix + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, (byte) minor});
        if (major == 1) {
            b.putShort((short) header.length);
        } else {
            b.putInt(header.length);
        }
        b.put(header).put(data);
        return b.array();
    }

    static String dict(String descr, boolean fortran, int... shape) {
        String s = Arrays.toString(shape).replace('[', '(').replace(']', ')');
        if (shape.length == 1) {
            s = "(" + shape[0] + ",)";
        }
        return "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': " + s + ", }";
    }

    static byte[] f4(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) {
            b.putFloat(x);
        }
        return b.array();
    }

    static byte[] f8(double[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (double x : v) {
            b.putDouble(x);
        }
        return b.array();
    }

    private DynamicTest npyFiles() throws IOException {
        List<Case> cases = new ArrayList<>();
        for (String name : Params.NAMES) {
            String file = name + ".npy";
            byte[] ok = templateBytes(file);
            float[] data = valid.params().byName(name);
            int[] shape = Params.shapeOf(DIMS, name);
            // truncated at every byte, without a MANIFEST (the .npy reader must notice) and with one
            for (int k = 0; k < ok.length; k++) {
                byte[] cut = Arrays.copyOf(ok, k);
                cases.add(Case.fails(file + " truncated at byte " + k, d -> model(d, false, file, cut)));
                if (k % 8 == 0) {
                    cases.add(Case.fails(file + " truncated at byte " + k + " (MANIFEST kept)", d -> model(d, true, file, cut)));
                }
            }
            List<Variant> v = new ArrayList<>();
            for (String descr : new String[] {"<i4", ">f4", "<f2", "|u1", "<c8", "|O", "<U1", "|b1", "f4", "<f16"}) {
                int item = descr.equals("<f2") ? 2 : descr.equals("|u1") || descr.equals("|b1") ? 1
                        : descr.equals("<c8") ? 8 : descr.equals("<f16") ? 16 : 4;
                v.add(new Variant("dtype " + descr, npy(1, 0, dict(descr, false, shape), new byte[data.length * item]),
                        Hostile.Kind.FAILS));
            }
            v.add(new Variant("fortran order", npy(1, 0, dict("<f4", true, shape), f4(data)), Hostile.Kind.FAILS));
            int[] flat = {data.length};
            if (shape.length == 2) {
                v.add(new Variant("flattened", npy(1, 0, dict("<f4", false, flat), f4(data)), Hostile.Kind.FAILS));
                if (shape[0] != shape[1]) {
                    v.add(new Variant("transposed", npy(1, 0, dict("<f4", false, shape[1], shape[0]), f4(data)),
                            Hostile.Kind.FAILS));
                }
                float[] fewer = Arrays.copyOf(data, (shape[0] - 1) * shape[1]);
                v.add(new Variant("one row fewer", npy(1, 0, dict("<f4", false, shape[0] - 1, shape[1]), f4(fewer)),
                        Hostile.Kind.FAILS));
            } else {
                v.add(new Variant("as a column", npy(1, 0, dict("<f4", false, shape[0], 1), f4(data)), Hostile.Kind.FAILS));
                float[] more = Arrays.copyOf(data, data.length + 1);
                v.add(new Variant("one element more", npy(1, 0, dict("<f4", false, shape[0] + 1), f4(more)),
                        Hostile.Kind.FAILS));
            }
            v.add(new Variant("extra leading axis", npy(1, 0, "{'descr': '<f4', 'fortran_order': False, 'shape': (1, "
                    + Arrays.toString(shape).replaceAll("[\\[\\]]", "") + "), }", f4(data)), Hostile.Kind.FAILS));
            v.add(new Variant("0-d scalar", npy(1, 0, "{'descr': '<f4', 'fortran_order': False, 'shape': (), }",
                    f4(new float[] {1f})), Hostile.Kind.FAILS));
            v.add(new Variant("zero-size", npy(1, 0, "{'descr': '<f4', 'fortran_order': False, 'shape': (0, "
                    + shape[shape.length - 1] + "), }", new byte[0]), Hostile.Kind.FAILS));
            for (int[] ver : new int[][] {{0, 0}, {4, 0}, {1, 1}, {255, 255}, {2, 1}}) {
                v.add(new Variant("version " + ver[0] + "." + ver[1], npy(ver[0] == 1 ? 1 : 2, 0, dict("<f4", false, shape),
                        f4(data)), Hostile.Kind.FAILS));
                byte[] b = v.get(v.size() - 1).bytes();
                b[6] = (byte) ver[0];
                b[7] = (byte) ver[1];
            }
            v.add(new Variant("version 2.0", npy(2, 0, dict("<f4", false, shape), f4(data)), Hostile.Kind.SAME));
            v.add(new Variant("version 3.0", npy(3, 0, dict("<f4", false, shape), f4(data)), Hostile.Kind.SAME));
            double[] wide = new double[data.length];
            for (int i = 0; i < wide.length; i++) {
                wide[i] = data[i];
            }
            v.add(new Variant("float64", npy(1, 0, dict("<f8", false, shape), f8(wide)), Hostile.Kind.SAME));
            double[] huge = wide.clone();
            huge[huge.length - 1] = 1e300;
            v.add(new Variant("float64 beyond float32", npy(1, 0, dict("<f8", false, shape), f8(huge)), Hostile.Kind.FAILS));
            for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
                for (int at : new int[] {0, data.length - 1}) {
                    float[] b = data.clone();
                    b[at] = bad;
                    v.add(new Variant(bad + " at " + at, npy(1, 0, dict("<f4", false, shape), f4(b)), Hostile.Kind.FAILS));
                }
            }
            for (String claim : new String[] {"(100000, 100000)", "(2147483639,)", "(9223372036854775807,)",
                    "(99999999999999999999999,)", "(65536, 65536, 65536)", "(-1, 5)"}) {
                v.add(new Variant("header claims shape " + claim, npy(1, 0,
                        "{'descr': '<f4', 'fortran_order': False, 'shape': " + claim + ", }", f4(data)), Hostile.Kind.FAILS));
            }
            byte[] longHeader = ok.clone();
            longHeader[8] = (byte) 0xFF;
            longHeader[9] = (byte) 0xFF;
            v.add(new Variant("header length beyond the file", longHeader, Hostile.Kind.FAILS));
            byte[] v2huge = npy(2, 0, dict("<f4", false, shape), f4(data));
            v2huge[8] = v2huge[9] = v2huge[10] = (byte) 0xFF;
            v2huge[11] = (byte) 0x7F;
            v.add(new Variant("v2 header length 2 GiB", v2huge, Hostile.Kind.FAILS));
            v.add(new Variant("trailing bytes", Hostile.concat(ok, new byte[] {1, 2, 3, 4}), Hostile.Kind.FAILS));
            v.add(new Variant("empty file", new byte[0], Hostile.Kind.FAILS));
            v.add(new Variant("unknown header key", npy(1, 0, "{'descr': '<f4', 'fortran_order': False, 'shape': ("
                    + shape[0] + (shape.length == 2 ? ", " + shape[1] : ",") + "), 'x': 1}", f4(data)), Hostile.Kind.FAILS));
            v.add(new Variant("deeply nested header", npy(1, 0, "{'descr': " + "(".repeat(5000) + ")".repeat(5000) + "}",
                    f4(data)), Hostile.Kind.FAILS));
            v.add(new Variant("unterminated header", npy(1, 0, "{'descr': '<f4", f4(data)), Hostile.Kind.FAILS));
            SplittableRandom rng = new SplittableRandom(name.hashCode());
            for (int i = 0; i < 10; i++) {
                byte[] b = new byte[rng.nextInt(1, 3000)];
                for (int j = 0; j < b.length; j++) {
                    b[j] = (byte) rng.nextInt(256);
                }
                if (i % 2 == 0 && b.length > 10) {
                    System.arraycopy(ok, 0, b, 0, 10); // a valid prefix, random header
                }
                v.add(new Variant("random bytes #" + i, b, Hostile.Kind.FAILS));
            }
            for (Variant x : v) {
                cases.add(Hostile.caseOf(file, x, d -> model(d, false, file, x.bytes()), valid, SAME_MODEL));
            }
            cases.add(Case.fails(file + " missing", d -> model(d, false, file, null)));
            cases.add(Case.fails(file + " missing (MANIFEST kept)", d -> model(d, true, file, null)));
            cases.add(Case.fails(file + " is a folder", d -> {
                Path m = model(d, false, file, null);
                Files.createDirectories(dirty(file));
                return m;
            }));
            if (name.startsWith("w")) {
                String upper = "W" + file.substring(1);
                cases.add(Case.gives(upper + " (Theano's capital name)", d -> {
                    Path m = model(d, false, file, null);
                    Files.write(dirty(upper), ok);
                    return m;
                }, r -> SAME_MODEL.accept(r, valid)));
            }
        }
        cases.add(Case.fails("folder missing", d -> d.resolve("model")));
        cases.add(Case.fails("a file, not a folder", d -> Files.write(Files.createDirectories(d).resolve("model"), utf8("x"))));
        cases.add(Case.fails("empty folder", d -> Files.createDirectories(d.resolve("model"))));
        return Hostile.test("ModelFolder.load (.npy files)", tmp, cases, ModelFolder::load);
    }

    // ------------------------------------------------------------------------------- model.txt

    private DynamicTest modelTxt() throws IOException {
        byte[] ok = templateBytes(ModelFolder.HYPER_FILE);
        String text = new String(ok, StandardCharsets.UTF_8);
        List<Case> cases = new ArrayList<>();
        for (Variant v : Hostile.textVariants(ok, 71)) {
            cases.add(Hostile.caseOf("model.txt", v, d -> model(d, false, ModelFolder.HYPER_FILE, v.bytes()), valid,
                    SAME_MODEL));
        }
        String[][] edits = {
            {"format_version=1", "format_version=2"}, {"format_version=1", "format_version=x"},
            {"task=slots", "task=bogus"}, {"task=slots", "task="}, {"ne=6", "ne=7"}, {"nh=4", "nh=99999999999999"},
            {"de=3", "de=-3"}, {"cs=3", "cs=5"}, {"nc=3", "nc=abc"}, {"digits=true", "digits=yes"},
            {"min_count=1", "min_count=0"}, {"min_count=1", "min_count=abc"}, {"min_count=1", "min_count=99999999999"},
            {"lowercase=false", ""}, {"digits=true", "digits=true\ndigits=false"}, {"nh=4", "nh 4"},
            {"nh=4", "nh=4=4"}, {"nh=4", "nh=4\nnh=5"},
        };
        for (String[] e : edits) {
            String changed = text.replace(e[0], e[1]);
            cases.add(Case.fails("model.txt: " + e[0] + " -> " + e[1].replace("\n", "\\n"),
                    d -> model(d, false, ModelFolder.HYPER_FILE, utf8(changed))));
        }
        cases.add(Case.gives("model.txt missing (a tutorial folder)", d -> model(d, false, ModelFolder.HYPER_FILE, null),
                r -> assertThat(((ModelFolder.Contents) r).params().dims).isEqualTo(DIMS)));
        cases.add(Case.gives("model.txt with comments and blank lines", d -> model(d, false, ModelFolder.HYPER_FILE,
                utf8("# hello\n\n" + text.replace("\n", "\n\n  # x\n"))), r -> SAME_MODEL.accept(r, valid)));
        cases.add(Case.fails("model.txt is a folder", d -> {
            Path m = model(d, false, ModelFolder.HYPER_FILE, null);
            Files.createDirectories(dirty(ModelFolder.HYPER_FILE));
            return m;
        }));
        cases.add(Case.fails("model.txt changed, MANIFEST kept", d -> model(d, true, ModelFolder.HYPER_FILE,
                utf8(text.replace("nh=4", "nh=4 ")))));
        return Hostile.test("ModelFolder.load (model.txt)", tmp, cases, ModelFolder::load);
    }

    // -------------------------------------------------------------------------------- MANIFEST

    private DynamicTest manifest() throws IOException {
        byte[] ok = templateBytes(ModelFolder.MANIFEST);
        String text = new String(ok, StandardCharsets.UTF_8);
        List<Case> cases = new ArrayList<>();
        for (Variant v : Hostile.textVariants(ok, 81)) {
            cases.add(Hostile.caseOf("MANIFEST", v, d -> model(d, true, ModelFolder.MANIFEST, v.bytes()), valid, SAME_MODEL));
        }
        String first = text.substring(0, text.indexOf('\n'));
        String[] f = first.split(" ");
        String[] lines = {
            "../template/" + f[0] + " " + f[1] + " " + f[2], "/etc/passwd 1 0", "nul\0name 1 0", ". 0 0", ".. 0 0",
            f[0] + " " + (Long.parseLong(f[1]) + 1) + " " + f[2], f[0] + " " + f[1] + " 0", f[0] + " -1 " + f[2],
            f[0] + " 99999999999999999999999 " + f[2], f[0] + " " + f[1], f[0] + "  " + f[1] + " " + f[2],
            "missing.npy 10 abc", "model 0 0", "MANIFEST 0 0", "\u00e9\u00e8 1 2", "a\tb c",
        };
        for (String line : lines) {
            String changed = text + line + "\n";
            cases.add(Case.fails("MANIFEST line " + line.replace("\0", "\\0"), d -> model(d, true, ModelFolder.MANIFEST,
                    utf8(changed))));
        }
        cases.add(Case.any("MANIFEST with a blank line at the end", d -> model(d, true, ModelFolder.MANIFEST,
                utf8(text + "\n"))));
        cases.add(Case.fails("listed file is a folder", d -> {
            Path m = model(d, true, null, null);
            Files.delete(dirty(f[0]));
            Files.createDirectories(m.resolve(f[0]));
            return m;
        }));
        cases.add(Case.fails("MANIFEST is a folder", d -> {
            Path m = model(d, true, ModelFolder.MANIFEST, null);
            Files.createDirectories(dirty(ModelFolder.MANIFEST));
            return m;
        }));
        return Hostile.test("ModelFolder.load (MANIFEST)", tmp, cases, ModelFolder::load);
    }

    // -------------------------------------------------------- words.txt / labels.txt in a folder

    private DynamicTest folderTextFiles() throws IOException {
        List<Case> cases = new ArrayList<>();
        for (String file : new String[] {ModelFolder.WORDS, ModelFolder.LABELS}) {
            byte[] ok = templateBytes(file);
            for (Variant v : Hostile.textVariants(ok, file.hashCode())) {
                cases.add(Hostile.caseOf(file, v, d -> model(d, false, file, v.bytes()), valid, SAME_MODEL));
            }
            cases.add(Case.fails(file + " one entry more", d -> model(d, false, file,
                    Hostile.concat(ok, utf8("zzz\n")))));
            cases.add(Case.fails(file + " changed, MANIFEST kept", d -> model(d, true, file,
                    Hostile.concat(ok, utf8("zzz\n")))));
            cases.add(Case.fails(file + " missing", d -> model(d, false, file, null)));
        }
        return Hostile.test("ModelFolder.load (words.txt, labels.txt)", tmp, cases, ModelFolder::load);
    }
}
