package org.rnnslu.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The process's stdout (or stderr) as UTF-8 whatever the locale, {@code file.encoding} or
 * {@code stdout.encoding} say, remembering why a write failed: a {@link PrintStream} keeps only a
 * flag, so {@code System.out} on a full disk, {@code /dev/full} or a closed descriptor loses the
 * output silently. {@link #failure()} gives the first error's reason ("No space left on device").
 */
final class Stdout extends PrintStream {

    private final Recorder recorder;

    private Stdout(Recorder recorder) {
        super(new BufferedOutputStream(recorder, 1 << 16), false, StandardCharsets.UTF_8);
        this.recorder = recorder;
    }

    /** Over any stream (tests); what it throws is remembered. */
    Stdout(OutputStream out) {
        this(new Recorder(out));
    }

    /** File descriptor 1, unbuffered by the JVM, buffered here (flushed by {@link #checkError()}). */
    static Stdout out() {
        return new Stdout(new FileOutputStream(FileDescriptor.out));
    }

    /** File descriptor 2, flushed at every line. */
    static PrintStream err() {
        return new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
    }

    /** The first write error, or null. */
    IOException failure() {
        return recorder.failure;
    }

    /** The reason a write to {@code out} failed, or null if none did (flushes). */
    static String writeFailure(PrintStream out) {
        if (!out.checkError()) {
            return null;
        }
        IOException e = out instanceof Stdout s ? s.failure() : null;
        String reason = e == null ? null : e.getMessage();
        return reason == null || reason.isBlank() ? (e == null ? "write error" : e.getClass().getSimpleName()) : reason;
    }

    /** Passes writes through and keeps the first exception. */
    private static final class Recorder extends FilterOutputStream {
        IOException failure;

        Recorder(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            try {
                out.write(b);
            } catch (IOException e) {
                throw remember(e);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                throw remember(e);
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                throw remember(e);
            }
        }

        private IOException remember(IOException e) {
            if (failure == null) {
                failure = e;
            }
            return e;
        }
    }
}
