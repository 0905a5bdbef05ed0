package org.rnnslu.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.Map;
import java.util.TreeMap;
import org.rnnslu.data.InputException;

/**
 * {@code java --add-modules jdk.incubator.vector -jar rnnslu.jar COMMAND [options]}.
 *
 * <p>Exit codes: 0 success; 2 bad input or usage (one line on stderr naming the file and line, no
 * stack trace); 1 an internal error (set {@code -Drnnslu.debug=true} for its stack trace).
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
        COMMANDS.put("generate-data", new GenerateDataCommand());
    }

    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
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
        try {
            return cmd.run(rest, out, err);
        } catch (UsageException | InputException e) {
            err.println("rnnslu " + args[0] + ": " + e.getMessage());
            return 2;
        } catch (IllegalArgumentException e) {
            err.println("rnnslu " + args[0] + ": " + e.getMessage());
            debug(e, err);
            return 2;
        } catch (NoSuchFileException e) {
            err.println("rnnslu " + args[0] + ": " + e.getFile() + ": no such file or folder");
            return 2;
        } catch (AccessDeniedException e) {
            err.println("rnnslu " + args[0] + ": " + e.getFile() + ": permission denied");
            return 2;
        } catch (UncheckedIOException e) {
            err.println("rnnslu " + args[0] + ": " + e.getCause().getMessage());
            debug(e, err);
            return 2;
        } catch (IOException e) {
            err.println("rnnslu " + args[0] + ": " + e);
            debug(e, err);
            return 2;
        } catch (OutOfMemoryError e) {
            err.println("rnnslu " + args[0] + ": out of memory (" + e.getMessage() + "); give the JVM more with -Xmx");
            return 1;
        } catch (Exception e) {
            err.println("rnnslu " + args[0] + ": internal error: " + e + " (run with -Drnnslu.debug=true for details)");
            debug(e, err);
            return 1;
        }
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
