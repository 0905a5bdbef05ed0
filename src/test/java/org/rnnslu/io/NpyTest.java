package org.rnnslu.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Round trips, byte-exact NumPy compatibility, versions 2.0/3.0, float64, NaN/Inf. */
class NpyTest {

    @TempDir
    Path dir;

    // Fixtures below were produced with numpy 2.4 by
    //   f = io.BytesIO(); np.save(f, arr); f.getvalue().hex()
    // (np.lib.format.write_array(f, arr, version=(2, 0)) / (3, 0) for the other versions).

    /** np.array([[0, 1.5, -2], [3.25, 1e-3, 65504]], dtype='<f4') */
    static final String NUMPY_F4_2X3 = "934e554d5059010076007b276465736372273a20273c6634272c2027666f727472616e5f6f72646572273a2046616c73652c"
            + "20277368617065273a2028322c2033292c207d20202020202020202020202020202020202020202020202020202020202020"
            + "2020202020202020202020202020202020202020202020202020200a000000000000c03f000000c0000050406f12833a00e0"
            + "7f47";

    /** np.zeros((1,) * 15, dtype='<f4'): the growth padding pushes the header to 192 bytes. */
    static final String NUMPY_F4_RANK15 = "934e554d50590100b6007b276465736372273a20273c6634272c2027666f727472616e5f6f72646572273a2046616c73652c"
            + "20277368617065273a2028312c20312c20312c20312c20312c20312c20312c20312c20312c20312c20312c20312c20312c20"
            + "312c2031292c207d202020202020202020202020202020202020202020202020202020202020202020202020202020202020"
            + "20202020202020202020202020202020202020202020202020202020202020202020202020202020200a00000000";

    /** np.array([[0.1, -2.5], [1e300, 3]], dtype='<f8') */
    static final String NUMPY_F8_2X2 = "934e554d5059010076007b276465736372273a20273c6638272c2027666f727472616e5f6f72646572273a2046616c73652c"
            + "20277368617065273a2028322c2032292c207d20202020202020202020202020202020202020202020202020202020202020"
            + "2020202020202020202020202020202020202020202020202020200a9a9999999999b93f00000000000004c09c7500883ce4"
            + "377e0000000000000840";

    /** np.arange(4, dtype='<f4').reshape(2, 2) * 1.25, format version 2.0 */
    static final String NUMPY_V2_F4_2X2 = "934e554d50590200740000007b276465736372273a20273c6634272c2027666f727472616e5f6f72646572273a2046616c73"
            + "652c20277368617065273a2028322c2032292c207d2020202020202020202020202020202020202020202020202020202020"
            + "2020202020202020202020202020202020202020202020202020200a000000000000a03f0000204000007040";

    /** The same array, format version 3.0 (UTF-8 header). */
    static final String NUMPY_V3_F4_2X2 = NUMPY_V2_F4_2X2.substring(0, 13) + "3" + NUMPY_V2_F4_2X2.substring(14);

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    Path file(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    static Stream<int[]> shapes() {
        return Stream.of(new int[] {}, new int[] {1}, new int[] {7}, new int[] {2, 3}, new int[] {3, 1},
                new int[] {2, 3, 4}, new int[] {0}, new int[] {3, 0}, new int[] {0, 5, 2}, new int[] {1, 1, 1, 1},
                new int[] {1234567, 1}, new int[] {123, 4567}, new int[] {1, 2, 3, 4, 5});
    }

    static float[] sample(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (r.nextGaussian() * 3);
        }
        return a;
    }

    static int product(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    @ParameterizedTest(name = "round trip float32 shape {index}")
    @MethodSource("shapes")
    void roundTripFloat32(int[] shape) throws IOException {
        float[] data = sample(product(shape), shape.length);
        Path p = dir.resolve("a.npy");
        Npy.write(p, data, shape);
        NpyArray a = Npy.read(p);
        assertThat(a.shape()).containsExactly(shape);
        assertThat(a.dtype()).isEqualTo("<f4");
        assertThat(a.data()).isEqualTo(data);
        assertThat(a.size()).isEqualTo(data.length);
        assertThat(a.rank()).isEqualTo(shape.length);
        long headerLen = Files.size(p) - 4L * data.length;
        assertThat(headerLen % 64).as("header padded to 64").isZero();
        assertThat(a).isEqualTo(NpyArray.of(data, shape));
    }

    @ParameterizedTest(name = "round trip float64 shape {index}")
    @MethodSource("shapes")
    void roundTripFloat64(int[] shape) throws IOException {
        int n = product(shape);
        double[] data = new double[n];
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < n; i++) {
            data[i] = r.nextGaussian();
        }
        Path p = dir.resolve("d.npy");
        Npy.writeDouble(p, data, shape);
        NpyArray a = Npy.read(p);
        assertThat(a.shape()).containsExactly(shape);
        assertThat(a.dtype()).isEqualTo("<f8");
        for (int i = 0; i < n; i++) {
            assertThat(a.data()[i]).isEqualTo((float) data[i]);
        }
        assertThat((Files.size(p) - 8L * n) % 64).isZero();
    }

