package org.rnnslu.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * An exclusive lock on a folder for one process: {@code DIR.lock} beside it, locked with the
 * operating system's file lock (so a crashed or killed holder releases it) and naming its holder
 * (pid, host, start time) for the error a second process gets. Closing it deletes the file: a run
 * that opened the file before the delete finds, after locking, that the path is no longer its file
 * (through /proc/self/fd) and locks the new one; where that cannot be checked the file is emptied
 * instead and stays. One process opens a lock file at most once (closing any descriptor of a file
 * drops the process's POSIX locks on it), so a second lock in the same process is refused up front.
 */
public final class FolderLock implements AutoCloseable {

    /** The holder line of every lock this process holds, by lock file (a process opens each lock file once). */
    private static final Map<Path, String> HOLDERS = new ConcurrentHashMap<>();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    /** Whether the file can be deleted on close (we could check, on locking, that the path is our file). */
    private final boolean deletable;

    private FolderLock(Path file, FileChannel channel, FileLock lock, boolean deletable) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.deletable = deletable;
    }

    /**
     * The lock of a training run on its model folder {@code out} and checkpoint folder: taken, then
     * any save that a crash interrupted is recovered (each said in one line to {@code notices}), then
     * both folders are checked to be ones the run may replace, so the run fails before it trains.
     *
     * @throws InputException naming the holder when another run has the lock, or why a folder is not ours
     */
    public static FolderLock forTraining(Path out, Path checkpoint, Consumer<String> notices) throws IOException {
        FolderLock lock = acquire(out, "train");
        try {
            prepare(out, FolderSwap.Kind.MODEL, notices);
            prepare(checkpoint, FolderSwap.Kind.CHECKPOINT, notices);
            return lock;
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private static void prepare(Path dir, FolderSwap.Kind kind, Consumer<String> notices) throws IOException {
        if (kind == FolderSwap.Kind.MODEL && ModelZip.isZipName(dir)) {
            ModelZip.requireReplaceable(dir); // a zip is one file, replaced by one rename
            return;
        }
        String recovered = FolderSwap.recover(dir, kind);
        if (recovered != null) {
            notices.accept(recovered);
        }
        Path target = FolderSwap.target(dir);
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            FolderSwap.requireReplaceable(target, kind);
        }
    }

    /** Takes the lock of {@code dir} for {@code purpose} (a word for the holder line), or throws naming its holder. */
    public static FolderLock acquire(Path dir, String purpose) throws IOException {
        Path target = ModelZip.isZipName(dir) ? dir.toAbsolutePath().normalize() : FolderSwap.target(dir);
        Files.createDirectories(target.getParent());
        Path file = target.getParent().toRealPath().resolve(target.getFileName() + ".lock");
        for (int attempt = 0; ; attempt++) {
            String line = holderLine(purpose);
            String inProcess = HOLDERS.putIfAbsent(file, line);
            if (inProcess != null) {
                throw inUse(dir, purpose, inProcess, file);
            }
            boolean held = false;
            try {
                FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                        StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
                FileLock lock = tryLock(ch);
                if (lock == null) {
                    String holder = holder(ch);
                    ch.close();
                    throw inUse(dir, purpose, holder, file);
                }
                Boolean current = isAtPath(file);
                if (Boolean.FALSE.equals(current) && attempt < 100) {
                    lock.release(); // the holder before us deleted the file we opened: lock the new one
                    ch.close();
                    continue;
                }
                describe(ch, line);
                held = true;
                return new FolderLock(file, ch, lock, current != null);
            } finally {
                if (!held) {
                    HOLDERS.remove(file);
                }
            }
        }
    }

    private static FileLock tryLock(FileChannel ch) throws IOException {
        try {
            return ch.tryLock();
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private static InputException inUse(Path dir, String purpose, String holder, Path file) {
        return new InputException(dir, 0, "in use by another " + purpose + " run (" + holder + ", lock " + file
                + "); wait for it to end or choose another folder");
    }

    /**
     * Whether the lock file this process has open is still the file at {@code file} (another run
     * may have deleted it between our open and our lock); null where that cannot be told (no
     * /proc/self/fd): then the file is never deleted.
     */
    private static Boolean isAtPath(Path file) throws IOException {
        Path fds = Path.of("/proc/self/fd");
        if (!Files.isDirectory(fds)) {
            return null;
        }
        Object now;
        try {
            now = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (NoSuchFileException e) {
            return false;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(fds)) {
            for (Path fd : ds) {
                String open;
                try {
                    open = Files.readSymbolicLink(fd).toString();
                } catch (IOException e) {
                    continue;
                }
                if (open.equals(file.toString()) || open.equals(file + " (deleted)")) {
                    Object mine = Files.readAttributes(fd, BasicFileAttributes.class).fileKey(); // the open file's
                    return now != null && now.equals(mine);
                }
            }
        }
        return null;
    }

    /** "pid P on HOST, train started T". */
    private static String holderLine(String purpose) {
        String host = System.getenv().getOrDefault("HOSTNAME", "");
        if (host.isEmpty()) {
            try {
                host = Files.readString(Path.of("/etc/hostname")).strip();
            } catch (IOException | RuntimeException e) {
                host = "unknown host";
            }
        }
        return "pid " + ProcessHandle.current().pid() + " on " + host + ", " + purpose + " started "
                + Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    }

    private static void describe(FileChannel ch, String line) throws IOException {
        ch.truncate(0);
        ByteBuffer b = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
        for (long at = 0; b.hasRemaining(); ) {
            at += ch.write(b, at);
        }
        // not forced: only a live holder's line is ever read (a crash releases the lock), see AtomicFiles
    }

    private static String holder(FileChannel ch) {
        try {
            ByteBuffer b = ByteBuffer.allocate(512);
            ch.read(b, 0);
            String s = new String(b.array(), 0, b.position(), StandardCharsets.UTF_8).strip();
            int nl = s.indexOf('\n');
            s = nl < 0 ? s : s.substring(0, nl);
            return s.isEmpty() ? "holder unknown" : s.replaceAll("[^\\p{Print}]", "?");
        } catch (IOException e) {
            return "holder unknown";
        }
    }

    /** The lock file. */
    public Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        if (!channel.isOpen()) {
            return;
        }
        try {
            if (deletable) {
                Files.deleteIfExists(file); // while we hold it; a run that opened it before re-checks the path
            } else {
                channel.truncate(0); // no holder
            }
        } finally {
            lock.release();
            channel.close();
            HOLDERS.remove(file);
        }
    }
}
