package org.rnnslu.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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

    /** As {@link #run(String...)}, through another entry point (the tools jar's). */
    public static Result run(Entry entry, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = entry.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
