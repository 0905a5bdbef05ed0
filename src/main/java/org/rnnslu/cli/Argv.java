package org.rnnslu.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line as the user typed it. The JVM decodes argv with {@code sun.jnu.encoding}, which
 * follows the locale: under {@code LC_ALL=C} it is ASCII and "zürich" arrives as "z\uFFFD\uFFFDrich".
 * On Linux the raw bytes are in {@code /proc/self/cmdline}; an argument the JVM could not decode is
 * replaced by its bytes decoded as UTF-8 when those bytes, decoded the JVM's way, give exactly the
 * argument it received. Where that is impossible (no /proc, bytes that are not UTF-8) an argument
 * holding U+FFFD is an error that says to use a UTF-8 locale or stdin.
 */
final class Argv {

    private static final char REPLACEMENT = '\uFFFD';

    private Argv() {}

    /** {@code args} with mis-decoded arguments recovered from the raw bytes (see the class doc). */
    static String[] recover(String[] args) {
        if (!anyReplaced(args)) {
            return args;
        }
        return recover(args, rawArguments(), jnuCharset());
    }

    /** As {@link #recover(String[])} with the raw argv (null if unknown) and the JVM's charset. */
    static String[] recover(String[] args, List<byte[]> raw, Charset jvm) {
        String[] out = args.clone();
        int offset = raw == null ? -1 : raw.size() - args.length; // the main class's arguments come last
        for (int i = 0; i < args.length; i++) {
            if (args[i].indexOf(REPLACEMENT) < 0) {
                continue;
            }
            String utf8 = offset < 0 ? null : utf8(raw.get(offset + i));
            if (utf8 == null || !new String(raw.get(offset + i), jvm).equals(args[i])) {
                throw new UsageException("argument " + (i + 1) + " '" + args[i] + "' is not readable in this locale (sun.jnu.encoding="
                        + jvm.name() + "); run under a UTF-8 locale (LC_ALL=C.UTF-8) or give the sentences on stdin");
            }
            out[i] = utf8;
        }
        return out;
    }

    private static boolean anyReplaced(String[] args) {
        for (String a : args) {
            if (a.indexOf(REPLACEMENT) >= 0) {
                return true;
            }
        }
        return false;
    }

    /** The process's argv as bytes (Linux), or null. */
    private static List<byte[]> rawArguments() {
        byte[] all;
        try {
            all = Files.readAllBytes(Path.of("/proc/self/cmdline"));
        } catch (IOException | RuntimeException e) {
            return null;
        }
        List<byte[]> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < all.length; i++) {
            if (all[i] == 0) {
                out.add(java.util.Arrays.copyOfRange(all, start, i));
                start = i + 1;
            }
        }
        return out;
    }

    private static Charset jnuCharset() {
        try {
            return Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
        } catch (RuntimeException e) {
            return Charset.defaultCharset();
        }
    }

    /** Strict UTF-8, or null if the bytes are not UTF-8. */
    private static String utf8(byte[] b) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
