package org.rnnslu.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads and writes NumPy {@code .npy} files holding float32 ({@code <f4}) or float64
 * ({@code <f8}) arrays in C order, with no dependency beyond the JDK.
 *
 * <p>Reading accepts format versions 1.0, 2.0 and 3.0; the header dict is parsed by {@link
 * NpyHeader}. Every problem with the file's content (bad magic, unsupported version or dtype,
 * Fortran order, a malformed header, a shape other than the expected one, a shape that does not
 * match the bytes that follow, trailing bytes, an array larger than half the heap) is an {@link
 * InputException} whose one-line message names the file. Memory is allocated only after the
 * shape has been checked against the expected shape, the file's actual size and the heap, so a
 * hostile header cannot make the reader allocate more than the file holds or the JVM has.
 *
 * <p>Writing produces exactly the bytes {@code numpy.save} produces for a C-contiguous
 * little-endian array (version 1.0 header, space padded so that the data starts at a multiple
 * of 64 bytes), through {@link AtomicFiles} (the target is replaced atomically).
 */
public final class Npy {

    /** Little-endian float32 dtype string. */
    public static final String F4 = "<f4";
    /** Little-endian float64 dtype string. */
    public static final String F8 = "<f8";

    /** Largest element count this reader accepts (Java arrays cannot be much larger). */
    public static final int MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    /** Largest header this reader accepts; NumPy itself refuses more than 10000 by default. */
    static final int MAX_HEADER_LEN = 1 << 20;

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int ARRAY_ALIGN = 64;
    /** NumPy leaves room for the first axis to grow to this many digits. */
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;
    private static final int CHUNK_BYTES = 1 << 20;

    private Npy() {}

    // ------------------------------------------------------------------------------------ read

    /**
     * Reads a {@code .npy} file.
     *
     * @throws InputException if the file is not a well-formed float32/float64 C-order .npy file
     * @throws IOException if the file cannot be opened or read
     */
    public static NpyArray read(Path file) throws IOException {
        return read(file, (int[]) null);
    }

    /**
     * Reads a {@code .npy} file that must have this shape, checked from its header before any data
     * is read (a header claiming billions of floats costs nothing).
     *
     * @param expected the shape, or null for any
     * @throws InputException as {@link #read(Path)}, or {@code shape (X,), expected (Y,)}
     */
    public static NpyArray read(Path file, int... expected) throws IOException {
        try (FileChannel ch = open(file)) {
            Located at = locate(ch, file, expected);
            NpyHeader h = at.header();
            requireHeapFor(h, file);
            float[] out = new float[h.count];
            readData(ch, at.dataOffset(), out, h.descr.equals(F4) ? 4 : 8, file);
            return new NpyArray(h.shape, out, h.descr);
        }
    }

    /** The shape in a {@code .npy} file's header (checked against the file's size), without reading the data. */
    public static int[] shape(Path file) throws IOException {
        try (FileChannel ch = open(file)) {
            return locate(ch, file, null).header().shape.clone();
        }
    }

