package org.rnnslu.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.rnnslu.data.pickle.AtisPickle;
import org.rnnslu.hostile.Hostile.Case;

/**
 * Hostile pickles for {@link AtisPickle#read}: every truncation of a Python 2 and a Python 3 fold
 * file (and of a gzip'd one), random byte changes, every opcode byte the reader does not accept,
 * lengths that lie, forbidden globals, deep nesting, huge claimed sizes and a gzip bomb. Each is
 * the right data or a one-line error naming the file, in bounded memory and time (the harness).
 */
class HostilePickleTest {

    @TempDir
    static Path tmp;

    static final Path FIXTURES = Path.of("src/test/resources/pickle");

    @TestFactory
    Stream<DynamicTest> hostilePickles() throws IOException {
        byte[] py2 = gunzip(Files.readAllBytes(FIXTURES.resolve("fold-py2.pkl.gz")));
        byte[] p4 = Files.readAllBytes(FIXTURES.resolve("fold-p4.pkl"));
        byte[] p2gz = Files.readAllBytes(FIXTURES.resolve("fold-p2.pkl.gz"));
        List<Case> cases = new ArrayList<>();
        truncations(cases, "py2", py2, ".pkl");
        truncations(cases, "p4", p4, ".pkl");
        truncations(cases, "p2.gz", p2gz, ".pkl.gz");
        byteChanges(cases, "py2", py2, 400, 1);
        byteChanges(cases, "p4", p4, 400, 2);
        for (int op = 0; op < 256; op++) {
            if (ACCEPTED.indexOf(op) < 0) {
                byte[] b = {(byte) 0x80, 2, (byte) op, '.'};
                cases.add(Case.fails("opcode " + op, dir -> file(dir, "op.pkl", b)));
            }
        }
        lies(cases);
        globals(cases);
        nesting(cases);
        cases.add(Case.fails("gzip bomb", dir -> file(dir, "bomb.pkl.gz", gzipOfZeros(40 << 20))));
        cases.add(Case.fails("empty file", dir -> file(dir, "e.pkl", new byte[0])));
        return Stream.of(Hostile.test("AtisPickle.read", tmp, cases, AtisPickle::read));
    }

    /** Every opcode byte the reader accepts (the others must fail). */
    static final String ACCEPTED = "\u0080\u0095(N\u0088\u0089JKM\u008aX\u008c\u008dUTCB\u008e\u0096])}ltd\u0085\u0086\u0087aesuqr\u0094hjc\u0093Rb.";

    /** A fold file cut after every byte: no STOP, or a gzip stream without its end. */
    static void truncations(List<Case> cases, String label, byte[] whole, String ext) {
        for (int n = 0; n < whole.length; n++) {
            byte[] cut = Arrays.copyOf(whole, n);
            cases.add(Case.fails(label + " cut at " + n, dir -> file(dir, "t" + ext, cut)));
        }
    }

