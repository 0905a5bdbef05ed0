package org.rnnslu.datagen;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.rnnslu.io.InputException;

/**
 * {@code generate-data}, the tools jar's command line:
 * {@code java -jar target/rnnslu-tools.jar --out DIR [--seed N] [--train N] [--dev N] [--test N]}
 * writes the synthetic corpus ({@link TravelCorpusGenerator}); with the defaults, the repository's
 * {@code data/} byte for byte. Exit codes as rnnslu's: 0 done; 2 a bad argument, a folder it may not
 * write into or a write that failed, each one line on stderr.
 */
public final class GenerateData {

    private static final String PREFIX = "rnnslu generate-data: ";
    private static final Set<String> OPTIONS = Set.of("out", "seed", "train", "dev", "test");

    private GenerateData() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** {@link #main} without the exit: returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            Map<String, String> options = options(args);
            if (options == null) {
                out.print(usage());
                return 0;
            }
            if (!options.containsKey("out")) {
                throw new IllegalArgumentException("--out is required (see --help)");
            }
            long seed = number(options, "seed", TravelCorpusGenerator.DEFAULT_SEED, Long.MIN_VALUE, Long.MAX_VALUE);
            Path dir = Path.of(options.get("out"));
            TravelCorpusGenerator.Corpus c = TravelCorpusGenerator.generate(seed, dir,
                    size(options, "train", TravelCorpusGenerator.DEFAULT_TRAIN),
                    size(options, "dev", TravelCorpusGenerator.DEFAULT_DEV),
                    size(options, "test", TravelCorpusGenerator.DEFAULT_TEST));
            out.println("wrote " + dir + " (seed " + seed + ")");
            out.print(c.summary());
            return 0;
        } catch (IllegalArgumentException | InputException e) {
            err.println(PREFIX + e.getMessage());
            return 2;
        } catch (FileSystemException e) {
            err.println(PREFIX + e.getFile() + ": " + (e.getReason() != null ? e.getReason() : e.getClass().getSimpleName()));
            return 2;
        } catch (IOException e) {
            err.println(PREFIX + e.getMessage());
            return 2;
        }
    }

    static String usage() {
        return "usage: java -jar target/rnnslu-tools.jar --out DIR [--seed " + TravelCorpusGenerator.DEFAULT_SEED
                + "] [--train " + TravelCorpusGenerator.DEFAULT_TRAIN + "] [--dev " + TravelCorpusGenerator.DEFAULT_DEV
                + "] [--test " + TravelCorpusGenerator.DEFAULT_TEST + "]\n\n"
                + "Writes DIR/{train,dev,test}/{seq.in,seq.out,label}. With the defaults the files are identical to\n"
                + "the repository's data/ (TravelCorpusGeneratorTest checks it).\n";
    }

    /** {@code --name value} pairs, each option once; null when help is asked for. */
    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) {
                return null;
            }
            String name = a.startsWith("--") ? a.substring(2) : null;
            if (name == null || !OPTIONS.contains(name)) {
                throw new IllegalArgumentException((name == null ? "unexpected argument '" + a + "'" : "unknown option " + a)
                        + " (see --help)");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(a + " needs a value");
            }
            if (options.put(name, args[++i]) != null) {
                throw new IllegalArgumentException(a + " given twice");
            }
        }
        return options;
    }

    /** A split's size: 1 to a million utterances. */
    private static int size(Map<String, String> options, String name, int fallback) {
        return (int) number(options, name, fallback, 1, 1_000_000);
    }

    /** An integer option in [min, max]. */
    private static long number(Map<String, String> options, String name, long fallback, long min, long max) {
        String v = options.get(name);
        if (v == null) {
            return fallback;
        }
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " takes an integer, got '" + v + "'");
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException("--" + name + " must be between " + min + " and " + max + ", got " + v);
        }
        return n;
    }
}