    private static FileChannel open(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new InputException(file, 0, "is a directory, not a .npy file");
        }
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw new InputException(file, 0, "is not a regular file (a FIFO, socket or device?), not a .npy file");
        }
        return FileChannel.open(file, StandardOpenOption.READ);
    }

    /** A valid header and where the data that matches it in size begins. */
    private record Located(NpyHeader header, long dataOffset) {}

    /** Reads and checks the header: its shape against {@code expected} (null: any) first, then against the file's size. */
    private static Located locate(FileChannel ch, Path file, int[] expected) throws IOException {
        long size = ch.size();
        // prefix: magic (6), version (2), header length (2 or 4)
        byte[] head = new byte[(int) Math.min(size, 12)];
        readFully(ch, ByteBuffer.wrap(head), 0, file);
        if (size == 0) {
            throw new InputException(file, 0, "empty file, not a .npy file");
        }
        int magicLen = Math.min(head.length, MAGIC.length);
        for (int i = 0; i < magicLen; i++) {
            if (head[i] != MAGIC[i]) {
                throw new InputException(file, 0, "not a .npy file (bad magic bytes " + hex(head, 0, magicLen) + ")");
            }
        }
        if (head.length < 8) {
            throw new InputException(file, 0, "truncated: " + size + " bytes, too short for a .npy header");
        }
        int major = head[6] & 0xff;
        int minor = head[7] & 0xff;
        int prefix;
        if (major == 1 && minor == 0) {
            prefix = 10;
        } else if ((major == 2 || major == 3) && minor == 0) {
            prefix = 12;
        } else {
            throw new InputException(file, 0, "unsupported .npy format version " + major + "." + minor
                    + " (expected 1.0, 2.0 or 3.0)");
        }
        if (size < prefix) {
            throw new InputException(file, 0, "truncated: " + size + " bytes, file ends inside the header length field");
        }
        ByteBuffer lenBuf = ByteBuffer.wrap(head, 8, prefix - 8).order(ByteOrder.LITTLE_ENDIAN);
        long headerLen = prefix == 10 ? (lenBuf.getShort() & 0xffffL) : (lenBuf.getInt() & 0xffffffffL);
        if (headerLen > size - prefix) {
            throw new InputException(file, 0, "truncated: header length " + headerLen + " but only "
                    + (size - prefix) + " bytes follow the " + prefix + "-byte prefix");
        }
        if (headerLen > MAX_HEADER_LEN) {
            throw new InputException(file, 0, "header length " + headerLen + " too large (limit " + MAX_HEADER_LEN + ")");
        }
        ByteBuffer hb = ByteBuffer.allocate((int) headerLen);
        readFully(ch, hb, prefix, file);
        NpyHeader h = NpyHeader.parse(NpyHeader.decode(hb.array(), major, file), file);
        if (expected != null && !java.util.Arrays.equals(h.shape, expected)) {
            throw new InputException(file, 0, "shape " + shapeRepr(h.shape) + ", expected " + shapeRepr(expected));
        }

        long dataOffset = prefix + headerLen;
        int itemSize = h.descr.equals(F4) ? 4 : 8;
        long dataBytes = (long) h.count * itemSize;
        long remaining = size - dataOffset;
        if (remaining < dataBytes) {
            throw new InputException(file, 0, "truncated: shape " + shapeRepr(h.shape) + " " + h.descr + " needs "
                    + dataBytes + " data bytes but only " + remaining + " follow the header");
        }
        if (remaining > dataBytes) {
            throw new InputException(file, 0, "trailing garbage: " + (remaining - dataBytes)
                    + " bytes after the " + dataBytes + " data bytes of shape " + shapeRepr(h.shape) + " " + h.descr);
        }
        return new Located(h, dataOffset);
    }

    /** An array may take at most half the heap: beyond that the read would end in an OutOfMemoryError. */
    private static void requireHeapFor(NpyHeader h, Path file) {
        long bytes = (long) h.count * Float.BYTES;
        long heap = Runtime.getRuntime().maxMemory();
        if (bytes > heap / 2) {
            throw new InputException(file, 0, "shape " + shapeRepr(h.shape) + " needs " + (bytes >> 20)
                    + " MiB as float32, more than half of this JVM's heap (" + (heap >> 20) + " MiB; raise -Xmx)");
        }
    }

    /**
     * Throws if the array holds a NaN or an infinity, naming the first such element.
     *
     * @throws InputException {@code wx.npy: non-finite value NaN at index [1, 2] (element 5 of 6)}
     */
    public static void requireFinite(NpyArray array, Path file) {
        float[] d = array.data();
        for (int i = 0; i < d.length; i++) {
            if (!Float.isFinite(d[i])) {
                throw new InputException(file, 0, "non-finite value " + d[i] + " at index "
                        + indexRepr(array.shape(), i) + " (element " + i + " of " + d.length + ")");
            }
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position, Path file) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            int r = ch.read(buf, pos);
            if (r < 0) {
                throw new InputException(file, 0, "truncated: file ended at byte " + pos + " while reading");
            }
            pos += r;
        }
    }

    private static void readData(FileChannel ch, long offset, float[] out, int itemSize, Path file)
            throws IOException {
        int perChunk = CHUNK_BYTES / itemSize;
        ByteBuffer buf = ByteBuffer.allocate(Math.min(out.length, perChunk) * itemSize).order(ByteOrder.LITTLE_ENDIAN);
        long pos = offset;
        int done = 0;
        while (done < out.length) {
            int n = Math.min(out.length - done, perChunk);
            buf.clear();
            buf.limit(n * itemSize);
            readFully(ch, buf, pos, file);
            pos += (long) n * itemSize;
            buf.flip();
            if (itemSize == 4) {
                buf.asFloatBuffer().get(out, done, n);
            } else {
                java.nio.DoubleBuffer db = buf.asDoubleBuffer();
                for (int i = 0; i < n; i++) {
                    out[done + i] = (float) db.get(i);
                }
            }
            done += n;
        }
    }


    private static String hex(byte[] b, int from, int to) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < to; i++) {
            sb.append(Character.forDigit((b[i] >> 4) & 0xf, 16)).append(Character.forDigit(b[i] & 0xf, 16));
        }
        return sb.toString();
    }

    private static String indexRepr(int[] shape, int flat) {
        int[] idx = new int[shape.length];
        int rest = flat;
        for (int a = shape.length - 1; a >= 0; a--) {
            idx[a] = rest % shape[a];
            rest /= shape[a];
        }
        StringBuilder b = new StringBuilder("[");
        for (int a = 0; a < idx.length; a++) {
            if (a > 0) {
                b.append(", ");
            }
            b.append(idx[a]);
        }
        return b.append(']').toString();
    }

    /** NumPy's repr of a shape tuple: {@code ()}, {@code (5,)}, {@code (2, 3)}. */
    public static String shapeRepr(int[] shape) {
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) {
                b.append(", ");
            }
            b.append(shape[i]);
        }
        if (shape.length == 1) {
            b.append(',');
        }
        return b.append(')').toString();
    }

    // ----------------------------------------------------------------------------------- write

    /**
     * Writes a float32 array as a version 1.0 {@code <f4} .npy file, byte for byte as {@code
     * numpy.save} would, replacing {@code file} atomically.
     *
     * @param shape the dimensions; none for a 0-d scalar (then {@code data.length} must be 1)
     * @throws IllegalArgumentException if the shape does not match {@code data.length}
     */
    public static void write(Path file, float[] data, int... shape) throws IOException {
        checkShape(data.length, shape);
        byte[] header = header(F4, shape);
        AtomicFiles.writeBytes(file, out -> {
            out.write(header);
            ByteBuffer buf = ByteBuffer.allocate(Math.min(data.length, CHUNK_BYTES / 4) * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (int done = 0; done < data.length; ) {
                int n = Math.min(data.length - done, buf.capacity() / 4);
                buf.clear();
                buf.asFloatBuffer().put(data, done, n);
                buf.limit(n * 4);
                out.write(buf.array(), 0, buf.limit());
                done += n;
            }
        });
    }

    /** Writes an {@link NpyArray} as float32, see {@link #write(Path, float[], int...)}. */
    public static void write(Path file, NpyArray array) throws IOException {
        write(file, array.data(), array.shape());
    }

    /**
     * Writes a float64 array as a version 1.0 {@code <f8} .npy file, replacing {@code file}
     * atomically.
     */
    public static void writeDouble(Path file, double[] data, int... shape) throws IOException {
        checkShape(data.length, shape);
        byte[] header = header(F8, shape);
        AtomicFiles.writeBytes(file, out -> {
            out.write(header);
            ByteBuffer buf = ByteBuffer.allocate(Math.min(data.length, CHUNK_BYTES / 8) * 8).order(ByteOrder.LITTLE_ENDIAN);
            for (int done = 0; done < data.length; ) {
                int n = Math.min(data.length - done, buf.capacity() / 8);
                buf.clear();
                buf.asDoubleBuffer().put(data, done, n);
                buf.limit(n * 8);
                out.write(buf.array(), 0, buf.limit());
                done += n;
            }
        });
    }

    private static void checkShape(int length, int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + shapeRepr(shape));
            }
            n *= d;
            if (n > MAX_ELEMENTS) {
                throw new IllegalArgumentException("shape " + shapeRepr(shape) + " is too large");
            }
        }
        if (n != length) {
            throw new IllegalArgumentException("shape " + shapeRepr(shape) + " has " + n
                    + " elements but the data has " + length);
        }
    }

    /**
     * The complete header (magic, version, length, dict, padding, newline) NumPy writes for a
     * C-order array of this dtype and shape: version 1.0 unless the header needs more than
     * 65535 bytes, padded so that its length is a multiple of 64.
     */
    static byte[] header(String descr, int[] shape) {
        StringBuilder dict = new StringBuilder();
        dict.append("{'descr': '").append(descr).append("', 'fortran_order': False, 'shape': ")
                .append(shapeRepr(shape)).append(", }");
        if (shape.length > 0) {
            // numpy >= 1.24 leaves room for the first axis to grow in place
            int digits = Integer.toString(shape[0]).length();
            dict.append(" ".repeat(Math.max(0, GROWTH_AXIS_MAX_DIGITS - digits)));
        }
        int major = 1;
        int prefix = 10;
        int hlen = dict.length() + 1;
        int padlen = ARRAY_ALIGN - ((prefix + hlen) % ARRAY_ALIGN);
        if (hlen + padlen > 0xffff) {
            major = 2;
            prefix = 12;
            padlen = ARRAY_ALIGN - ((prefix + hlen) % ARRAY_ALIGN);
        }
        dict.append(" ".repeat(padlen)).append('\n');
        byte[] text = dict.toString().getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(prefix + text.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) major).put((byte) 0);
        if (major == 1) {
            b.putShort((short) text.length);
        } else {
            b.putInt(text.length);
        }
        b.put(text);
        return b.array();
    }
}
