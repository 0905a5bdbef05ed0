package org.rnnslu.cli.trace;

/**
 * A flag value the call cannot take (a malformed --idxs, a label the model does not have, an
 * objective the task cannot train); its message is one line naming the flag and the value. The
 * command reports it as a usage error: that line, exit code 2.
 */
public final class FlagException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    FlagException(String message) {
        super(message);
    }
}