    static void byteChanges(List<Case> cases, String label, byte[] whole, int count, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < count; i++) {
            byte[] b = whole.clone();
            int at = rnd.nextInt(b.length);
            b[at] = (byte) rnd.nextInt(256);
            cases.add(Case.any(label + " byte " + at + " = " + (b[at] & 0xFF), dir -> file(dir, "c.pkl", b)));
        }
    }

    /** Length fields that claim more than the file holds, up to 2^64 − 1. */
    static void lies(List<Case> cases) {
        String[] heads = {"X", "T", "B", "\u008d", "\u008e", "\u0096"};
        long[] lengths = {100, 0x7fffffffL, 0xffffffffL, Long.MAX_VALUE, -1L};
        for (String h : heads) {
            int width = h.equals("X") || h.equals("T") || h.equals("B") ? 4 : 8;
            for (long len : lengths) {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                b.write(0x80);
                b.write(2);
                b.write(h.charAt(0));
                for (int i = 0; i < width; i++) {
                    b.write((int) (len >>> (8 * i)));
                }
                b.writeBytes("abc.".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                byte[] bytes = b.toByteArray();
                cases.add(Case.fails("length " + Long.toUnsignedString(len) + " after " + (int) h.charAt(0),
                        dir -> file(dir, "l.pkl", bytes)));
            }
        }
        // an int32 array claiming 2^31 − 1 elements with 4 bytes of data; LONG1 of 255 bytes; an unknown memo key
        cases.add(Case.fails("huge shape", dir -> file(dir, "s.pkl", latin1("\u0080\u0002cnumpy.core.multiarray\n_reconstruct\n"
                + "cnumpy\nndarray\nK\u0000\u0085U\u0001b\u0087R(K\u0001J\u00ff\u00ff\u00ff\u007f\u0085cnumpy\ndtype\nU\u0002i4K\u0000K\u0001"
                + "\u0087R(K\u0003U\u0001<NNNJ\u00ff\u00ff\u00ff\u00ffJ\u00ff\u00ff\u00ff\u00ffK\u0000tb\u0089U\u0004\u0001\u0000\u0000\u0000tb."))));
        cases.add(Case.fails("LONG1 of 255 bytes", dir -> file(dir, "n.pkl", latin1("\u0080\u0002\u008a\u00ff" + "\u0001".repeat(255) + "."))));
        cases.add(Case.fails("memo key never stored", dir -> file(dir, "m.pkl", latin1("\u0080\u0002j\u00ff\u00ff\u00ff\u00ff."))));
        cases.add(Case.fails("a float dtype", dir -> file(dir, "f.pkl", latin1("\u0080\u0002cnumpy\ndtype\nU\u0002f8K\u0000K\u0001\u0087R."))));
    }

    static void globals(List<Case> cases) {
        String[][] names = {{"os", "system"}, {"builtins", "eval"}, {"__builtin__", "getattr"}, {"subprocess", "Popen"},
                {"numpy", "load"}, {"numpy.core.multiarray", "scalar"}, {"copy_reg", "_reconstructor"}};
        for (String[] g : names) {
            cases.add(Case.fails("GLOBAL " + g[0] + "." + g[1], dir -> file(dir, "g.pkl",
                    latin1("\u0080\u0002c" + g[0] + "\n" + g[1] + "\nU\u0002idR."))));
            cases.add(Case.fails("STACK_GLOBAL " + g[0] + "." + g[1], dir -> file(dir, "g.pkl", latin1("\u0080\u0004\u008c"
                    + (char) g[0].length() + g[0] + "\u008c" + (char) g[1].length() + g[1] + "\u0093)R."))));
        }
    }

    /** A million MARKs, lists nested a million deep, a dict whose key is a list. */
    static void nesting(List<Case> cases) {
        int depth = 1_000_000;
        cases.add(Case.fails("a million MARKs", dir -> file(dir, "d.pkl", latin1("\u0080\u0002" + "(".repeat(depth) + "."))));
        cases.add(Case.fails("lists nested a million deep", dir -> file(dir, "d.pkl",
                latin1("\u0080\u0002" + "]".repeat(depth) + "a".repeat(depth - 1) + "."))));
        cases.add(Case.fails("tuples nested a million deep", dir -> file(dir, "d.pkl",
                latin1("\u0080\u0002)" + "\u0085".repeat(depth) + "."))));
        cases.add(Case.fails("a list as a dict key", dir -> file(dir, "k.pkl", latin1("\u0080\u0002}]K\u0001s."))));
        cases.add(Case.fails("a list that holds itself", dir -> file(dir, "r.pkl", latin1("\u0080\u0002]q\u0000h\u0000a."))));
    }

    static Path file(Path dir, String name, byte[] bytes) throws IOException {
        Files.createDirectories(dir);
        return Files.write(dir.resolve(name), bytes);
    }

    static byte[] latin1(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    static byte[] gunzip(byte[] gz) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        }
    }

    static byte[] gzipOfZeros(int n) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(out)) {
            byte[] zeros = new byte[1 << 16];
            for (int done = 0; done < n; done += zeros.length) {
                gz.write(zeros);
            }
        }
        return out.toByteArray();
    }
}
