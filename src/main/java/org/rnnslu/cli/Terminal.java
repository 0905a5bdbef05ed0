package org.rnnslu.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Whether a standard stream is a terminal (for progress lines that would litter a log file). */
final class Terminal {

    private Terminal() {}

    /**
     * True when file descriptor 2 is a terminal: on Linux what /proc/self/fd/2 links to (a pts or
     * tty device); elsewhere {@code System.console() != null} (stdin and stdout are terminals).
     */
    static boolean stderrIsTerminal() {
        Path fd = Path.of("/proc/self/fd/2");
        try {
            if (Files.isSymbolicLink(fd)) {
                String target = Files.readSymbolicLink(fd).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
            }
        } catch (java.io.IOException | SecurityException | UnsupportedOperationException e) {
            // fall through to the portable test
        }
        return System.console() != null;
    }
}
