package org.rnnslu.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnslu.cli.Main;
import org.rnnslu.cli.TinyCorpus;
import org.rnnslu.io.Npy;
import org.rnnslu.cli.CliRun;
import org.rnnslu.cli.CliRun.Result;

/**
 * {@code train --resume} against data and checkpoints that changed: other content with the same
 * counts, an old checkpoint without hashes, every field of state.txt hand-edited, a .npy that
 * claims billions of floats. Each is one line naming what differs or what is wrong, exit 2.
 */
class HostileResumeTest {

    @TempDir
    static Path tmp;
    static Path data;
    static Path model;


    static Result run(String... args) {
        return CliRun.run(args);
    }

    static String[] train(Path dataDir, Path out, boolean resume) {
        List<String> a = new ArrayList<>(List.of("train", "--data", dataDir.toString(), "--out", out.toString(), "--nh", "8",
                "--de", "4", "--win", "3", "--seed", "3", "--kernels", "scalar", "--epochs", resume ? "3" : "2"));
        if (resume) {
            a.add("--resume");
        }
        return a.toArray(new String[0]);
    }

    @BeforeAll
    static void interruptedRun() throws IOException {
        data = TinyCorpus.write(tmp.resolve("data"), 5);
        model = tmp.resolve("model");
        Result r = run(train(data, model, false));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(tmp.resolve("model.checkpoint/state.txt")).exists();
    }

    static void assertOneLine(Result r, String... contains) {
        assertThat(r.code()).as("exit code; stderr: %s", r.err()).isEqualTo(2);
        List<String> lines = r.err().lines().toList();
        assertThat(lines).as("stderr").hasSize(1);
        assertThat(lines.get(0)).contains(contains).doesNotContain("Exception").doesNotContain("\tat ");
    }

