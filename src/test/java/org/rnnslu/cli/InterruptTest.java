package org.rnnslu.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnslu.store.ModelFolder;

/** A run stopped from outside (Ctrl-C's SIGINT) or by divergence keeps its best model. */
class InterruptTest {

    @TempDir
    Path tmp;

    @Test
    void anInterruptedRunLeavesTheBestModelIntactAndSaysHowToResume() throws Exception {
        Path data = TinyCorpus.write(tmp.resolve("data"), 5);
        Path out = tmp.resolve("model");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", Path.of("target", "classes").toAbsolutePath().toString(),
                "-Drnnslu.kernels=scalar", "org.rnnslu.cli.Main", "train", "--data", data.toString(), "--out",
                out.toString(), "--epochs", "100000", "--nh", "8", "--de", "4", "--win", "3", "--decay", "false")
                .redirectError(tmp.resolve("err.txt").toFile())
                .redirectOutput(tmp.resolve("out.txt").toFile())
                .start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(tmp.resolve("model.checkpoint/state.txt")) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(tmp.resolve("model.checkpoint/state.txt")).as("a first epoch within 60 s").exists();
            Thread.sleep(300); // interrupt somewhere in a later epoch, maybe mid-save
        } finally {
            interrupt(p);
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        String err = Files.readString(tmp.resolve("err.txt"));
        assertThat(err).contains("interrupted after epoch").contains("is intact in " + out).contains("--resume");
        assertThat(ModelFolder.load(out).params().dims.nh()).isEqualTo(8); // whole and consistent (MANIFEST checked)
    }

    /** Ctrl-C's SIGINT where a kill command exists (Linux, macOS); else SIGTERM, which runs the same hook. */
    private static void interrupt(Process p) throws Exception {
        Path kill = Path.of("/bin/kill");
        if (Files.isExecutable(kill)) {
            new ProcessBuilder(kill.toString(), "-INT", String.valueOf(p.pid())).inheritIO().start().waitFor();
        } else {
            p.destroy();
        }
    }

    @Test
    void divergenceStopsWithAClearMessageAndNoStackTrace() throws Exception {
        Path data = TinyCorpus.write(tmp.resolve("data"), 6);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"train", "--data", data.toString(), "--out", tmp.resolve("m").toString(),
                        "--lr", "1e30", "--nh", "8", "--de", "4", "--win", "3"},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String msg = err.toString(StandardCharsets.UTF_8);
        assertThat(code).isEqualTo(1);
        List<String> lines = msg.lines().toList();
        assertThat(lines).hasSize(1);
        assertThat(msg).contains("training diverged").contains("smaller --lr").doesNotContain("\tat ");
    }
}
