package org.rnnslu.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnslu.cli.Main;
import org.rnnslu.cli.TinyCorpus;
import org.rnnslu.cli.CardFiles;
import org.rnnslu.io.FolderSwap;
import org.rnnslu.cli.CliRun;
import org.rnnslu.cli.CliRun.Result;
import org.rnnslu.datagen.GenerateData;
import org.rnnslu.store.ModelFolder;

/**
 * The commands on folders that are not theirs, or that another run holds: train's lock on --out,
 * generate-data over a hand-made corpus, --out a folder that merely holds words.txt, a kill at each
 * step of a save followed by --resume, --predictions into a device or a FIFO.
 */
class HostileFoldersCliTest {

    @TempDir
    Path tmp;


    static Result run(String... args) {
        return CliRun.run(args);
    }

    /** The tools jar's {@code generate-data} ({@link GenerateData}), as {@link #run} runs rnnslu's commands. */
    static Result generateData(String... args) {
        return CliRun.run(GenerateData::run, args);
    }

    static String[] train(Path data, Path out, String... more) {
        List<String> a = new ArrayList<>(List.of("train", "--data", data.toString(), "--out", out.toString(), "--nh", "8",
                "--de", "4", "--win", "3", "--threads", "1", "--kernels", "scalar", "--quiet"));
        a.addAll(List.of(more));
        return a.toArray(new String[0]);
    }

    @AfterEach
    void noHook() {
        FolderSwap.onStep(null);
    }

    // ------------------------------------------------------------------------------------ lock

