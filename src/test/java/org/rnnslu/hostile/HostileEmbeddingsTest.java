package org.rnnslu.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnslu.cli.TinyCorpus;

/** train --embeddings with files that are not word vectors at all, in a JVM of its own. */
class HostileEmbeddingsTest {

    @TempDir
    Path tmp;

    /**
     * A 200 MB line (a sparse file of zero bytes) at -Xmx64m, with and without --de (the dimension
     * is then read from the first line): one exit-2 line naming file, line and cap, and no --out.
     */
    @Test
    void aHugeLineIsOneLineNotAnOutOfMemoryError() throws Exception {
        Path data = TinyCorpus.write(tmp.resolve("data"), 1);
        Path huge = tmp.resolve("huge.txt");
        try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(200L << 20);
        }
        Path out = tmp.resolve("out");
        for (List<String> de : List.of(List.<String>of(), List.of("--de", "6"))) {
            String[] args = java.util.stream.Stream.concat(java.util.stream.Stream.of("train", "--data", data.toString(),
                    "--out", out.toString(), "--embeddings", huge.toString(), "--nh", "4", "--epochs", "1"), de.stream())
                    .toArray(String[]::new);
            Cli.Run r = Cli.run(Cli.java(), List.of("-Xmx64m"), false, null, null, args);
            assertThat(r.code()).as("exit code; stderr: %s", r.err()).isEqualTo(2);
            assertThat(r.errLines()).hasSize(1);
            assertThat(r.errLines().get(0)).startsWith("rnnslu train: " + huge + ":1: line longer than")
                    .contains("1/16 of -Xmx").doesNotContain("memory");
            assertThat(out).doesNotExist();
            assertThat(Files.exists(Path.of(out + ".checkpoint"))).isFalse();
        }
    }
}
