package org.rnnslu.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the command line in this JVM, as {@code java -jar rnnslu.jar ARGS} would, and keeps what it printed. */
public final class CliRun {

    private CliRun() {}

    /** Exit code, standard output and standard error of one run. */
    public record Result(int code, String out, String err) {
        public List<String> lines() {
            return out.lines().toList();
        }
    }

    /** A command line's entry point without the exit: {@code Main::run}, a tool's {@code run}. */
    @FunctionalInterface
    public interface Entry {
        int run(String[] args, PrintStream out, PrintStream err);
    }

    public static Result run(String... args) {
        return run(Main::run, args);
    }

    /** {@code train --data DATA --out OUT}, then a test's fixed settings, then {@code flags}. */
    public static Result train(Path data, Path out, String[] fixed, String... flags) {
        List<String> args = new ArrayList<>(List.of("train", "--data", data.toString(), "--out", out.toString()));
        args.addAll(List.of(fixed));
        args.addAll(List.of(flags));
        return run(args.toArray(new String[0]));
    }

    /** {@code r}, once it is known to have exited 0 (else its stderr is the failure's message). */
    public static Result ok(Result r) {
        assertThat(r.code()).as(r.err()).isZero();
        return r;
    }

    /** As {@link #run(String...)}, through another entry point (the tools jar's). */
    public static Result run(Entry entry, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = entry.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
