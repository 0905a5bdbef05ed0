package org.rnnslu.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnslu.io.InputException;
import org.rnnslu.data.Readers;

/** Data files that are too big for the heap, or not files at all. */
class HostileDataFilesTest {

    @TempDir
    Path tmp;

    /** A 200 MB line (a sparse file of zero bytes) at -Xmx64m: the exit-2 line naming file, line and cap. */
    @Test
    void aLineLargerThanTheHeapAllowsIsOneLineNotAnOutOfMemoryError() throws Exception {
        Path split = Files.createDirectories(tmp.resolve("test"));
        Path seqIn = split.resolve("seq.in");
        try (RandomAccessFile f = new RandomAccessFile(seqIn.toFile(), "rw")) {
            f.setLength(200L << 20);
        }
        Cli.Run r = Cli.run(Cli.java(), List.of("-Xmx64m"), false, null, null,
                "eval", "--model", TagIoTestModel.path(tmp).toString(), "--data", split.toString());
        assertThat(r.code()).as("exit code; stderr: %s", r.err()).isEqualTo(2);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.errLines().get(0)).contains(seqIn + ":1: line longer than").contains("1/16 of -Xmx")
                .doesNotContain("memory");
    }

    /** A FIFO no one writes to would block the open forever: refused at once, by name. */
    @Test
    void aFifoAsADataFileIsRefusedNotWaitedOn() throws Exception {
        Path split = Files.createDirectories(tmp.resolve("fifo"));
        Path seqIn = split.resolve("seq.in");
        Assumptions.assumeTrue(mkfifo(seqIn), "mkfifo is not available");
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            assertThatThrownBy(() -> Readers.read(split)).isInstanceOf(InputException.class)
                    .hasMessage(seqIn + ": is not a regular file (a FIFO, socket or device?), expected a file");
            assertThatThrownBy(() -> Readers.read(seqIn)).isInstanceOf(InputException.class)
                    .hasMessageContaining("not a regular file");
        });
    }

    /** A device (endless zeros) as a data file: refused by name, not read until the line cap. */
    @Test
    void aDeviceAsADataFileIsRefused() {
        Path zero = Path.of("/dev/zero");
        Assumptions.assumeTrue(Files.exists(zero), "no /dev/zero here");
        assertThatThrownBy(() -> Readers.read(zero)).isInstanceOf(InputException.class)
                .hasMessage("/dev/zero: is not a regular file (a FIFO, socket or device?), expected a file");
    }

    static boolean mkfifo(Path p) throws IOException, InterruptedException {
        try {
            return new ProcessBuilder("mkfifo", p.toString()).inheritIO().start().waitFor() == 0 && Files.exists(p);
        } catch (IOException e) {
            return false;
        }
    }
}
