package org.rnnslu.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile input: every case must end in an {@link InputException} that names the file (or, for
 * byte mutations that only touch the data, in a successful read) and never in another exception
 * or an allocation the file size does not justify.
 *
 * <p>Hostile cases, 5,066 in all:
 * <ul>
 *   <li>{@link #namedHostileFiles}: 66 hand-written bad files (dtype, order, shape, keys,
 *       syntax, version, magic, lengths, data size);
 *   <li>{@link #truncatedAtEveryByte}: 456 truncations (every prefix of three valid files:
 *       152 + 144 + 160 bytes);
 *   <li>{@link #randomBytes}: 1,500 seeded random byte strings, 500 of which start with a valid
 *       magic and version;
 *   <li>{@link #randomHeaders}: 1,000 seeded random header dicts spliced from valid and invalid
 *       pieces;
 *   <li>{@link #mutatedValidFiles}: 2,000 seeded mutations (1-4 bytes changed, inserted or
 *       deleted) of valid files.
 * </ul>
 */
class NpyHostileTest {

    @TempDir
    Path dir;

    static final String EXPECTED = "(expected float32 '<f4' or float64 '<f8')";

    /** A .npy file with the given version, header text (unpadded) and data bytes. */
    static byte[] npy(int major, int minor, String header, byte[] data) {
        byte[] h = header.getBytes(major >= 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        int prefix = major == 1 ? 10 : 12;
        ByteBuffer b = ByteBuffer.allocate(prefix + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, (byte) minor});
        if (major == 1) {
            b.putShort((short) h.length);
        } else {
            b.putInt(h.length);
        }
        b.put(h).put(data);
        return b.array();
    }

    static String dict(String descr, String fortran, String shape) {
        return "{'descr': " + descr + ", 'fortran_order': " + fortran + ", 'shape': " + shape + ", }";
    }

    static byte[] v1(String header, int dataBytes) {
        return npy(1, 0, header, new byte[dataBytes]);
    }

    static Arguments c(String name, byte[] bytes, String messagePart) {
        return Arguments.of(name, bytes, messagePart);
    }

    static byte[] withPrefix(byte[] base, int major, int minor, long headerLen, int lenBytes) {
        byte[] b = base.clone();
        b[6] = (byte) major;
        b[7] = (byte) minor;
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        if (lenBytes == 2) {
            bb.putShort(8, (short) headerLen);
        } else {
            bb.putInt(8, (int) headerLen);
        }
        return b;
    }

    static Stream<Arguments> hostile() {
        String ok = "'<f4'";
        List<Arguments> l = new ArrayList<>();
        // dtypes (13)
        l.add(c("int64", v1(dict("'<i8'", "False", "(2, 3)"), 48),
                "dtype '<i8' not supported " + EXPECTED));
        l.add(c("big-endian f4", v1(dict("'>f4'", "False", "(2, 3)"), 24), "dtype '>f4' is big-endian"));
        l.add(c("big-endian f8", v1(dict("'>f8'", "False", "(2, 3)"), 48), "dtype '>f8' is big-endian"));
        l.add(c("float16", v1(dict("'<f2'", "False", "(2, 3)"), 12), "dtype '<f2' not supported"));
        l.add(c("uint8", v1(dict("'|u1'", "False", "(2, 3)"), 6), "dtype '|u1' not supported"));
        l.add(c("bool", v1(dict("'|b1'", "False", "(2, 3)"), 6), "dtype '|b1' not supported"));
        l.add(c("complex64", v1(dict("'<c8'", "False", "(2, 3)"), 48), "dtype '<c8' not supported"));
        l.add(c("object", v1(dict("'|O'", "False", "(2, 3)"), 48), "dtype '|O' not supported"));
        l.add(c("unicode", v1(dict("'<U5'", "False", "(2,)"), 40), "dtype '<U5' not supported"));
        l.add(c("native-order f4", v1(dict("'=f4'", "False", "(2, 3)"), 24), "dtype '=f4' not supported"));
        l.add(c("no byte order", v1(dict("'f4'", "False", "(2, 3)"), 24), "dtype 'f4' not supported"));
        l.add(c("structured", v1(dict("[('a', '<f4'), ('b', '<f4')]", "False", "(2,)"), 16),
                "dtype [('a', '<f4'), ('b', '<f4')] not supported"));
        l.add(c("descr None", v1(dict("None", "False", "(2,)"), 8), "dtype None not supported"));
        // order (3)
        l.add(c("fortran order", v1(dict(ok, "True", "(2, 3)"), 24), "fortran_order True not supported"));
        l.add(c("fortran order 1", v1(dict(ok, "1", "(2, 3)"), 24), "fortran_order 1 is not True or False"));
        l.add(c("fortran order 'False'", v1(dict(ok, "'False'", "(2, 3)"), 24), "is not True or False"));
        // shapes (12)
        l.add(c("negative dim", v1(dict(ok, "False", "(2, -3)"), 24), "negative dimension -3"));
        l.add(c("float dim", v1(dict(ok, "False", "(2.0, 3)"), 24), "malformed number"));
        l.add(c("string dim", v1(dict(ok, "False", "('2', 3)"), 24), "is not a tuple of integers"));
        l.add(c("list shape", v1(dict(ok, "False", "[2, 3]"), 24), "shape [2, 3] is not a tuple of integers"));
        l.add(c("bare int shape", v1(dict(ok, "False", "6"), 24), "shape 6 is not a tuple"));
        l.add(c("parenthesised int shape", v1(dict(ok, "False", "(6)"), 24), "shape 6 is not a tuple"));
        l.add(c("nested shape", v1(dict(ok, "False", "((2, 3),)"), 24), "is not a tuple of integers"));
        l.add(c("2^40 elements in one dim", v1(dict(ok, "False", "(1099511627776,)"), 24),
                "dimension 1099511627776"));
        l.add(c("2^40 elements as 4 dims", v1(dict(ok, "False", "(1024, 1024, 1024, 1024)"), 24),
                "has more than the 2147483639 elements supported"));
        l.add(c("2^31 dim", v1(dict(ok, "False", "(2147483648,)"), 24), "dimension 2147483648"));
        l.add(c("huge digits", v1(dict(ok, "False", "(99999999999999999999999999,)"), 24), "too large"));
        l.add(c("16 GB claimed by a small file", v1(dict("'<f8'", "False", "(2000000000,)"), 24),
                "truncated: shape (2000000000,) <f8 needs 16000000000 data bytes but only 24 follow the header"));
        // keys (6)
        l.add(c("missing descr", v1("{'fortran_order': False, 'shape': (2, 3), }", 24), "header is missing 'descr'"));
        l.add(c("missing order", v1("{'descr': '<f4', 'shape': (2, 3), }", 24), "header is missing 'fortran_order'"));
        l.add(c("missing shape", v1("{'descr': '<f4', 'fortran_order': False}", 24), "header is missing 'shape'"));
        l.add(c("extra key", v1("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), 'x': 1}", 24),
                "unexpected key 'x'"));
        l.add(c("duplicate key", v1("{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (6,)}", 24),
                "key 'descr' twice"));
        l.add(c("non-string key", v1("{1: '<f4', 'fortran_order': False, 'shape': (6,)}", 24), "is not a string"));
        // syntax (13)
        l.add(c("empty header", v1("", 0), "malformed header"));
        l.add(c("spaces only", v1("        \n", 0), "malformed header"));
        l.add(c("unclosed dict", v1("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), ", 24),
                "malformed header"));
        l.add(c("unterminated string", v1("{'descr: '<f4', 'fortran_order': False, 'shape': (2, 3)}", 24),
                "malformed header"));
        l.add(c("garbage after dict", v1(dict(ok, "False", "(2, 3)") + " x", 24), "after the header dict"));
        l.add(c("two dicts", v1(dict(ok, "False", "(2, 3)") + dict(ok, "False", "(2, 3)"), 24),
                "after the header dict"));
        l.add(c("not a dict", v1("[1, 2, 3]", 24), "header is not a dict"));
        l.add(c("missing colon", v1("{'descr' '<f4', 'fortran_order': False, 'shape': (2, 3)}", 24),
                "expected ':'"));
        l.add(c("missing comma", v1("{'descr': '<f4' 'fortran_order': False, 'shape': (2, 3)}", 24),
                "expected ',' or '}'"));
        l.add(c("unknown name", v1(dict(ok, "false", "(2, 3)"), 24), "unexpected name 'false'"));
        l.add(c("escape in string", v1(dict("'<f\\x34'", "False", "(2, 3)"), 24), "escape sequences"));
        l.add(c("NUL bytes", v1(dict(ok, "False", "(2, 3)") + "\0\0\0", 24), "after the header dict"));
        l.add(c("deep nesting", v1("{'shape': " + "(".repeat(5000) + ")".repeat(5000) + "}", 0),
                "nests deeper than"));
        // versions (6)
        byte[] good = v1(dict(ok, "False", "(2, 3)"), 24);
        l.add(c("version 0.0", withPrefix(good, 0, 0, good.length - 34, 2), "unsupported .npy format version 0.0"));
        l.add(c("version 1.1", withPrefix(good, 1, 1, good.length - 34, 2), "version 1.1"));
        l.add(c("version 2.1", withPrefix(good, 2, 1, good.length - 34, 2), "version 2.1"));
        l.add(c("version 4.0", withPrefix(good, 4, 0, good.length - 34, 2), "version 4.0"));
        l.add(c("version 255.255", withPrefix(good, 255, 255, good.length - 34, 2), "version 255.255"));
        l.add(c("v3 header not UTF-8", npy(3, 0, dict(ok, "False", "(2, 3)"), new byte[24]).clone(), null));
        // magic (4)
        byte[] badMagic = good.clone();
        badMagic[0] = 'x';
        l.add(c("bad magic", badMagic, "not a .npy file (bad magic bytes 784e554d5059)"));
        l.add(c("lowercase magic", ("\u0093numpy" + new String(good, 6, good.length - 6, StandardCharsets.ISO_8859_1))
                .getBytes(StandardCharsets.ISO_8859_1), "bad magic"));
        l.add(c("text file", "w1 w2 w3\n".getBytes(StandardCharsets.US_ASCII), "not a .npy file"));
        l.add(c("empty file", new byte[0], "empty file"));
        // header length (4)
        l.add(c("v1 header len 0xffff past EOF", withPrefix(good, 1, 0, 0xffff, 2),
                "truncated: header length 65535 but only"));
        l.add(c("v2 header len 0xffffffff past EOF", withPrefix(npy(2, 0, dict(ok, "False", "(2, 3)"), new byte[24]), 2, 0, 0xffffffffL, 4),
                "truncated: header length 4294967295"));
        l.add(c("header len too short", withPrefix(good, 1, 0, 20, 2), "malformed header"));
        l.add(c("header len zero", withPrefix(good, 1, 0, 0, 2), "malformed header"));
        // data size (5)
        l.add(c("one data byte short", v1(dict(ok, "False", "(2, 3)"), 23), "needs 24 data bytes but only 23"));
        l.add(c("no data", v1(dict(ok, "False", "(2, 3)"), 0), "needs 24 data bytes but only 0"));
        l.add(c("one trailing byte", v1(dict(ok, "False", "(2, 3)"), 25), "trailing garbage: 1 bytes"));
        l.add(c("a second array appended", v1(dict(ok, "False", "(2, 3)"), 24 + 152), "trailing garbage: 152 bytes"));
        l.add(c("data for a zero-size array", v1(dict(ok, "False", "(3, 0)"), 4), "trailing garbage: 4 bytes"));
        // fix up the UTF-8 case: an invalid byte inside the v3 header
        Arguments utf = l.stream().filter(a -> a.get()[0].equals("v3 header not UTF-8")).findFirst().orElseThrow();
        byte[] u = (byte[]) utf.get()[1];
        u[14] = (byte) 0xff; // inside 'descr'
        l.set(l.indexOf(utf), c("v3 header not UTF-8", u, "header is not valid UTF-8"));
        return l.stream();
    }

    @Test
    @DisplayName("the named hostile list has 66 cases")
    void hostileCount() {
        assertThat(hostile().count()).isEqualTo(66);
    }

    @ParameterizedTest(name = "hostile file: {0}")
    @MethodSource("hostile")
    @DisplayName("66 named hostile files")
    void namedHostileFiles(String name, byte[] bytes, String messagePart) throws IOException {
        Path p = dir.resolve("wx.npy");
        Files.write(p, bytes);
        assertThatThrownBy(() -> Npy.read(p))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith(p + ": ")
                .hasMessageContaining(messagePart)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n", "\r"));
    }

    @Test
    void messageIsExactlyAsDocumented() throws IOException {
        Path p = dir.resolve("wx.npy");
        Files.write(p, v1(dict("'<i8'", "False", "(2, 3)"), 48));
        assertThatThrownBy(() -> Npy.read(p))
                .hasMessage(p + ": dtype '<i8' not supported (expected float32 '<f4' or float64 '<f8')");
        InputException e = org.junit.jupiter.api.Assertions.assertThrows(InputException.class, () -> Npy.read(p));
        assertThat(e.file()).isEqualTo(p.toString());
        assertThat(e.line()).isZero();
    }

    // --------------------------------------------------------------------------- generative

    static byte[] validF4() throws IOException {
        return NpyTest.hex(NpyTest.NUMPY_F4_2X3); // 152 bytes
    }

    /** Reads bytes; returns normally only on success, fails the test on any non-InputException. */
    static boolean readsOrRejects(Path p, byte[] bytes, String what) throws IOException {
        Files.write(p, bytes);
        try {
            Npy.read(p);
            return true;
        } catch (InputException e) {
            assertThat(e.getMessage()).as(what).startsWith(p + ": ").doesNotContain("\n");
            return false;
        } catch (RuntimeException | Error e) {
            fail(what + ": " + e, e);
            return false;
        }
    }

    @TestFactory
    @DisplayName("456 truncations of three valid files at every byte")
    Stream<DynamicTest> truncatedAtEveryByte() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        String[] names = {"v1 <f4 (2, 3)", "v2 <f4 (2, 2)", "v1 <f8 (2, 2)"};
        byte[][] files = {validF4(), NpyTest.hex(NpyTest.NUMPY_V2_F4_2X2), NpyTest.hex(NpyTest.NUMPY_F8_2X2)};
        assertThat(files[0].length + files[1].length + files[2].length).isEqualTo(456);
        for (int f = 0; f < files.length; f++) {
            byte[] full = files[f];
            String name = names[f];
            for (int len = 0; len < full.length; len++) {
                int n = len;
                tests.add(DynamicTest.dynamicTest(name + " cut to " + n + " bytes", () -> {
                    Path p = dir.resolve("cut.npy");
                    boolean ok = readsOrRejects(p, Arrays.copyOf(full, n), name + " cut to " + n);
                    assertThat(ok).as("a truncated file must not read").isFalse();
                }));
            }
        }
        return tests.stream();
    }

    @Test
    @DisplayName("1500 seeded random byte strings are rejected")
    void randomBytes() throws IOException {
        SplittableRandom r = new SplittableRandom(20131);
        Path p = dir.resolve("rnd.npy");
        byte[] prefix = Arrays.copyOf(validF4(), 10);
        for (int i = 0; i < 1500; i++) {
            byte[] b = new byte[r.nextInt(400)];
            for (int j = 0; j < b.length; j++) {
                b[j] = (byte) r.nextInt(256);
            }
            if (i % 3 == 0 && b.length >= 8) {
                // valid magic and a random supported version: exercises the length and header paths
                System.arraycopy(prefix, 0, b, 0, 6);
                b[6] = (byte) (1 + r.nextInt(3));
                b[7] = 0;
            }
            assertThat(readsOrRejects(p, b, "random case " + i)).isFalse();
        }
    }

    @Test
    @DisplayName("1000 seeded random header dicts are read or rejected, never crash")
    void randomHeaders() throws IOException {
        String[] pieces = {"{", "}", "(", ")", "[", "]", ",", ":", " ", "'descr'", "'shape'", "'fortran_order'",
            "'<f4'", "'<f8'", "'<i4'", "True", "False", "None", "0", "1", "2", "3", "-1", "2147483647",
            "99999999999999999999", "'", "\"", "L", "\n", "'x'", "1.5", "\\"};
        SplittableRandom r = new SplittableRandom(7);
        Path p = dir.resolve("hdr.npy");
        int accepted = 0;
        for (int i = 0; i < 1000; i++) {
            StringBuilder h = new StringBuilder();
            if (i % 2 == 0) {
                // near-valid: a good dict with one piece replaced, inserted or removed
                List<String> toks = new ArrayList<>(List.of("{", "'descr'", ":", "'<f4'", ",", "'fortran_order'",
                        ":", "False", ",", "'shape'", ":", "(", "2", ",", "3", ")", ",", "}"));
                int at = r.nextInt(toks.size());
                switch (r.nextInt(3)) {
                    case 0: toks.set(at, pieces[r.nextInt(pieces.length)]); break;
                    case 1: toks.add(at, pieces[r.nextInt(pieces.length)]); break;
                    default: toks.remove(at);
                }
                toks.forEach(t -> h.append(t).append(' '));
            } else {
                int n = r.nextInt(30);
                for (int j = 0; j < n; j++) {
                    h.append(pieces[r.nextInt(pieces.length)]);
                }
            }
            if (readsOrRejects(p, npy(1 + r.nextInt(3), 0, h.toString(), new byte[24]), "header " + h)) {
                accepted++;
            }
        }
        // only mutations that keep a valid dict (e.g. inserting a space) may read
        assertThat(accepted).isLessThan(500);
    }

    @Test
    @DisplayName("2000 seeded mutations of valid files are read or rejected, never crash")
    void mutatedValidFiles() throws IOException {
        SplittableRandom r = new SplittableRandom(99);
        Path p = dir.resolve("mut.npy");
        byte[][] bases = {validF4(), NpyTest.hex(NpyTest.NUMPY_V2_F4_2X2), NpyTest.hex(NpyTest.NUMPY_F8_2X2)};
        int rejected = 0;
        for (int i = 0; i < 2000; i++) {
            byte[] b = bases[i % bases.length].clone();
            int edits = 1 + r.nextInt(4);
            for (int e = 0; e < edits; e++) {
                int op = r.nextInt(4);
                // most edits go to the prefix and header, where the interesting failures are
                int at = r.nextInt(r.nextBoolean() ? Math.min(b.length, 130) : b.length);
                if (op == 0 && b.length > 0) {
                    b[at] = (byte) r.nextInt(256);
                } else if (op == 1) {
                    b = insert(b, at, (byte) r.nextInt(256));
                } else if (op == 2 && b.length > 0) {
                    b = delete(b, at);
                } else if (b.length > 0) {
                    b[at] ^= (byte) (1 << r.nextInt(8));
                }
            }
            if (!readsOrRejects(p, b, "mutation " + i)) {
                rejected++;
            }
        }
        assertThat(rejected).isGreaterThan(500);
    }

    static byte[] insert(byte[] b, int at, byte v) {
        byte[] o = new byte[b.length + 1];
        System.arraycopy(b, 0, o, 0, at);
        o[at] = v;
        System.arraycopy(b, at, o, at + 1, b.length - at);
        return o;
    }

    static byte[] delete(byte[] b, int at) {
        byte[] o = new byte[b.length - 1];
        System.arraycopy(b, 0, o, 0, at);
        System.arraycopy(b, at + 1, o, at, b.length - at - 1);
        return o;
    }
}
