package org.rnnslu.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.DynamicTest;
import org.rnnslu.io.InputException;

/**
 * The harness of the hostile-input tests: a reader, a list of generated cases, and the rule every
 * case must follow: the read either succeeds (and, when the case knows the right answer, returns
 * it) or throws an {@link InputException} whose one-line message starts with a path at or under
 * the case's input, never another exception, an error, an allocation beyond a bound set by the
 * input's size, or a hang.
 */
final class Hostile {

    /** Reads an input path (a file or a folder). */
    @FunctionalInterface
    interface Reader {
        Object read(Path input) throws Exception;
    }

    /** Writes a case's files under a fresh folder (not yet created) and returns the path to read. */
    @FunctionalInterface
    interface Setup {
        Path write(Path dir) throws IOException;
    }

    /**
     * One hostile case.
     *
     * @param expect null (any success is fine) or a check of the successful result
     * @param mustFail the read must throw an InputException
     * @param needsLine the InputException must name a line (the problem is on one line)
     */
    record Case(String name, Setup setup, Consumer<Object> expect, boolean mustFail, boolean needsLine) {
        static Case any(String name, Setup setup) {
            return new Case(name, setup, null, false, false);
        }

        static Case fails(String name, Setup setup) {
            return new Case(name, setup, null, true, false);
        }

        static Case failsOnLine(String name, Setup setup) {
            return new Case(name, setup, null, true, true);
        }

        static Case gives(String name, Setup setup, Consumer<Object> expect) {
            return new Case(name, setup, expect, false, false);
        }
    }

    /** Counts per reader, printed once at the end of the run. */
    static final Map<String, int[]> SUMMARY = new TreeMap<>();

    private static final com.sun.management.ThreadMXBean THREADS =
            ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t
                    && t.isThreadAllocatedMemorySupported() ? t : null;

    private Hostile() {}

