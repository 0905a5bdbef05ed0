package org.rnnslu.json;

/** Malformed or over-limit JSON: a one-line message naming the char offset and what was expected. */
public final class JsonException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int offset;

    public JsonException(int offset, String reason) {
        super("at char " + offset + ": " + reason);
        this.offset = offset;
    }

    /** The 0-based char offset where the problem was found. */
    public int offset() {
        return offset;
    }
}