    /** Two runs started together on one --out: one trains, the other gets one line naming the holder. */
    @Test
    void aSecondTrainOnTheSameOutFailsNamingTheFirst() throws Exception {
        Path data = TinyCorpus.write(tmp.resolve("data"), 3);
        Path out = tmp.resolve("model");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Result>> runs = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                runs.add(pool.submit(() -> {
                    go.await();
                    return run(train(data, out, "--epochs", "40", "--decay", "false"));
                }));
            }
            go.countDown();
            Result a = runs.get(0).get(300, TimeUnit.SECONDS);
            Result b = runs.get(1).get(300, TimeUnit.SECONDS);
            Result lost = a.code() == 0 ? b : a;
            assertThat(List.of(a.code(), b.code())).as("exit codes").containsExactlyInAnyOrder(0, 2);
            assertThat(lost.err().lines().toList()).hasSize(1);
            assertThat(lost.err()).contains("in use by another train run")
                    .contains("pid " + ProcessHandle.current().pid()).contains("started 20");
        } finally {
            pool.shutdownNow();
        }
        assertThat(tmp.resolve("model.lock")).as("released and removed at the end").doesNotExist();
        assertThat(run(train(data, out, "--epochs", "1")).code()).isZero();
    }

    @Test
    void theLockIsReleasedWhenTheRunFailsAndWhenItIsKilled() throws Exception {
        Path data = TinyCorpus.write(tmp.resolve("data"), 4);
        Path out = tmp.resolve("model");
        Result bad = run(train(tmp.resolve("no-data"), out, "--epochs", "1"));
        assertThat(bad.code()).isEqualTo(2);
        assertThat(tmp.resolve("model.lock")).doesNotExist();

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(withArgs(java, train(data, out, "--epochs", "100000", "--decay", "false")))
                .redirectErrorStream(true).redirectOutput(tmp.resolve("child.txt").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(tmp.resolve("model.checkpoint")) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            Result second = run(train(data, out, "--epochs", "1"));
            assertThat(second.code()).isEqualTo(2);
            assertThat(second.err()).contains("in use by another train run (pid " + p.pid());
        } finally {
            p.destroyForcibly(); // kill -9: no finally block, no shutdown hook
            p.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(tmp.resolve("model.lock")).as("a killed run leaves its holder line").isNotEmptyFile();
        Result after = run(train(data, out, "--epochs", "1"));
        assertThat(after.code()).as(after.err()).isZero();
    }

    private static List<String> withArgs(String java, String[] args) {
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", Path.of("target", "classes").toAbsolutePath().toString(),
                "org.rnnslu.cli.Main"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    // ------------------------------------------------------------------------ not our folders

    @Test
    void trainDoesNotReplaceAFolderThatMerelyHoldsWordsTxt() throws Exception {
        Path data = TinyCorpus.write(tmp.resolve("data"), 5);
        Path out = Files.createDirectories(tmp.resolve("notes"));
        Files.writeString(out.resolve("words.txt"), "my word list\n");
        Files.writeString(out.resolve("diary.txt"), "dear diary\n");
        Result r = run(train(data, out, "--epochs", "2"));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().lines().toList()).hasSize(1);
        assertThat(r.err()).contains("no .rnnslu marker");
        assertThat(out.resolve("words.txt")).hasContent("my word list");
        assertThat(out.resolve("diary.txt")).hasContent("dear diary");
    }

    @Test
    void generateDataDoesNotOverwriteAHandMadeCorpus() throws Exception {
        Path corpus = TinyCorpus.write(tmp.resolve("corpus"), 6);
        byte[] before = Files.readAllBytes(corpus.resolve("train/seq.in"));
        Result r = generateData("--out", corpus.toString(), "--train", "5", "--dev", "2", "--test", "2");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("no .rnnslu marker");
        assertThat(Files.readAllBytes(corpus.resolve("train/seq.in"))).isEqualTo(before);
        Path fresh = tmp.resolve("fresh");
        assertThat(generateData("--out", fresh.toString(), "--train", "5", "--dev", "2", "--test", "2").code()).isZero();
        assertThat(generateData("--out", fresh.toString(), "--train", "6", "--dev", "2", "--test", "2").code())
                .as("its own output it rewrites").isZero();
        assertThat(Files.readAllLines(fresh.resolve("train/seq.in"))).hasSize(6);
    }

    // -------------------------------------------------------------------- a kill in each step

    /**
     * A kill at each step of a model save and of a checkpoint save (the hook copies the run's folder
     * as the step leaves it), then {@code train --resume} on each copy: it says what it recovered
     * and ends with the same model files as the uninterrupted run.
     */
    @Test
    void aKillAtEveryStepOfASaveResumesToTheUninterruptedModel() throws Exception {
        Path data = TinyCorpus.write(tmp.resolve("data"), 7);
        Path root = Files.createDirectories(tmp.resolve("run"));
        Path out = root.resolve("model");
        Map<String, Path> copies = new TreeMap<>();
        AtomicInteger[] saves = {new AtomicInteger(), new AtomicInteger()};
        FolderSwap.onStep((dir, step) -> {
            int kind = dir.getFileName().toString().endsWith(".checkpoint") ? 1 : 0;
            if (step == FolderSwap.Step.WRITTEN) {
                saves[kind].incrementAndGet();
            }
            if (saves[kind].get() == 2) {
                copies.put((kind == 1 ? "checkpoint " : "model ") + step, copyTree(root, tmp.resolve("crash-" + copies.size())));
            }
        });
        String[] recipe = {"--epochs", "6", "--patience", "2", "--seed", "11"};
        Result whole = run(train(data, out, recipe));
        FolderSwap.onStep(null);
        assertThat(whole.code()).as(whole.err()).isZero();
        assertThat(copies).hasSize(2 * FolderSwap.Step.values().length);
        for (Map.Entry<String, Path> e : copies.entrySet()) {
            Path copyOut = e.getValue().resolve("model");
            List<String> args = new ArrayList<>(List.of(train(data, copyOut, recipe)));
            args.add("--resume");
            Result resumed = run(args.toArray(new String[0]));
            assertThat(resumed.code()).as(e.getKey() + ": " + resumed.err()).isZero();
            if (e.getKey().endsWith("OLD_MOVED")) {
                assertThat(resumed.err()).as(e.getKey()).contains("a save into it was interrupted; restored");
            }
            assertThat(modelFiles(copyOut)).as("model after a kill at " + e.getKey() + " and --resume")
                    .isEqualTo(modelFiles(out));
        }
    }

    private static Map<String, String> modelFiles(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path f : ds) {
                String name = f.getFileName().toString();
                if (name.equals(ModelFolder.CARD)) { // its run's clock differs; the rest must not
                    files.put(name, CardFiles.withoutClock(CardFiles.card(dir)).toString());
                } else if (name.equals(ModelFolder.MANIFEST)) {
                    files.put(name, CardFiles.manifestWithoutCard(dir));
                } else if (!name.equals(FolderSwap.MARKER)) {
                    files.put(name, java.util.HexFormat.of().formatHex(
                            java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f))));
                }
            }
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return files;
    }

    private static Path copyTree(Path from, Path to) {
        try {
            Files.createDirectories(to);
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(from)) {
                for (Path f : ds) {
                    Path t = to.resolve(f.getFileName().toString());
                    if (Files.isDirectory(f, LinkOption.NOFOLLOW_LINKS)) {
                        copyTree(f, t);
                    } else {
                        Files.copy(f, t, LinkOption.NOFOLLOW_LINKS);
                    }
                }
            }
            return to;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------------ --predictions

    @Test
    void predictionsIntoAFifoAndADeviceAreWrittenIntoThem() throws Exception {
        Path data = TinyCorpus.write(tmp.resolve("data"), 8);
        Path fifo = tmp.resolve("pred.fifo");
        Assumptions.assumeTrue(HostileWritesTest.sh("mkfifo", fifo.toString()) == 0, "mkfifo not available: skipped");
        java.util.concurrent.CompletableFuture<String> reader = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readString(fifo);
            } catch (IOException e) {
                return "read failed: " + e;
            }
        }, HostileWritesTest.OWN_THREAD);
        Result r = run(train(data, tmp.resolve("m1"), "--epochs", "1", "--predictions", fifo.toString()));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(reader.get(30, TimeUnit.SECONDS)).contains(" B-fromloc.city_name ");
        assertThat(HostileWritesTest.fileType(fifo)).isEqualTo(HostileWritesTest.FIFO);
        Path nul = tmp.resolve("null");
        Assumptions.assumeTrue(HostileWritesTest.sh("mknod", nul.toString(), "c", "1", "3") == 0,
                "mknod not permitted here: device case skipped");
        Result d = run(train(data, tmp.resolve("m2"), "--epochs", "1", "--predictions", nul.toString()));
        assertThat(d.code()).as(d.err()).isZero();
        assertThat(HostileWritesTest.fileType(nul)).isEqualTo(HostileWritesTest.CHAR_DEVICE);
    }
}
