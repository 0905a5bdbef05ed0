package org.rnnslu.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tag}'s stdin and stdout as a process sees them: write errors, the C locale, JSON Lines for
 * blank lines, line ends, bytes that are not UTF-8.
 */
class TagIoTest {

    @TempDir
    static Path tmp;
    static Path model;

    @BeforeAll
    static void saveModel() throws IOException {
        model = TagIoTestModel.path(tmp);
    }

    static Cli.Run tag(byte[] stdin, String... more) throws Exception {
        String[] args = new String[3 + more.length];
        args[0] = "tag";
        args[1] = "--model";
        args[2] = model.toString();
        System.arraycopy(more, 0, args, 3, more.length);
        return Cli.run(stdin, args);
    }

    static void assertOneLine(Cli.Run r, int code, String... contains) {
        assertThat(r.code()).as("exit code; stderr: %s", r.err()).isEqualTo(code);
        assertThat(r.errLines()).as("stderr").hasSize(1);
        assertThat(r.errLines().get(0)).contains(contains).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void aFullStdoutIsAnErrorNamingStdoutAndTheReason() throws Exception {
        Path full = Path.of("/dev/full");
        Assumptions.assumeTrue(Files.exists(full), "no /dev/full here");
        Cli.Run r = Cli.run(Cli.java(), List.of(), false, null, pb -> pb.redirectOutput(full.toFile()),
                "tag", "--model", model.toString(), "flights to boston");
        assertOneLine(r, 2, "stdout", "No space left on device");
    }

    @Test
    void aFullStdoutStopsTaggingStdinEarly() throws Exception {
        Path full = Path.of("/dev/full");
        Assumptions.assumeTrue(Files.exists(full), "no /dev/full here");
        byte[] many = "flights to boston\n".repeat(20_000).getBytes(StandardCharsets.UTF_8);
        Cli.Run r = Cli.run(Cli.java(), List.of(), false, many, pb -> pb.redirectOutput(full.toFile()),
                "tag", "--model", model.toString());
        assertOneLine(r, 2, "stdout", "No space left on device");
    }

    @Test
    void aClosedStdoutIsAnError() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "no /bin/sh here");
        Cli.Run r = Cli.run(Cli.java(), List.of(), false, null, pb -> pb.command().addAll(0, List.of("/bin/sh", "-c",
                "exec \"$@\" >&-", "sh")), "tag", "--model", model.toString(), "flights to boston");
        assertThat(r.code()).as("exit code; stderr: %s", r.err()).isNotZero();
        assertThat(r.errLines()).as("stderr").hasSize(1);
        assertThat(r.errLines().get(0)).contains("stdout");
    }

    /** Arguments and stdin with non-ASCII words, in the C locale, on every installed JDK: UTF-8 out. */
    @Test
    void theCLocaleStillReadsArgumentsAndWritesUtf8() throws Exception {
        for (Path java : Cli.javas()) {
            Cli.Run arg = Cli.run(java, List.of(), true, null, null, "tag", "--model", model.toString(), "--format", "conll",
                    "flights to zürich");
            assertThat(arg.code()).as("%s: %s", java, arg.err()).isZero();
            assertThat(arg.out()).as(java.toString()).contains("zürich ").doesNotContain("?").doesNotContain("\uFFFD");
            Cli.Run in = Cli.run(java, List.of(), true, "flights to zürich\n".getBytes(StandardCharsets.UTF_8), null,
                    "tag", "--model", model.toString(), "--format", "json");
            assertThat(in.code()).as("%s: %s", java, in.err()).isZero();
            assertThat(in.out()).as(java.toString()).contains("\"zürich\"").doesNotContain("?");
        }
    }

    @Test
    void blankLinesAreEmptyJsonRecords() throws Exception {
        Cli.Run r = tag("flights to boston\n\n   \nto boston\n".getBytes(StandardCharsets.UTF_8), "--format", "json");
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines).allSatisfy(l -> assertThat(l).startsWith("{\"words\":[").endsWith("}"));
        assertThat(lines.get(1)).isEqualTo("{\"words\":[],\"labels\":[],\"slots\":[],\"text\":\"\",\"spans\":[],"
                + "\"probabilities\":[],\"top\":[]}");
    }

    @Test
    void onlyLfAndCrLfEndLinesAndALoneCrIsAnError() throws Exception {
        Cli.Run crlf = tag("flights to boston\r\nto boston\r\n".getBytes(StandardCharsets.UTF_8), "--format", "json");
        assertThat(crlf.code()).as(crlf.err()).isZero();
        assertThat(crlf.out().lines().toList()).hasSize(2);
        Cli.Run cr = tag("to boston\nflights\rto boston\n".getBytes(StandardCharsets.UTF_8), "--format", "json");
        assertOneLine(cr, 2, "stdin:2", "carriage return");
        assertThat(cr.out().lines().toList()).as("the record before the bad line, and no split record").hasSize(1);
    }

    @Test
    void invalidUtf8OnStdinNamesTheLine() throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes("to boston\n".getBytes(StandardCharsets.UTF_8));
        b.writeBytes(new byte[] {'z', (byte) 0xFC, 'r', 'i', 'c', 'h', '\n'}); // Latin-1 ü
        Cli.Run r = tag(b.toByteArray());
        assertOneLine(r, 2, "stdin:2", "not valid UTF-8", "0xFC");
    }

    /** Asking for the vector kernels in a JVM without the module is a usage error, not an internal one. */
    @Test
    void vectorKernelsWithoutTheModuleIsOneLineAndExit2() throws Exception {
        Cli.Run forced = Cli.run(Cli.java(), List.of("-Drnnslu.kernels=vector"), false, null, null,
                "tag", "--model", model.toString(), "to boston");
        assertOneLine(forced, 2, "-Drnnslu.kernels=vector", "--add-modules jdk.incubator.vector");
        Cli.Run flag = tag(null, "--kernels", "vector", "to boston");
        assertOneLine(flag, 2, "--kernels vector", "--add-modules jdk.incubator.vector");
    }
}