    /** One dynamic test running every case of a reader, named with the case count. */
    static DynamicTest test(String readerName, Path root, List<Case> cases, Reader reader) {
        return DynamicTest.dynamicTest(readerName + ": " + cases.size() + " hostile cases", () -> {
            List<String> failures = new ArrayList<>();
            assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
                Path base = Files.createDirectories(root.resolve(readerName.replaceAll("[^A-Za-z0-9]", "_")));
                int i = 0;
                for (Case c : cases) {
                    Path dir = base.resolve("c" + i++); // created by the setup if it needs it
                    String failure = run(c, dir, reader);
                    if (failure != null) {
                        failures.add(c.name() + ": " + failure);
                    }
                    deleteTree(dir);
                }
            }, () -> readerName + " hung (failures so far: " + failures + ")");
            int passed = cases.size() - failures.size();
            synchronized (SUMMARY) {
                SUMMARY.put(readerName, new int[] {cases.size(), passed});
            }
            System.out.println("HOSTILE " + readerName + ": " + cases.size() + " cases, " + passed + " passed");
            assertThat(failures).as(readerName + " hostile failures").isEmpty();
        });
    }

    /** Runs one case; null when it behaved, else what went wrong. */
    private static String run(Case c, Path dir, Reader reader) {
        Path input;
        long inputBytes;
        try {
            input = c.setup().write(dir);
            inputBytes = Math.max(size(dir), size(input));
        } catch (IOException e) {
            return "setup failed: " + e;
        }
        long before = allocated();
        String outcome;
        try {
            Object result = reader.read(input);
            if (c.mustFail()) {
                outcome = "expected an InputException, got a result";
            } else {
                if (c.expect() != null) {
                    c.expect().accept(result);
                }
                outcome = null;
            }
        } catch (InputException e) {
            outcome = checkMessage(e, input, dir, c.needsLine());
        } catch (AssertionError e) {
            outcome = "wrong result: " + e.getMessage();
        } catch (Throwable e) {
            outcome = "threw " + e;
        }
        long used = allocated() - before;
        long bound = 48 * inputBytes + (32L << 20);
        if (before >= 0 && used > bound) {
            String over = "allocated " + used + " bytes for " + inputBytes + " input bytes (bound " + bound + ")";
            outcome = outcome == null ? over : outcome + "; " + over;
        }
        return outcome;
    }

    private static String checkMessage(InputException e, Path input, Path dir, boolean needsLine) {
        String m = e.getMessage();
        if (m == null || m.contains("\n") || m.contains("\r")) {
            return "message is not one line: " + m;
        }
        if (m.contains("Exception") || m.contains("\tat ")) {
            return "message leaks an exception: " + m;
        }
        String file = e.file();
        Path named;
        try {
            named = Path.of(file).toAbsolutePath().normalize();
        } catch (RuntimeException bad) {
            return "names no file: " + m;
        }
        Path top = input.toAbsolutePath().normalize();
        Path caseDir = dir.toAbsolutePath().normalize();
        if (!m.startsWith(file) || !(named.startsWith(top) || named.startsWith(caseDir))) {
            return "does not name the input file: " + m;
        }
        if (needsLine && e.line() <= 0) {
            return "names no line: " + m;
        }
        return null;
    }

    private static long allocated() {
        return THREADS == null ? -1 : THREADS.getCurrentThreadAllocatedBytes();
    }

    static long size(Path p) throws IOException {
        if (Files.isDirectory(p)) {
            long n = 0;
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(p)) {
                for (Path c : ds) {
                    n += size(c);
                }
            }
            return n;
        }
        return Files.isRegularFile(p) ? Files.size(p) : 0;
    }

    static void deleteTree(Path p) throws IOException {
        if (Files.isDirectory(p) && !Files.isSymbolicLink(p)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(p)) {
                for (Path c : ds) {
                    deleteTree(c);
                }
            }
        }
        Files.deleteIfExists(p);
    }

    // ------------------------------------------------------------------------- byte mutations

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    static byte[] insert(byte[] b, int at, byte[] what) {
        byte[] out = new byte[b.length + what.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(what, 0, out, at, what.length);
        System.arraycopy(b, at, out, at + what.length, b.length - at);
        return out;
    }

    static byte[] crlf(byte[] b) {
        return utf8(new String(b, StandardCharsets.UTF_8).replace("\n", "\r\n"));
    }

    /** A named variant of one file's bytes. */
    record Variant(String name, byte[] bytes, Kind kind) {}

    /** What a variant must give: the unchanged result, any result or an InputException, or an InputException. */
    enum Kind { SAME, ANY, FAILS, FAILS_ON_LINE }

    /**
     * The generic hostile variants of a small valid text file: truncation at every byte, random
     * bytes, random corruptions, NUL bytes, non-UTF-8 bytes, CRLF, BOM, empty, whitespace only, a
     * huge line.
     */
    static List<Variant> textVariants(byte[] valid, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<Variant> v = new ArrayList<>();
        for (int k = 0; k < valid.length; k++) {
            v.add(new Variant("truncated at byte " + k, java.util.Arrays.copyOf(valid, k), Kind.ANY));
        }
        v.add(new Variant("empty file", new byte[0], Kind.FAILS));
        v.add(new Variant("only newlines", utf8("\n\n\n\n"), Kind.FAILS));
        v.add(new Variant("only whitespace", utf8(" \t \n  \n\t\n"), Kind.ANY));
        v.add(new Variant("CRLF", crlf(valid), Kind.SAME));
        v.add(new Variant("BOM", concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, valid), Kind.SAME));
        v.add(new Variant("BOM + CRLF", concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, crlf(valid)), Kind.SAME));
        v.add(new Variant("trailing blank lines", concat(valid, utf8("\n\n  \n")), Kind.ANY));
        v.add(new Variant("lone CR inside a line", insert(valid, 1, utf8("\rX")), Kind.FAILS_ON_LINE));
        v.add(new Variant("old Mac line endings", utf8(new String(valid, StandardCharsets.UTF_8).replace('\n', '\r')), Kind.FAILS));
        byte[][] notUtf8 = {
            {(byte) 0xFF}, {(byte) 0xC3}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, {(byte) 0x80}, {'c', 'a', 'f', (byte) 0xE9},
        };
        for (byte[] bad : notUtf8) {
            int at = firstSpaceOrMid(valid) + 1;
            v.add(new Variant("non-UTF-8 " + hex(bad), insert(valid, at, bad), Kind.FAILS_ON_LINE));
        }
        for (int i = 0; i < 8; i++) {
            int at = rng.nextInt(valid.length + 1);
            v.add(new Variant("NUL byte at " + at, insert(valid, at, new byte[] {0}), Kind.ANY));
        }
        v.add(new Variant("all NUL", new byte[1000], Kind.ANY));
        for (int i = 0; i < 20; i++) {
            byte[] b = new byte[rng.nextInt(1, 4000)];
            for (int j = 0; j < b.length; j++) {
                b[j] = (byte) rng.nextInt(256);
            }
            v.add(new Variant("random bytes #" + i, b, Kind.ANY));
        }
        for (int i = 0; i < 10; i++) {
            byte[] b = new byte[rng.nextInt(1, 2000)];
            String alphabet = " \t\nabcxyzO-B_I.#=0123456789";
            for (int j = 0; j < b.length; j++) {
                b[j] = (byte) alphabet.charAt(rng.nextInt(alphabet.length()));
            }
            v.add(new Variant("random text #" + i, b, Kind.ANY));
        }
        for (int i = 0; i < 20; i++) {
            byte[] b = valid.clone();
            int at = rng.nextInt(b.length);
            b[at] = (byte) rng.nextInt(256);
            v.add(new Variant("byte " + at + " corrupted #" + i, b, Kind.ANY));
        }
        byte[] longLine = new byte[1 << 20];
        for (int j = 0; j < longLine.length; j++) {
            longLine[j] = (byte) ('a' + rng.nextInt(26));
        }
        v.add(new Variant("a 1 MiB line without whitespace", longLine, Kind.ANY));
        byte[] binary = new byte[1 << 19];
        for (int j = 0; j < binary.length; j++) {
            byte x = (byte) rng.nextInt(256);
            binary[j] = x == '\n' ? 0 : x;
        }
        v.add(new Variant("512 KiB of binary without a newline", binary, Kind.ANY));
        return v;
    }

    private static int firstSpaceOrMid(byte[] b) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == ' ' || b[i] == '\n') {
                return i;
            }
        }
        return b.length / 2;
    }

    static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(String.format("%02X", x & 0xFF));
        }
        return sb.toString();
    }

    /** The case a variant of file {@code name} makes, given how to write the rest and the valid result. */
    static Case caseOf(String label, Variant v, Setup setup, Object validResult,
            java.util.function.BiConsumer<Object, Object> same) {
        switch (v.kind()) {
            case SAME:
                return Case.gives(label + ": " + v.name(), setup, r -> same.accept(r, validResult));
            case FAILS:
                return Case.fails(label + ": " + v.name(), setup);
            case FAILS_ON_LINE:
                return Case.failsOnLine(label + ": " + v.name(), setup);
            default:
                return Case.any(label + ": " + v.name(), setup);
        }
    }
}