    @Test
    void scalarIsZeroDimensional() throws IOException {
        Path p = dir.resolve("s.npy");
        Npy.write(p, new float[] {4.5f});
        NpyArray a = Npy.read(p);
        assertThat(a.shape()).isEmpty();
        assertThat(a.data()).containsExactly(4.5f);
        assertThat(a.shapeString()).isEqualTo("()");
        String header = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
        assertThat(header).contains("'shape': (), }");
    }

    @Test
    void headerBytesFor2x3MatchNumpyByHand() throws IOException {
        // magic, version 1.0, header length 118 (0x76) little-endian, dict, spaces, '\n':
        // numpy pads so that len(magic + 2 + header) % 64 == 0, here 10 + 118 = 128.
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
        byte[] expected = new byte[128];
        byte[] prefix = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, 118, 0};
        System.arraycopy(prefix, 0, expected, 0, 10);
        byte[] d = dict.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(d, 0, expected, 10, d.length);
        for (int i = 10 + d.length; i < 127; i++) {
            expected[i] = ' ';
        }
        expected[127] = '\n';
        assertThat(Npy.header("<f4", new int[] {2, 3})).containsExactly(expected);

        Path p = dir.resolve("x.npy");
        Npy.write(p, new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        byte[] all = Files.readAllBytes(p);
        assertThat(all).hasSize(128 + 24);
        byte[] head = java.util.Arrays.copyOf(all, 128);
        assertThat(head).containsExactly(expected);
        ByteBuffer body = ByteBuffer.wrap(all, 128, 24).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 1; i <= 6; i++) {
            assertThat(body.getFloat()).isEqualTo(i);
        }
    }

    @Test
    void writesExactlyWhatNumpyWrites() throws IOException {
        Path p = dir.resolve("n.npy");
        Npy.write(p, new float[] {0f, 1.5f, -2f, 3.25f, 1e-3f, 65504f}, 2, 3);
        assertThat(Files.readAllBytes(p)).containsExactly(hex(NUMPY_F4_2X3));

        int[] rank15 = new int[15];
        java.util.Arrays.fill(rank15, 1);
        Npy.write(p, new float[] {0f}, rank15);
        assertThat(Files.readAllBytes(p)).containsExactly(hex(NUMPY_F4_RANK15));

        Npy.writeDouble(p, new double[] {0.1, -2.5, 1e300, 3}, 2, 2);
        assertThat(Files.readAllBytes(p)).containsExactly(hex(NUMPY_F8_2X2));
    }

    @Test
    void readsNumpyFloat32() throws IOException {
        NpyArray a = Npy.read(file("n.npy", hex(NUMPY_F4_2X3)));
        assertThat(a.shape()).containsExactly(2, 3);
        assertThat(a.data()).containsExactly(0f, 1.5f, -2f, 3.25f, 1e-3f, 65504f);
        assertThat(a.dtype()).isEqualTo("<f4");
    }

    @Test
    void readsNumpyFloat64AsFloat32() throws IOException {
        NpyArray a = Npy.read(file("d.npy", hex(NUMPY_F8_2X2)));
        assertThat(a.shape()).containsExactly(2, 2);
        assertThat(a.dtype()).isEqualTo("<f8");
        // 1e300 does not fit a float: it becomes +Inf, as numpy's astype(float32) does
        assertThat(a.data()).containsExactly(0.1f, -2.5f, Float.POSITIVE_INFINITY, 3f);
    }

    @Test
    void readsVersion2And3() throws IOException {
        for (String fixture : List.of(NUMPY_V2_F4_2X2, NUMPY_V3_F4_2X2)) {
            NpyArray a = Npy.read(file("v.npy", hex(fixture)));
            assertThat(a.shape()).containsExactly(2, 2);
            assertThat(a.data()).containsExactly(0f, 1.25f, 2.5f, 3.75f);
        }
    }

    static Stream<String> oddButValidHeaders() {
        return Stream.of(
                "{'shape': (2, 3), 'fortran_order': False, 'descr': '<f4'}",
                "{\"descr\": \"<f4\", \"fortran_order\": False, \"shape\": (2, 3)}",
                "{ 'descr' : '<f4' ,\t'fortran_order':False,'shape':( 2 ,3 , ) , }",
                "{'descr': '<f4', 'fortran_order': False, 'shape': (2L, 3L), }",
                "\n {'descr': '<f4',\n 'fortran_order': False,\n 'shape': (2, 3),\n}\n\n",
                "{'fortran_order': False, 'descr': '<f4', 'shape': (+2, 3),}      ");
    }

    @ParameterizedTest(name = "odd but valid header {index}")
    @MethodSource("oddButValidHeaders")
    void parsesOddButValidHeaders(String header) throws IOException {
        Path p = file("odd.npy", NpyHostileTest.npy(1, 0, header, new byte[24]));
        NpyArray a = Npy.read(p);
        assertThat(a.shape()).containsExactly(2, 3);
        assertThat(a.data()).containsOnly(0f);
    }

    @Test
    void oneTupleAndScalarShapes() throws IOException {
        NpyArray a = Npy.read(file("t.npy", NpyHostileTest.npy(1, 0, "{'descr': '<f4', 'fortran_order': False, 'shape': (5,)}", new byte[20])));
        assertThat(a.shape()).containsExactly(5);
        NpyArray s = Npy.read(file("s.npy", NpyHostileTest.npy(3, 0, "{'descr': '<f8', 'fortran_order': False, 'shape': ()}", new byte[8])));
        assertThat(s.shape()).isEmpty();
        assertThat(s.data()).containsExactly(0f);
    }

    @Test
    void nanAndInfAreReadAsTheyAre() throws IOException {
        float[] data = {1f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0f, Float.MIN_VALUE};
        Path p = dir.resolve("wx.npy");
        Npy.write(p, data, 2, 3);
        NpyArray a = Npy.read(p);
        for (int i = 0; i < data.length; i++) {
            assertThat(Float.floatToRawIntBits(a.data()[i])).isEqualTo(Float.floatToRawIntBits(data[i]));
        }
        assertThatThrownBy(() -> Npy.requireFinite(a, p))
                .isInstanceOf(InputException.class)
                .hasMessage(p + ": non-finite value NaN at index [0, 1] (element 1 of 6)");

        Npy.writeDouble(p, new double[] {0, 1, Double.NEGATIVE_INFINITY}, 3);
        NpyArray b = Npy.read(p);
        assertThat(b.data()[2]).isEqualTo(Float.NEGATIVE_INFINITY);
        assertThatThrownBy(() -> Npy.requireFinite(b, p)).hasMessageContaining("-Infinity at index [2]");

        Npy.requireFinite(NpyArray.of(new float[] {1, 2}, 2), p); // no exception
    }

    @Test
    void writeReplacesAtomicallyAndLeavesNoTemporaryFiles() throws IOException {
        Path p = dir.resolve("w.npy");
        Npy.write(p, new float[] {1, 2, 3}, 3);
        Npy.write(p, new float[] {4, 5}, 2);
        assertThat(Npy.read(p).data()).containsExactly(4f, 5f);
        assertThatThrownBy(() -> Npy.write(p, new float[] {1, 2, 3}, 2, 2))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Npy.write(p, new float[0], -1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Npy.read(p).data()).containsExactly(4f, 5f);
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(x -> x.getFileName().toString()).collect(Collectors.toList())).containsExactly("w.npy");
        }
    }

    @Test
    void writeIntoMissingDirectoryFailsWithIOException() {
        assertThatThrownBy(() -> Npy.write(dir.resolve("no/such/dir/x.npy"), new float[] {1}, 1))
                .isInstanceOf(IOException.class);
    }

    @Test
    void missingFileIsAnIOExceptionAndADirectoryAnInputException() {
        assertThatThrownBy(() -> Npy.read(dir.resolve("nope.npy"))).isInstanceOf(java.nio.file.NoSuchFileException.class);
        assertThatThrownBy(() -> Npy.read(dir)).isInstanceOf(InputException.class)
                .hasMessage(dir + ": is a directory, not a .npy file");
    }

    @Test
    void shapeRepr() {
        assertThat(Npy.shapeRepr(new int[0])).isEqualTo("()");
        assertThat(Npy.shapeRepr(new int[] {5})).isEqualTo("(5,)");
        assertThat(Npy.shapeRepr(new int[] {2, 3})).isEqualTo("(2, 3)");
    }

    @Test
    void largeArrayCrossesChunkBoundaries() throws IOException {
        int n = (1 << 20) + 12345; // more than one 1 MiB chunk for both dtypes
        float[] data = sample(n, 3);
        Path p = dir.resolve("big.npy");
        Npy.write(p, data, n);
        assertThat(Npy.read(p).data()).isEqualTo(data);
        double[] dd = new double[n];
        for (int i = 0; i < n; i++) {
            dd[i] = data[i];
        }
        Npy.writeDouble(p, dd, 1, n);
        assertThat(Npy.read(p).data()).isEqualTo(data);
    }
}
