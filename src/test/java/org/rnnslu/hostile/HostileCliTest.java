package org.rnnslu.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnslu.cli.Main;
import org.rnnslu.data.LabelSet;
import org.rnnslu.data.Preprocessing;
import org.rnnslu.data.Vocabulary;
import org.rnnslu.store.ModelFolder;
import org.rnnslu.model.Dims;
import org.rnnslu.model.Params;
import org.rnnslu.model.Task;

/**
 * Bad input at the command line: exit code 2, exactly one line on stderr that names the file and
 * holds no stack trace; {@code train} with bad data leaves the model already in --out untouched.
 */
class HostileCliTest {

    @TempDir
    static Path tmp;
    static Path model;
    static Path data;

    record Result(int code, String out, String err) {}

    static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> Main.run(args,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @BeforeAll
    static void setUp() throws IOException {
        Vocabulary vocab = Vocabulary.of(List.of("<UNK>", "to", "boston", "DIGIT", "from", "denver", "flights"),
                Preprocessing.DEFAULT);
        LabelSet labels = LabelSet.of(List.of("B-fromloc.city_name", "B-toloc.city_name", "O"));
        model = tmp.resolve("model");
        ModelFolder.save(model, new ModelFolder.Contents(Params.initialise(new Dims(7, 4, 3, 6, 3), 5), vocab, labels,
                Task.SLOTS));
        data = tmp.resolve("data");
        for (String split : new String[] {"train", "dev", "test"}) {
            Path d = Files.createDirectories(data.resolve(split));
            Files.writeString(d.resolve("seq.in"), HostileReadersTest.SEQ_IN);
            Files.writeString(d.resolve("seq.out"), HostileReadersTest.SEQ_OUT);
            Files.writeString(d.resolve("label"), HostileReadersTest.LABEL);
        }
    }

    static Path copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(from)) {
            for (Path f : ds) {
                if (Files.isDirectory(f)) {
                    copy(f, to.resolve(f.getFileName().toString()));
                } else {
                    Files.copy(f, to.resolve(f.getFileName().toString()));
                }
            }
        }
        return to;
    }

    static Map<String, byte[]> snapshot(Path dir) throws IOException {
        Map<String, byte[]> m = new TreeMap<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path f : ds) {
                m.put(f.getFileName().toString(), Files.readAllBytes(f));
            }
        }
        return m;
    }

    static List<String> siblings(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir.getParent())) {
            ds.forEach(p -> out.add(p.getFileName().toString()));
        }
        out.sort(null);
        return out;
    }

    /** Exit 2, one stderr line naming {@code named}, no stack trace. */
    static void assertBadInput(Result r, String named) {
        assertThat(r.code()).as("exit code; stderr: %s", r.err()).isEqualTo(2);
        List<String> lines = r.err().lines().toList();
        assertThat(lines).as("stderr").hasSize(1);
        assertThat(lines.get(0)).contains(named).doesNotContain("Exception").doesNotContain("\tat ");
    }

    /** Bad model folders for each model-reading command. */
    @Test
    void badModelFolders() throws IOException {
        record Bad(String name, String named, java.util.function.Consumer<Path> damage) {}
        List<Bad> bads = List.of(
                new Bad("wx.npy truncated", "wx.npy", m -> write(m.resolve("wx.npy"), new byte[] {(byte) 0x93, 'N'})),
                new Bad("wx.npy missing", "wx.npy", m -> delete(m.resolve("wx.npy"))),
                new Bad("wx.npy is a folder", "wx.npy", m -> {
                    delete(m.resolve("wx.npy"));
                    mkdir(m.resolve("wx.npy"));
                }),
                new Bad("h0.npy NaN (no MANIFEST)", "h0.npy", m -> {
                    delete(m.resolve("MANIFEST"));
                    try {
                        org.rnnslu.io.Npy.write(m.resolve("h0.npy"), new float[] {0, 0, 0, Float.NaN, 0, 0}, 6);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }),
                new Bad("words.txt not UTF-8 (no MANIFEST)", "words.txt", m -> {
                    delete(m.resolve("MANIFEST"));
                    write(m.resolve("words.txt"), new byte[] {'<', 'U', 'N', 'K', '>', '\n', (byte) 0xFF, '\n'});
                }),
                new Bad("model.txt garbage (no MANIFEST)", "model.txt", m -> {
                    delete(m.resolve("MANIFEST"));
                    write(m.resolve("model.txt"), new byte[] {0, 1, 2, '\n'});
                }),
                new Bad("MANIFEST empty", "MANIFEST", m -> write(m.resolve("MANIFEST"), new byte[0])),
                new Bad("labels.txt changed", "labels.txt", m -> write(m.resolve("labels.txt"), "O\n".getBytes())),
                new Bad("model folder missing", "nowhere", m -> { }),
                new Bad("model is a file", "model-file", m -> {}));
        int n = 0;
        for (Bad bad : bads) {
            for (String[] cmd : new String[][] {
                {"tag", "--model", null, "flights from boston"},
                {"eval", "--model", null, "--data", data.resolve("test").toString()},
                {"trace", "--model", null, "--words", "flights from boston"},
                {"neighbors", "--model", null, "boston"},
            }) {
                Path m = tmp.resolve("bad" + n++);
                Path target;
                if (bad.name().equals("model folder missing")) {
                    target = m.resolve("nowhere");
                } else if (bad.name().equals("model is a file")) {
                    Files.createDirectories(m);
                    target = Files.writeString(m.resolve("model-file"), "x");
                } else {
                    target = copy(model, m.resolve("model"));
                    bad.damage().accept(target);
                }
                cmd[2] = target.toString();
                Result r = run(cmd);
                assertBadInput(r, bad.named());
            }
        }
        System.out.println("HOSTILE CLI bad model folders: " + n + " cases (tag, eval, trace, neighbors), all exit 2");
    }

    @Test
    void badDataForEvalAndTrain() throws IOException {
        // eval: bad data
        Path bad = copy(data.resolve("test"), tmp.resolve("evaldata"));
        Files.writeString(bad.resolve("seq.out"), "O O\n");
        assertBadInput(run("eval", "--model", model.toString(), "--data", bad.toString()), "seq.out");
        assertBadInput(run("eval", "--model", model.toString(), "--data", tmp.resolve("missing").toString()), "missing");

        // train: bad data, --out holding a model is untouched
        int n = 0;
        List<String[]> damages = List.of(
                new String[] {"train/seq.out", "O O O\n"},
                new String[] {"dev/seq.in", "\u0000\u0001\n\n\nx\n"},
                new String[] {"test/label", ""},
                new String[] {"train/seq.in", "caf\u00e9"});
        for (String[] dmg : damages) {
            Path d = copy(data, tmp.resolve("traindata" + n));
            Path f = d.resolve(dmg[0]);
            if (dmg[1].contains("\u00e9")) {
                Files.write(f, new byte[] {'c', 'a', 'f', (byte) 0xE9, '\n'});
            } else {
                Files.writeString(f, dmg[1]);
            }
            Path out = copy(model, tmp.resolve("out" + n).resolve("model"));
            Map<String, byte[]> before = snapshot(out);
            List<String> siblingsBefore = siblings(out);
            Result r = run("train", "--data", d.toString(), "--out", out.toString(), "--epochs", "1", "--nh", "4",
                    "--de", "4", "--quiet");
            assertBadInput(r, f.getFileName().toString());
            assertThat(r.err()).contains(f.toString());
            Map<String, byte[]> after = snapshot(out);
            assertThat(after.keySet()).isEqualTo(before.keySet());
            for (String k : before.keySet()) {
                assertThat(after.get(k)).as(k).isEqualTo(before.get(k));
            }
            assertThat(siblings(out)).as("no temporary folders left").isEqualTo(siblingsBefore);
            n++;
        }
        // train: a missing data folder, a file where the data folder should be, a split folder as a file
        Path out = copy(model, tmp.resolve("outX").resolve("model"));
        Map<String, byte[]> before = snapshot(out);
        assertBadInput(run("train", "--data", tmp.resolve("nodata").toString(), "--out", out.toString()), "nodata");
        Path file = Files.writeString(tmp.resolve("datafile"), "x");
        assertBadInput(run("train", "--data", file.toString(), "--out", out.toString()), "datafile");
        Path d = copy(data, tmp.resolve("traindataDir"));
        Hostile.deleteTree(d.resolve("dev/seq.in"));
        Files.createDirectories(d.resolve("dev/seq.in"));
        assertBadInput(run("train", "--data", d.toString(), "--out", out.toString()), "seq.in");
        Map<String, byte[]> after = snapshot(out);
        assertThat(after.keySet()).isEqualTo(before.keySet());
        for (String k : before.keySet()) {
            assertThat(after.get(k)).as(k).isEqualTo(before.get(k));
        }
        System.out.println("HOSTILE CLI bad data: " + (n + 5) + " cases (eval, train), all exit 2, --out untouched");
    }

    @Test
    void unreadableFile() throws IOException {
        Path m = copy(model, tmp.resolve("unreadable"));
        Path f = m.resolve("labels.txt");
        try {
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("---------"));
        } catch (UnsupportedOperationException e) {
            Assumptions.abort("no POSIX permissions");
        }
        Assumptions.assumeFalse(Files.isReadable(f), "running as root: permissions do not stop reading");
        Files.delete(m.resolve("MANIFEST"));
        assertBadInput(run("tag", "--model", m.toString(), "boston"), "labels.txt");
    }

    static void write(Path p, byte[] b) {
        try {
            Files.write(p, b);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static void delete(Path p) {
        try {
            Files.delete(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static void mkdir(Path p) {
        try {
            Files.createDirectories(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
