package org.rnnslu.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.Map;
import java.util.TreeMap;
import org.rnnslu.io.InputException;
import org.rnnslu.model.NonFiniteScoresException;

/**
 * {@code java --add-modules jdk.incubator.vector -jar rnnslu.jar COMMAND [options]}.
 *
 * <p>Exit codes: 0 success; 2 bad input or usage, or a file or stdout that cannot be read or
 * written (one line on stderr naming the file and line, or stdout, no stack trace); 1 an internal error (set {@code -Drnnslu.debug=true} for its stack trace).
 */
public final class Main {

    /** A command: runs with its arguments, returns the exit code. */
    interface Command {
        String summary();

        String help();

        int run(String[] args, PrintStream out, PrintStream err) throws Exception;
    }

    static final Map<String, Command> COMMANDS = new TreeMap<>();

    static {
        COMMANDS.put("train", new TrainCommand());
        COMMANDS.put("eval", new EvalCommand());
        COMMANDS.put("tag", new TagCommand());
        COMMANDS.put("neighbors", new NeighborsCommand());
        COMMANDS.put("trace", new TraceCommand());
        COMMANDS.put("info", new InfoCommand());
        COMMANDS.put("serve", new ServeCommand());
    }

    private Main() {}

    /**
     * Writes UTF-8 to file descriptors 1 and 2 whatever the locale, recovers arguments the locale
     * could not decode ({@link Argv}), and exits non-zero when stdout could not be written.
     */
    public static void main(String[] args) {
        Stdout out = Stdout.out();
        PrintStream err = Stdout.err();
        int code;
        try {
            code = run(Argv.recover(args), out, err);
        } catch (UsageException e) {
            err.println("rnnslu: " + e.getMessage());
            code = 2;
        }
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Runs a command line and returns its exit code (never calls System.exit). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            out.print(usage());
            return args.length == 0 ? 2 : 0;
        }
        Command cmd = COMMANDS.get(args[0]);
        if (cmd == null) {
            err.println("rnnslu: unknown command '" + args[0] + "' (commands: " + String.join(", ", COMMANDS.keySet()) + ")");
            return 2;
        }
        String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
        for (String a : rest) {
            if (a.equals("--help") || a.equals("-h")) {
                out.print(cmd.help());
                return 0;
            }
        }
        int code = runCommand(cmd, args[0], rest, out, err);
        String failure = Stdout.writeFailure(out);
        if (failure != null) {
            err.println("rnnslu " + args[0] + ": cannot write to stdout: " + failure);
            return code == 0 ? 2 : code;
        }
        return code;
    }

    private static int runCommand(Command cmd, String name, String[] rest, PrintStream out, PrintStream err) {
        String prefix = "rnnslu " + name + ": ";
        try {
            return cmd.run(rest, out, err);
        } catch (UsageException | InputException e) {
            err.println(prefix + e.getMessage());
            return 2;
        } catch (NonFiniteScoresException e) {
            err.println(prefix + e.getMessage());
            return 2;
        } catch (IllegalArgumentException e) {
            err.println(prefix + e.getMessage());
            debug(e, err);
            return 2;
        } catch (NoSuchFileException e) {
            err.println(prefix + e.getFile() + ": no such file or folder");
            return 2;
        } catch (AccessDeniedException e) {
            err.println(prefix + e.getFile() + ": permission denied");
            return 2;
        } catch (UncheckedIOException e) {
            err.println(prefix + describe(e.getCause()));
            debug(e, err);
            return 2;
        } catch (IOException e) {
            err.println(prefix + describe(e));
            debug(e, err);
            return 2;
        } catch (OutOfMemoryError e) {
            err.println(prefix + "out of memory (" + e.getMessage() + "); give the JVM more with -Xmx");
            return 1;
        } catch (Exception e) {
            err.println(prefix + "internal error: " + e + " (run with -Drnnslu.debug=true for details)");
            debug(e, err);
            return 1;
        }
    }

    /** The file (when the exception names one) and the reason, or the exception's kind when it gives none. */
    static String describe(IOException e) {
        String file = e instanceof FileSystemException f ? f.getFile() : null;
        String r = e instanceof FileSystemException f ? f.getReason() : e.getMessage();
        String reason = r == null || r.isBlank() ? e.getClass().getSimpleName() : r;
        return file == null ? reason : file + ": " + reason;
    }

    private static void debug(Throwable e, PrintStream err) {
        if (Boolean.getBoolean("rnnslu.debug")) {
            e.printStackTrace(err);
        }
    }

    static String usage() {
        StringBuilder sb = new StringBuilder();
        sb.append("rnnslu: Elman RNN slot filling and intent classification (the RNNSLU tutorial on the JVM)\n\n");
        sb.append("usage: java --add-modules jdk.incubator.vector -jar rnnslu.jar COMMAND [options]\n\n");
        sb.append("commands:\n");
        for (Map.Entry<String, Command> e : COMMANDS.entrySet()) {
            sb.append(String.format("  %-14s %s%n", e.getKey(), e.getValue().summary()));
        }
        sb.append("\nCOMMAND --help shows a command's options. Without --add-modules jdk.incubator.vector the\n");
        sb.append("scalar kernels run (same results up to float rounding, slower). -Drnnslu.kernels=scalar|vector forces either.\n");
        return sb.toString();
    }
}
