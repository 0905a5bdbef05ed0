package org.rnnslu.io;

import java.nio.file.Path;

/**
 * Bad user input: a malformed file, a length mismatch, an unknown label, a truncated model. Its
 * message is one line that names the file and, when it makes sense, the 1-based line:
 * {@code data/train/seq.out:17: 9 labels for 10 words}. The CLI prints it and exits 2, with no
 * stack trace.
 */
public class InputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;

    /** @param line 1-based line number, or 0 when the problem is not on one line */
    public InputException(Path file, int line, String reason) {
        this(file == null ? "<input>" : file.toString(), line, reason, null);
    }

    public InputException(Path file, int line, String reason, Throwable cause) {
        this(file == null ? "<input>" : file.toString(), line, reason, cause);
    }

    /** @param source what was read, when it is not a file: "stdin" */
    public InputException(String source, int line, String reason) {
        this(source, line, reason, null);
    }

    public InputException(String source, int line, String reason, Throwable cause) {
        super(source + (line > 0 ? ":" + line : "") + ": " + oneLine(reason), cause);
        this.file = source;
        this.line = line;
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }

    /** An offending value shortened for a message: at most 40 characters, the cut marked with "...". */
    public static String clip(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replace('\r', ' ').replace('\n', ' ');
    }
}
