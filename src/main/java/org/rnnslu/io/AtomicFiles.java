package org.rnnslu.io;

import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one way rnnslu writes a file. What is done depends on what the path is now:
 * <ul>
 *   <li>nothing, or a regular file: the content goes to a new temporary file beside it, which is
 *       forced to disk, renamed over the path, and then the folder is forced. A reader sees the old
 *       file or the new one, never half of one, and a crash leaves one of the two whole. A replaced
 *       file keeps its permissions; a new one gets the umask's.</li>
 *   <li>a character device or a FIFO ({@code /dev/stdout}, {@code /dev/null}, a named pipe): written
 *       into, never replaced (no temporary file, no rename, no sync).</li>
 *   <li>a symbolic link: followed to what it names, which is then treated as above (a link to a
 *       regular file: the file is replaced beside itself and the link stays a link). A dangling link
 *       or a loop is refused.</li>
 *   <li>a folder, a block device, a socket: refused.</li>
 * </ul>
 * Refusals are {@link InputException}s naming the path; a failed write (a full disk, a read-only
 * file system) is a {@link FileSystemException} naming it. After a failure the path is as before.
 *
 * <p>Durability, the one policy of every file rnnslu publishes (the model's files, MANIFEST, the
 * marker, checkpoints, predictions, recipes, the corpus {@code generate-data} writes): the temporary
 * file's content is forced to disk before the rename, so that after a crash the name never points to
 * a file whose data did not reach the disk; then the folder is forced, so that the rename itself
 * survives the crash. A file written into a fresh folder ({@link #fillingFolder}, which {@link
 * FolderSwap} and {@link ModelZip} use) is forced as well, but its folder is forced once, when full,
 * by its writer before the folder is renamed into place ({@link #forceFolder}). Devices and FIFOs are
 * not synced, and neither is anything rnnslu does not publish (the holder line of a {@link FolderLock},
 * which only a running process reads; the scratch copy of a zip being read).
 */
public final class AtomicFiles {

    /** The body of a text write. */
    @FunctionalInterface
    public interface Body {
        void write(Writer out) throws IOException;
    }

    /** The body of a binary write. */
    @FunctionalInterface
    public interface Bytes {
        void write(OutputStream out) throws IOException;
    }

    private static final int BUFFER = 1 << 16;
    // file type bits of st_mode
    private static final int S_IFMT = 0170000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFIFO = 0010000;
    private static final int S_IFBLK = 0060000;

    /** A fresh folder the current thread fills that its writer syncs once when full (see {@link #fillingFolder}). */
    private static final ThreadLocal<Path> FILLING = new ThreadLocal<>();

    private AtomicFiles() {}

    /**
     * Runs {@code fill} with writes into {@code dir} (a new folder no one reads yet, synced by the
     * caller when full) not syncing the folder after each file; each file is still synced.
     */
    public static void fillingFolder(Path dir, FolderFill fill) throws IOException {
        Path before = FILLING.get();
        FILLING.set(dir.toAbsolutePath());
        try {
            fill.run();
        } finally {
            FILLING.set(before);
        }
    }

    /** Writes into a folder being filled. */
    @FunctionalInterface
    public interface FolderFill {
        void run() throws IOException;
    }

    /** Runs {@code body} on a UTF-8 writer (unencodable text is an error) and puts the result at {@code file}. */
    public static void write(Path file, Body body) throws IOException {
        writeBytes(file, out -> {
            Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8.newEncoder()), BUFFER);
            body.write(w);
            w.flush(); // not close: the stream is the caller's
        });
    }

    /** Writes each line followed by '\n'. */
    public static void writeLines(Path file, List<String> lines) throws IOException {
        write(file, w -> {
            for (String s : lines) {
                w.write(s);
                w.write('\n');
            }
        });
    }

    /** Writes UTF-8 text as it is. */
    public static void writeString(Path file, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        writeBytes(file, out -> out.write(bytes));
    }

    /** Runs {@code body} on a buffered stream and puts the result at {@code file} (see the class comment). */
    public static void writeBytes(Path file, Bytes body) throws IOException {
        Path abs = file.toAbsolutePath();
        Path target = followLinks(abs);
        BasicFileAttributes a = attributes(target);
        try {
            if (a == null || a.isRegularFile()) {
                replace(target, body);
            } else if (a.isDirectory()) {
                throw new InputException(file, 0, "is a folder, not a file; not writing to it");
            } else if (isStream(target)) {
                writeInto(target, body);
            } else {
                throw new InputException(file, 0, "is a " + typeOf(target) + "; not writing to it");
            }
        } catch (IOException e) {
            FileSystemException named = new FileSystemException(file.toString(), null, reason(e));
            named.initCause(e);
            throw named;
        }
    }

    /** Forces a folder's entries to disk (after a rename into it); a no-op where folders cannot be synced. */
    public static void forceFolder(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not every file system can sync a folder; the rename itself is still atomic
        }
    }

    /** The path a write lands on: {@code abs}, or what its symbolic links resolve to. */
    private static Path followLinks(Path abs) throws IOException {
        if (!Files.isSymbolicLink(abs)) {
            return abs;
        }
        try {
            return abs.toRealPath();
        } catch (NoSuchFileException e) {
            throw new InputException(abs, 0, "is a symbolic link to " + Files.readSymbolicLink(abs)
                    + ", which does not exist; not writing through it");
        } catch (FileSystemException e) {
            throw new InputException(abs, 0, "is a symbolic link that cannot be followed (" + reason(e) + ")");
        }
    }

    private static BasicFileAttributes attributes(Path p) throws IOException {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** Writes to a fresh temporary file beside {@code target}, forces it and renames it over. */
    private static void replace(Path target, Bytes body) throws IOException {
        Path dir = target.getParent();
        Set<PosixFilePermission> keep = permissions(target);
        Path tmp = null;
        FileChannel ch = null;
        for (int attempt = 0; ch == null; attempt++) {
            tmp = dir.resolve("." + target.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
            try {
                ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (FileAlreadyExistsException e) {
                if (attempt > 100) {
                    throw e;
                }
            }
        }
        boolean moved = false;
        try {
            try (FileChannel c = ch) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(c), BUFFER);
                body.write(out);
                out.flush();
                c.force(true);
            }
            if (keep != null) {
                Files.setPosixFilePermissions(tmp, keep);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
            if (!dir.equals(FILLING.get())) {
                forceFolder(dir);
            }
        } finally {
            if (!moved) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /** The permissions of an existing regular file (to keep), or null. */
    private static Set<PosixFilePermission> permissions(Path p) throws IOException {
        try {
            return Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS).permissions();
        } catch (NoSuchFileException | UnsupportedOperationException e) {
            return null;
        }
    }

    private static void writeInto(Path target, Bytes body) throws IOException {
        try (OutputStream raw = Files.newOutputStream(target, StandardOpenOption.WRITE)) {
            OutputStream out = new BufferedOutputStream(raw, BUFFER);
            body.write(out);
            out.flush();
        }
    }

    /** A character device or a FIFO (or, where the file type cannot be read, any special file). */
    private static boolean isStream(Path p) throws IOException {
        Integer type = fileType(p);
        return type == null || type == S_IFCHR || type == S_IFIFO;
    }

    private static String typeOf(Path p) throws IOException {
        Integer type = fileType(p);
        return type != null && type == S_IFBLK ? "block device" : "special file (a socket?)";
    }

    private static Integer fileType(Path p) throws IOException {
        try {
            return ((Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS)) & S_IFMT;
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return null;
        }
    }

    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "its folder does not exist";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