    /** A copy of the run (model, checkpoint) and of the data, to damage one thing in. */
    static Path[] copyOfRun(String name) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Path m = HostileCliTest.copy(model, dir.resolve("model"));
        HostileCliTest.copy(tmp.resolve("model.checkpoint"), dir.resolve("model.checkpoint"));
        Path d = HostileCliTest.copy(data, dir.resolve("data"));
        return new Path[] {m, d, dir.resolve("model.checkpoint")};
    }

    @Test
    void theSameDataResumes() throws IOException {
        Path[] run = copyOfRun("same");
        Result r = run(train(run[1], run[0], true));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("resuming at epoch 2");
    }

    /** One word changed in a split: same sentence and word counts, another content. */
    @Test
    void changedDataWithTheSameCountsIsRefusedNamingTheSplit() throws IOException {
        for (String split : new String[] {"train", "dev", "test"}) {
            Path[] run = copyOfRun("changed-" + split);
            Path seqIn = run[1].resolve(split).resolve("seq.in");
            List<String> lines = new ArrayList<>(Files.readAllLines(seqIn));
            lines.set(0, lines.get(0).replaceFirst("^\\S+", "zzz"));
            Files.write(seqIn, lines);
            Result r = run(train(run[1], run[0], true));
            assertOneLine(r, "state.txt", split + " data differ");
        }
    }

    @Test
    void anOldCheckpointWithoutHashesIsRefusedSayingWhy() throws IOException {
        Path[] run = copyOfRun("old");
        editState(run[2], s -> s.replace("format_version=2", "format_version=1"));
        assertOneLine(run(train(run[1], run[0], true)), "state.txt", "format_version 1", "without --resume");
    }

    /** Each field of state.txt given a value no run writes: one line naming the field. */
    @Test
    void everyHandEditedFieldIsOneLineNamingIt() throws IOException {
        String[][] edits = {
            {"lr", "NaN"}, {"lr", "-0.1"}, {"lr", "0x1.0p2000"}, {"lr", "fast"},
            {"next_epoch", "-3"}, {"next_epoch", "1.5"}, {"best_epoch", "-7"}, {"best_valid", "Infinity"},
            {"rng_state", "x"}, {"embeddings_normalized", "yes"}, {"train_seconds", "-1"}, {"train_tokens", "-5"},
            {"order", "0 1 2 999999"}, {"order", "0 0 1"}, {"order", "a b"},
        };
        int n = 0;
        for (String[] e : edits) {
            Path[] run = copyOfRun("field-" + n++);
            editState(run[2], s -> s.replaceAll("(?m)^" + e[0] + "=.*$", e[0] + "=" + e[1]));
            Result r = run(train(run[1], run[0], true));
            assertOneLine(r, "state.txt:", e[0] + "=");
        }
        Path[] run = copyOfRun("field-extra");
        editState(run[2], s -> s + "colour=blue\n");
        assertOneLine(run(train(run[1], run[0], true)), "state.txt:", "unknown key colour=");
        run = copyOfRun("field-twice");
        editState(run[2], s -> s + "lr=0.5\n");
        assertOneLine(run(train(run[1], run[0], true)), "state.txt:", "lr= appears twice");
    }

    /** A checkpoint .npy whose header claims 50 million floats (and the file holds them): refused from its header. */
    @Test
    void aLargeClaimedCheckpointArrayIsRefusedFromItsHeader() throws IOException {
        Path[] run = copyOfRun("large");
        Path bh = run[2].resolve("bh.npy");
        int[] shape = Npy.read(bh).shape();
        claim(bh, 50_000_000);
        rewriteManifest(run[2]);
        assertOneLine(run(train(run[1], run[0], true)), "bh.npy", "shape (50000000,), expected " + Npy.shapeRepr(shape));
    }

    /**
     * A model folder (no MANIFEST, as a hand-made one) whose b.npy claims 2 billion floats in a
     * sparse 8 GB file: refused from the headers, before any data is read (no OutOfMemoryError).
     */
    @Test
    void aHugeClaimedModelArrayIsRefusedFromItsHeader() throws IOException {
        Path m = HostileCliTest.copy(model, tmp.resolve("huge-model"));
        int[] shape = Npy.read(m.resolve("b.npy")).shape();
        Files.delete(m.resolve("MANIFEST"));
        claim(m.resolve("b.npy"), 2_000_000_000);
        assertOneLine(run("tag", "--model", m.toString(), "--kernels", "scalar", "flights to boston"), "b.npy",
                "shape (2000000000,), expected " + Npy.shapeRepr(shape));
    }

    /** --threads 1000 runs on the processors there are, and says so in one line. */
    @Test
    void moreThreadsThanProcessorsAreCappedWithANotice() {
        int cores = Runtime.getRuntime().availableProcessors();
        Result r = run("train", "--data", data.toString(), "--out", tmp.resolve("threads").toString(), "--nh", "8", "--de", "4",
                "--win", "3", "--epochs", "1", "--batch", "4", "--threads", "1000", "--kernels", "scalar", "--quiet");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err().lines().toList()).containsExactly(
                "rnnslu train: --threads 1000 capped at the " + cores + " processors of this machine");
    }

    /** A write that fails names the file and the reason, in one line without the exception's class. */
    @Test
    void aFailedWriteNamesTheFileAndTheReason() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(Path.of("/dev/full")), "no /dev/full here");
        Result r = run("eval", "--model", model.toString(), "--data", data.resolve("test").toString(), "--kernels", "scalar",
                "--predictions", "/dev/full");
        assertOneLine(r, "/dev/full: No space left on device");
    }

    /** Rewrites a .npy as a float32 vector of {@code n} elements, sparse: its size matches the claim. */
    static void claim(Path npy, long n) throws IOException {
        byte[] header = v1Header("{'descr': '<f4', 'fortran_order': False, 'shape': (" + n + ",), }");
        try (var f = new java.io.RandomAccessFile(npy.toFile(), "rw")) {
            f.setLength(0);
            f.write(header);
            f.setLength(header.length + 4 * n);
        }
    }

    static void editState(Path checkpoint, UnaryOperator<String> edit) throws IOException {
        Path state = checkpoint.resolve("state.txt");
        Files.writeString(state, edit.apply(Files.readString(state)));
        rewriteManifest(checkpoint); // the MANIFEST would refuse the edit: an editor who knows the format
    }

    /** MANIFEST lines "name size crc32" for the folder's files as they are now. */
    static void rewriteManifest(Path dir) throws IOException {
        List<String> lines = new ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                String name = f.getFileName().toString();
                if (!name.equals("MANIFEST") && Files.isRegularFile(f)) {
                    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                    crc.update(Files.readAllBytes(f));
                    lines.add(name + " " + Files.size(f) + " " + Long.toHexString(crc.getValue()));
                }
            }
        }
        Files.write(dir.resolve("MANIFEST"), lines);
    }

    /** A version 1.0 .npy header holding this dict. */
    static byte[] v1Header(String dict) {
        byte[] h = dict.getBytes(StandardCharsets.ISO_8859_1);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(10 + h.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) h.length).put(h);
        return b.array();
    }
}
