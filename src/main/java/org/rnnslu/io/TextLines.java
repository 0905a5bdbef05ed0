package org.rnnslu.io;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Strict line-by-line UTF-8 reader for the data files. Lines end at {@code \n}; one trailing
 * {@code \r} is stripped (CRLF files); a UTF-8 byte order mark at the start of the file is skipped.
 * Bytes that are not UTF-8, a {@code \r} inside a line, or a line longer than
 * {@link #maxLineBytes()} are an {@link InputException} naming the file (or "stdin") and the
 * 1-based line. It never reads more than one line (plus a 64 KiB buffer) ahead, and the longest line
 * is a fraction of the heap, so a file without newlines cannot exhaust it.
 */
public final class TextLines implements Closeable {

    /** Longest accepted line, in bytes, with a large heap: far beyond a 100,000-word sentence (about 1 MB). */
    public static final int MAX_LINE_BYTES = 64 << 20;

    /**
     * A line costs up to about five times its bytes while it is decoded (the bytes, a char buffer,
     * the string), and the reader's buffer may be growing: lines are capped at this fraction of
     * the heap.
     */
    private static final int HEAP_FRACTION = 16;

    private final String source;
    private final InputStream in;
    private final int maxLineBytes;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int limit;
    private boolean eof;
    private byte[] line = new byte[256];
    private int lineLength;
    private int lineNumber;

    private TextLines(String source, InputStream in, int maxLineBytes) {
        this.source = source;
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /**
     * Opens a file; a missing file, a directory, a FIFO, a device or an unreadable file is an
     * {@link InputException}.
     */
    public static TextLines open(Path file) throws IOException {
        return open(file, maxLineBytes());
    }

    /** A stream read as a file named {@code source} in messages ("stdin"); closing closes it. */
    public static TextLines of(String source, InputStream in) {
        return new TextLines(source, in, maxLineBytes());
    }

    /**
     * The longest accepted line: {@link #MAX_LINE_BYTES}, or 1/16 of the JVM's heap
     * ({@code -Xmx}) when that is less, and at least 64 KiB.
     */
    public static int maxLineBytes() {
        long byHeap = Runtime.getRuntime().maxMemory() / HEAP_FRACTION;
        return (int) Math.max(1 << 16, Math.min(MAX_LINE_BYTES, byHeap));
    }

    /** As {@link #open(Path)} with another line length limit (tests). */
    static TextLines open(Path file, int maxLineBytes) throws IOException {
        if (Files.isDirectory(file)) {
            throw new InputException(file, 0, "is a directory, expected a file");
        }
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            // a FIFO without a writer would block the open forever; a device never ends
            throw new InputException(file, 0, "is not a regular file (a FIFO, socket or device?), expected a file");
        }
        try {
            return new TextLines(file.toString(), Files.newInputStream(file), maxLineBytes);
        } catch (NoSuchFileException e) {
            throw new InputException(file, 0, "file not found");
        } catch (AccessDeniedException e) {
            throw new InputException(file, 0, "permission denied");
        }
    }

    /** All lines of a file (see {@link #next()}). */
    public static List<String> readAll(Path file) throws IOException {
        try (TextLines lines = open(file)) {
            List<String> out = new ArrayList<>();
            for (String s = lines.next(); s != null; s = lines.next()) {
                out.add(s);
            }
            return out;
        }
    }

    /** 1-based number of the line last returned by {@link #next()} (0 before the first). */
    public int lineNumber() {
        return lineNumber;
    }

    /**
     * The next line without its terminator, or null at the end of the file. A final line without
     * {@code \n} is returned; "a\n" is one line, "a\n\n" two (the second empty).
     */
    public String next() throws IOException {
        lineLength = 0;
        boolean any = false;
        while (true) {
            if (pos == limit) {
                if (eof || !fill()) {
                    if (!any) {
                        return null;
                    }
                    break;
                }
            }
            any = true;
            int start = pos;
            int nl = -1;
            for (int i = pos; i < limit; i++) {
                if (buf[i] == '\n') {
                    nl = i;
                    break;
                }
            }
            int end = nl < 0 ? limit : nl;
            append(start, end - start);
            pos = nl < 0 ? limit : nl + 1;
            if (nl >= 0) {
                break;
            }
        }
        lineNumber++;
        return decode();
    }

    private boolean fill() throws IOException {
        int n = in.read(buf, 0, buf.length);
        while (n == 0) {
            n = in.read(buf, 0, buf.length);
        }
        if (n < 0) {
            eof = true;
            pos = limit = 0;
            return false;
        }
        pos = 0;
        limit = n;
        return true;
    }

    private void append(int from, int n) {
        if ((long) lineLength + n > maxLineBytes) {
            boolean byHeap = maxLineBytes < MAX_LINE_BYTES && maxLineBytes == maxLineBytes();
            throw new InputException(source, lineNumber + 1, "line longer than " + maxLineBytes + " bytes"
                    + (byHeap ? ", the limit for this heap (1/" + HEAP_FRACTION + " of -Xmx)" : "") + " (not a text file?)");
        }
        if (lineLength + n > line.length) {
            int cap = (int) Math.min(maxLineBytes, Math.max((long) line.length * 2, lineLength + n));
            line = java.util.Arrays.copyOf(line, cap);
        }
        System.arraycopy(buf, from, line, lineLength, n);
        lineLength += n;
    }

    private String decode() {
        int from = 0;
        int len = lineLength;
        if (lineNumber == 1 && len >= 3 && line[0] == (byte) 0xEF && line[1] == (byte) 0xBB
                && line[2] == (byte) 0xBF) {
            from = 3;
            len -= 3;
        }
        if (len > 0 && line[from + len - 1] == '\r') {
            len--;
        }
        boolean ascii = true;
        for (int i = from; i < from + len; i++) {
            byte b = line[i];
            if (b < 0) {
                ascii = false;
                break;
            }
            if (b == '\r') {
                throw new InputException(source, lineNumber,
                        "carriage return inside a line at byte " + (i - from + 1)
                                + " (old Mac line endings?)");
            }
        }
        if (ascii) {
            return new String(line, from, len, StandardCharsets.ISO_8859_1);
        }
        ByteBuffer bytes = ByteBuffer.wrap(line, from, len);
        CharBuffer chars = CharBuffer.allocate(len);
        decoder.reset();
        CoderResult r = decoder.decode(bytes, chars, true);
        if (!r.isError()) {
            r = decoder.flush(chars);
        }
        if (r.isError()) {
            int at = bytes.position();
            throw new InputException(source, lineNumber, String.format(
                    "not valid UTF-8: byte 0x%02X at byte %d of the line",
                    line[at] & 0xFF, at - from + 1));
        }
        chars.flip();
        String s = chars.toString();
        if (s.indexOf('\r') >= 0) {
            throw new InputException(source, lineNumber,
                    "carriage return inside a line (old Mac line endings?)");
        }
        return s;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** True when the line holds only whitespace (or nothing). */
    public static boolean isBlank(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!isSeparator(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Word separators: any whitespace run (spaces, tabs, form feeds, Unicode spaces). */
    public static boolean isSeparator(char c) {
        return c == ' ' || c == '\t' || Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    /** Splits on whitespace runs; leading and trailing whitespace is ignored. */
    public static String[] tokens(String s) {
        return tokens(s, null);
    }

    /**
     * Splits on whitespace runs, sharing equal tokens through {@code pool} (may be null) so that a
     * corpus holds each distinct word once.
     */
    public static String[] tokens(String s, Map<String, String> pool) {
        return split(s, TextLines::isSeparator, pool);
    }

    /** Which characters separate tokens. */
    @FunctionalInterface
    public interface Gap {
        boolean test(char c);
    }

    /**
     * Splits on runs of the characters {@code gap} accepts (leading and trailing ones ignored),
     * sharing equal tokens through {@code pool} (may be null).
     */
    public static String[] split(String s, Gap gap, Map<String, String> pool) {
        int n = 0;
        int len = s.length();
        for (int i = 0; i < len; ) {
            while (i < len && gap.test(s.charAt(i))) {
                i++;
            }
            if (i < len) {
                n++;
            }
            while (i < len && !gap.test(s.charAt(i))) {
                i++;
            }
        }
        String[] out = new String[n];
        int k = 0;
        for (int i = 0; i < len; ) {
            while (i < len && gap.test(s.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < len && !gap.test(s.charAt(i))) {
                i++;
            }
            if (i > start) {
                String t = s.substring(start, i);
                out[k++] = pool == null ? t : pool.computeIfAbsent(t, x -> x);
            }
        }
        return out;
    }
}
