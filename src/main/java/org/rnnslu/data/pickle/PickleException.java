package org.rnnslu.data.pickle;

/** A pickle the reader will not accept: the message names the opcode or global and the byte offset. */
public final class PickleException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public PickleException(String message) {
        super(message);
    }
}
