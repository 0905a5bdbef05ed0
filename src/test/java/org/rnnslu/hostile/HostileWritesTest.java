package org.rnnslu.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnslu.io.AtomicFiles;
import org.rnnslu.io.InputException;
import org.rnnslu.io.Npy;

/**
 * {@link AtomicFiles} (every file rnnslu writes: predictions, .npy, words.txt, ...) at paths that
 * are not plain files: devices and FIFOs are written into and never replaced, symbolic links are
 * written through and stay links, folders and dangling links are refused; a full or read-only file
 * system fails naming the file and leaves the old file whole.
 */
class HostileWritesTest {

    @TempDir
    Path tmp;

    static int fileType(Path p) throws IOException {
        return ((Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS)) & 0170000;
    }

    static List<Path> entries(Path dir) throws IOException {
        try (java.util.stream.Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    /** A new daemon thread per task: the common pool may have one thread, which a blocked FIFO open would hold. */
    static final java.util.concurrent.Executor OWN_THREAD = task -> {
        Thread t = new Thread(task, "fifo-end");
        t.setDaemon(true);
        t.start();
    };

    static final int CHAR_DEVICE = 0020000;
    static final int FIFO = 0010000;

    static int sh(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }

    /** A device node of our own under the temp folder (as root, where the container allows mknod), else skip. */
    Path mknod(String name, int major, int minor) throws Exception {
        Path dev = tmp.resolve(name);
        Assumptions.assumeTrue(sh("mknod", dev.toString(), "c", String.valueOf(major), String.valueOf(minor)) == 0,
                "mknod not permitted here: device-node case skipped");
        return dev;
    }

    @Test
    void aCharacterDeviceIsWrittenIntoNotReplaced() throws Exception {
        Path nul = mknod("null", 1, 3); // a twin of /dev/null
        AtomicFiles.writeLines(nul, List.of("O O O"));
        Npy.write(nul, new float[] {1, 2}, 2);
        assertThat(fileType(nul)).isEqualTo(CHAR_DEVICE);
        assertThat(entries(tmp)).hasSize(1); // no temporary file left
    }

    @Test
    void aFullDeviceGivesAnErrorNamingItAndStaysADevice() throws Exception {
        Path full = mknod("full", 1, 7); // a twin of /dev/full
        assertThatThrownBy(() -> AtomicFiles.writeLines(full, List.of("x".repeat(100_000))))
                .isInstanceOf(FileSystemException.class)
                .hasMessageStartingWith(full.toString()).hasMessageContaining("No space left on device");
        assertThat(fileType(full)).isEqualTo(CHAR_DEVICE);
    }

    @Test
    void devNullStaysADevice() throws Exception {
        Path nul = Path.of("/dev/null");
        Assumptions.assumeTrue(Files.exists(nul) && fileType(nul) == CHAR_DEVICE, "no /dev/null here");
        AtomicFiles.writeLines(nul, List.of("O O O"));
        assertThat(fileType(nul)).isEqualTo(CHAR_DEVICE);
    }

    @Test
    void aFifoIsWrittenIntoNotReplaced() throws Exception {
        Path fifo = tmp.resolve("pipe");
        Assumptions.assumeTrue(sh("mkfifo", fifo.toString()) == 0, "mkfifo not available: skipped");
        CompletableFuture<String> reader = CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readString(fifo);
            } catch (IOException e) {
                return "read failed: " + e;
            }
        }, OWN_THREAD);
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try {
                AtomicFiles.writeLines(fifo, List.of("boston B-city O"));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, OWN_THREAD);
        try {
            writer.get(20, TimeUnit.SECONDS);
            assertThat(reader.get(20, TimeUnit.SECONDS)).isEqualTo("boston B-city O\n");
        } finally {
            if (!reader.isDone()) { // the write went elsewhere: unblock the reader
                Files.deleteIfExists(fifo);
                sh("sh", "-c", "true > " + fifo);
            }
        }
        assertThat(fileType(fifo)).isEqualTo(FIFO);
    }

    @Test
    void aLinkToAFileIsWrittenThroughAndStaysALink() throws Exception {
        Path target = Files.writeString(Files.createDirectories(tmp.resolve("real")).resolve("pred.txt"), "old\n");
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
        Path link = Files.createSymbolicLink(tmp.resolve("pred.txt"), target);
        AtomicFiles.writeLines(link, List.of("new"));
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(target).hasContent("new");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-------");
        assertThat(entries(tmp.resolve("real"))).hasSize(1);
    }

    @Test
    void aLinkToAFifoIsWrittenIntoTheFifo() throws Exception {
        Path fifo = tmp.resolve("pipe");
        Assumptions.assumeTrue(sh("mkfifo", fifo.toString()) == 0, "mkfifo not available: skipped");
        Path link = Files.createSymbolicLink(tmp.resolve("out"), fifo);
        CompletableFuture<String> reader = CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readString(fifo);
            } catch (IOException e) {
                return "read failed: " + e;
            }
        }, OWN_THREAD);
        AtomicFiles.writeLines(link, List.of("x"));
        assertThat(reader.get(20, TimeUnit.SECONDS)).isEqualTo("x\n");
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(fileType(fifo)).isEqualTo(FIFO);
    }

    @Test
    void aDanglingLinkALoopAndAFolderAreRefusedAndKept() throws Exception {
        Path dangling = Files.createSymbolicLink(tmp.resolve("d"), tmp.resolve("nowhere"));
        assertThatThrownBy(() -> AtomicFiles.writeLines(dangling, List.of("x"))).isInstanceOf(InputException.class)
                .hasMessageStartingWith(dangling.toString()).hasMessageContaining("does not exist");
        assertThat(Files.isSymbolicLink(dangling)).isTrue();
        assertThat(tmp.resolve("nowhere")).doesNotExist();
        Path loop = Files.createSymbolicLink(tmp.resolve("loop"), tmp.resolve("loop"));
        assertThatThrownBy(() -> AtomicFiles.writeLines(loop, List.of("x"))).isInstanceOf(InputException.class)
                .hasMessageStartingWith(loop.toString());
        assertThat(Files.isSymbolicLink(loop)).isTrue();
        Path dir = Files.createDirectories(tmp.resolve("folder"));
        assertThatThrownBy(() -> AtomicFiles.writeLines(dir, List.of("x"))).isInstanceOf(InputException.class)
                .hasMessageContaining("is a folder");
        Path linkToDir = Files.createSymbolicLink(tmp.resolve("linkdir"), dir);
        assertThatThrownBy(() -> AtomicFiles.writeLines(linkToDir, List.of("x"))).isInstanceOf(InputException.class);
        assertThat(Files.isSymbolicLink(linkToDir)).isTrue();
    }

    @Test
    void aReplacedFileKeepsItsPermissions() throws Exception {
        Path f = Files.writeString(tmp.resolve("words.txt"), "<UNK>\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-rw----"));
        AtomicFiles.writeLines(f, List.of("<UNK>", "boston"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-rw----");
        assertThat(f).hasContent("<UNK>\nboston");
    }

    /** A 64 KiB tmpfs (mounting needs root; else skipped): the write fails naming the file, the old one stays whole. */
    @Test
    void aFullFileSystemFailsNamingTheFileAndKeepsTheOldOne() throws Exception {
        Path mnt = Files.createDirectories(tmp.resolve("small"));
        Assumptions.assumeTrue(sh("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", mnt.toString()) == 0,
                "cannot mount a small tmpfs here (needs root): full-disk case skipped");
        try {
            Path f = mnt.resolve("pred.txt");
            AtomicFiles.writeLines(f, List.of("old"));
            assertThatThrownBy(() -> AtomicFiles.writeLines(f, List.of("y".repeat(200_000))))
                    .isInstanceOf(FileSystemException.class)
                    .hasMessageStartingWith(f.toString()).hasMessageContaining("No space left on device");
            assertThat(f).hasContent("old");
            assertThat(entries(mnt)).hasSize(1);
        } finally {
            sh("umount", mnt.toString());
        }
    }

    /** A read-only bind mount (root ignores permission bits; needs mount, else skipped). */
    @Test
    void aReadOnlyFileSystemFailsNamingTheFileAndKeepsTheOldOne() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Path f0 = Files.writeString(src.resolve("pred.txt"), "old\n");
        Path ro = Files.createDirectories(tmp.resolve("ro"));
        Assumptions.assumeTrue(sh("mount", "--bind", src.toString(), ro.toString()) == 0,
                "cannot bind-mount here (needs root): read-only case skipped");
        try {
            Assumptions.assumeTrue(sh("mount", "-o", "remount,bind,ro", ro.toString()) == 0, "cannot remount read-only: skipped");
            Path f = ro.resolve("pred.txt");
            assertThatThrownBy(() -> AtomicFiles.writeLines(f, List.of("new")))
                    .isInstanceOf(FileSystemException.class).hasMessageStartingWith(f.toString())
                    .hasMessageContaining("Read-only file system");
            assertThat(f0).hasContent("old");
        } finally {
            sh("umount", ro.toString());
        }
    }
}
