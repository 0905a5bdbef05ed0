package org.rnnslu.io;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiConsumer;

/**
 * Replaces a whole folder (a model, a checkpoint) so that a reader finds the old folder or the new
 * one, never a mix, and a crash at any point leaves one of them whole:
 * <pre>
 *   DIR.tmp-PID-X   written, MANIFEST of its files, then the marker (.rnnslu: kind and save id), synced
 *   DIR -> DIR.old-PID-N   (skipped when there is no DIR)
 *   DIR.tmp-PID-X -> DIR   the parent synced
 *   DIR.old-PID-N          its files deleted (only the ones MANIFEST lists), then the folder
 * </pre>
 * After a crash between the two renames DIR is missing and DIR.old-PID-N is whole: {@link #recover}
 * renames it back (train does at its start), {@link #interruptedSave} finds it for a reader.
 *
 * <p>Only our folders are replaced: a folder with our marker of the same kind whose every entry is a
 * regular file its MANIFEST lists, an empty folder, or a folder from before the marker that a
 * MANIFEST check proves unchanged. Anything else (a folder that merely holds words.txt, a symbolic
 * link or a file the user put in a model folder) is an {@link InputException} and nothing is
 * touched. Deleting never follows a symbolic link. DIR itself may be a symbolic link to a folder:
 * the folder it names is replaced (beside itself) and the link stays.
 */
public final class FolderSwap {

    /** The marker file that says a folder is ours: {@code kind=...} and, for swapped folders, {@code save_id=...}. */
    public static final String MARKER = ".rnnslu";

    /** What a folder holds; a folder of one kind is never replaced by another. */
    public enum Kind {
        MODEL("model", "model.txt", "# rnnslu model"),
        CHECKPOINT("checkpoint", "state.txt", "format_version="),
        DATA("data", null, null),
        /** {@code trace --dump}: the intermediates of one call, replaced whole by the next dump. */
        TRACE("trace", null, null);

        final String id;
        /** A folder from before the marker is ours if this file starts with this line (and MANIFEST verifies). */
        final String legacyFile;
        final String legacyStart;

        Kind(String id, String legacyFile, String legacyStart) {
            this.id = id;
            this.legacyFile = legacyFile;
            this.legacyStart = legacyStart;
        }

        public String id() {
            return id;
        }

        static Kind parse(String id) {
            for (Kind k : values()) {
                if (k.id.equals(id)) {
                    return k;
                }
            }
            return null;
        }
    }

    /** The points of a save at which a crash leaves a different state on disk (see {@link #onStep}). */
    public enum Step { WRITTEN, OLD_MOVED, NEW_MOVED, OLD_DELETED }

    /** Fills a folder. */
    public interface FolderWriter {
        void write(Path dir) throws IOException;
    }

    private static final long PID = ProcessHandle.current().pid();
    private static volatile BiConsumer<Path, Step> stepHook = (dir, step) -> {};

    private FolderSwap() {}

    /**
     * For crash tests: {@code hook} runs at each {@link Step} of every save with the folder being
     * replaced (the disk then is what a kill at that point leaves). Null restores the default (nothing).
     */
    public static void onStep(BiConsumer<Path, Step> hook) {
        stepHook = hook == null ? (dir, step) -> {} : hook;
    }

    /** Writes a folder of {@code kind} at {@code dir} through a temporary sibling (see the class comment). */
    public static void replace(Path dir, Kind kind, FolderWriter writer) throws IOException {
        Path target = target(dir);
        Path parent = target.getParent();
        Files.createDirectories(parent);
        boolean exists = Files.exists(target, LinkOption.NOFOLLOW_LINKS);
        if (exists) {
            requireReplaceable(target, kind);
        }
        Path tmp = createSibling(target, exists);
        boolean published = false;
        try {
            AtomicFiles.fillingFolder(tmp, () -> {
                writer.write(tmp);
                Manifest.write(tmp, MARKER);
                writeMarker(tmp, kind, UUID.randomUUID().toString());
            });
            AtomicFiles.forceFolder(tmp); // once for all its entries
            stepHook.accept(target, Step.WRITTEN);
            Path old = null;
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                old = parent.resolve(target.getFileName() + ".old-" + PID + "-" + System.nanoTime());
                move(target, old);
                stepHook.accept(target, Step.OLD_MOVED);
            }
            publish(tmp, target, old);
            published = true;
            AtomicFiles.forceFolder(parent);
            stepHook.accept(target, Step.NEW_MOVED);
            if (old != null) {
                deleteOurs(old, false);
            }
            stepHook.accept(target, Step.OLD_DELETED);
            deleteStale(target);
        } finally {
            if (!published) {
                deleteOurs(tmp, true);
            }
        }
    }

    /** Renames the new folder into place; if that fails, the old one goes back. */
    private static void publish(Path tmp, Path target, Path old) throws IOException {
        try {
            move(tmp, target);
        } catch (IOException | RuntimeException e) {
            if (old != null) {
                try {
                    move(old, target);
                } catch (IOException again) {
                    e.addSuppressed(again);
                }
            }
            throw e;
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    /** A new empty sibling folder, with the permissions of the folder it replaces (else the umask's). */
    private static Path createSibling(Path target, boolean exists) throws IOException {
        Set<PosixFilePermission> keep = null;
        if (exists) {
            try {
                keep = Files.readAttributes(target, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS).permissions();
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the default permissions
            }
        }
        for (int attempt = 0; ; attempt++) {
            Path tmp = target.resolveSibling(target.getFileName() + ".tmp-" + PID + "-"
                    + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16));
            try {
                Files.createDirectory(tmp);
                if (keep != null) {
                    Files.setPosixFilePermissions(tmp, keep);
                }
                return tmp;
            } catch (FileAlreadyExistsException e) {
                if (attempt > 100) {
                    throw e;
                }
            }
        }
    }

    /**
     * The folder a save to {@code dir} replaces: {@code dir}, or the folder a symbolic link {@code
     * dir} names (one that does not exist yet, too: after an interrupted save it is recovered there).
     */
    public static Path target(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath().normalize();
        if (Files.isSymbolicLink(abs)) {
            Path named = abs.resolveSibling(Files.readSymbolicLink(abs)).normalize();
            try {
                named = abs.toRealPath();
            } catch (NoSuchFileException dangling) {
                if (Files.isSymbolicLink(named) || !Files.isDirectory(named.getParent())) {
                    throw new InputException(dir, 0, "is a symbolic link to " + Files.readSymbolicLink(abs)
                            + ", which does not exist; not following it");
                }
                return named;
            } catch (FileSystemException loop) {
                throw new InputException(dir, 0, "is a symbolic link that cannot be followed (" + loop.getReason() + ")");
            }
            if (!Files.isDirectory(named, LinkOption.NOFOLLOW_LINKS)) {
                throw new InputException(dir, 0, "is a symbolic link to " + named + ", which is not a folder; not overwriting it");
            }
            return named;
        }
        if (Files.exists(abs, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(abs, LinkOption.NOFOLLOW_LINKS)) {
            throw new InputException(dir, 0, "exists and is not a folder; not overwriting it");
        }
        return abs;
    }

    /**
     * Throws unless the existing folder {@code dir} may be replaced by a {@code kind} folder: empty,
     * or ours (see the class comment).
     */
    public static void requireReplaceable(Path dir, Kind kind) throws IOException {
        List<Path> entries = list(dir);
        if (entries.isEmpty()) {
            return;
        }
        Kind marked = markerKind(dir);
        if (marked == null && !isLegacy(dir, kind)) {
            throw new InputException(dir, 0, "exists and is not a folder rnnslu wrote (no " + MARKER
                    + " marker); not replacing it (remove it or choose another folder)");
        }
        if (marked != null && marked != kind) {
            throw new InputException(dir, 0, "is an rnnslu " + marked.id + " folder, not a " + kind.id
                    + " folder; not replacing it");
        }
        if (kind == Kind.DATA) {
            return; // written into file by file, never replaced wholesale
        }
        Manifest m = Manifest.read(dir);
        for (Path e : entries) {
            String name = e.getFileName().toString();
            if (name.equals(MARKER) || name.equals(Manifest.NAME)) {
                continue;
            }
            String what = Files.isSymbolicLink(e) ? "a symbolic link" : !Files.isRegularFile(e, LinkOption.NOFOLLOW_LINKS)
                    ? "not a regular file" : !m.lists(name) ? "not listed in MANIFEST" : null;
            if (what != null) {
                throw new InputException(e, 0, what + ", so not a file rnnslu wrote; not replacing " + dir
                        + " (move it away or choose another folder)");
            }
        }
    }

    /** A folder written before the marker: its kind's file says rnnslu, and MANIFEST proves it unchanged. */
    private static boolean isLegacy(Path dir, Kind kind) throws IOException {
        if (kind.legacyFile == null) {
            return false;
        }
        Path f = dir.resolve(kind.legacyFile);
        if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try {
            List<String> lines = TextLines.readAll(f);
            Manifest m = Manifest.read(dir);
            if (lines.isEmpty() || !lines.get(0).startsWith(kind.legacyStart) || !m.present()) {
                return false;
            }
            m.verify();
            return true;
        } catch (InputException e) {
            return false;
        }
    }

    /** Writes the marker of a {@code kind} folder ({@code saveId} null: none). */
    public static void writeMarker(Path dir, Kind kind, String saveId) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("# written by rnnslu, which may rewrite this folder");
        lines.add("kind=" + kind.id);
        if (saveId != null) {
            lines.add("save_id=" + saveId);
        }
        AtomicFiles.writeLines(dir.resolve(MARKER), lines);
    }

    /** The kind a folder's marker names, or null when it has none (or an unreadable one). */
    public static Kind markerKind(Path dir) throws IOException {
        String v = markerValue(dir, "kind");
        return v == null ? null : Kind.parse(v);
    }

    /**
     * Runs {@code read} on the folder {@code dir} so that every file it reads comes from one save: a
     * read while a save replaces the folder sees the folder before or after the save, never a mix.
     * The folder's {@link #stamp} is taken before and after, and a read across a change is retried
     * (at most {@value #RETRIES} times, waiting 1, 2, 4, ... ms); a failed read counts only when the
     * folder did not change under it. While {@code dir} is missing and a save into it may be under
     * way, the read waits for it in the same way; returns null when there is no folder at {@code dir}
     * (see {@link #interruptedSave} for what a save that was cut short left).
     */
    public static <T> T readWhole(Path dir, ModelZip.FolderRead<T> read) throws IOException {
        for (int attempt = 0; ; attempt++) {
            String before = stamp(dir);
            if (before == null) {
                if (saveUnderWay(dir) && attempt < RETRIES) {
                    pause(attempt);
                    continue;
                }
                return null;
            }
            T loaded = null;
            RuntimeException failed = null;
            IOException failedIo = null;
            try {
                loaded = read.read(dir);
            } catch (RuntimeException e) {
                failed = e;
            } catch (IOException e) {
                failedIo = e;
            }
            if (before.equals(stamp(dir))) {
                if (failed != null) {
                    throw failed;
                }
                if (failedIo != null) {
                    throw failedIo;
                }
                return loaded;
            }
            if (attempt >= RETRIES) {
                throw new InputException(dir, 0, "was replaced by another save " + (attempt + 1)
                        + " times while being read; try again");
            }
            pause(attempt);
        }
    }

    /** How often {@link #readWhole} retries. */
    private static final int RETRIES = 10;

    private static void pause(int attempt) {
        try {
            Thread.sleep(Math.min(100, 1L << attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InputException((Path) null, 0, "interrupted while waiting for a save to finish");
        }
    }

    /**
     * What identifies the folder now at {@code dir} for a reader: its save id, or for a folder
     * without a marker its file key; null when there is no folder. A save never reuses a save id
     * and never changes a folder it has published, so equal stamps before and after a read mean
     * every file came from one save.
     */
    static String stamp(Path dir) throws IOException {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(dir, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return null;
        }
        if (!a.isDirectory()) {
            return "not a folder";
        }
        String id = markerValue(dir, "save_id");
        return id != null ? "save " + id : "key " + a.fileKey();
    }

    private static String markerValue(Path dir, String key) throws IOException {
        Path f = dir.resolve(MARKER);
        if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        try {
            for (String line : TextLines.readAll(f)) {
                if (line.startsWith(key + "=")) {
                    return line.substring(key.length() + 1);
                }
            }
        } catch (NoSuchFileException | InputException e) {
            return null; // replaced meanwhile, or not a marker we wrote
        }
        return null;
    }

    // ------------------------------------------------------------------------ after a crash

    /**
     * When {@code dir} is missing because a save was interrupted between its two renames, the whole
     * folder that save was replacing (the newest {@code DIR.old-*} of the same kind); else null.
     */
    public static Path interruptedSave(Path dir, Kind kind) throws IOException {
        Path target = target(dir);
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        Path best = null;
        FileTime bestTime = null;
        for (Path p : siblings(target, ".old-")) {
            if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) || !isWhole(p, kind)) {
                continue;
            }
            FileTime t = Files.getLastModifiedTime(p.resolve(Manifest.NAME));
            if (bestTime == null || t.compareTo(bestTime) > 0) {
                best = p;
                bestTime = t;
            }
        }
        return best;
    }

    /** Whether a save into {@code dir} may be under way (a temporary or old sibling exists). */
    static boolean saveUnderWay(Path dir) throws IOException {
        Path target = target(dir);
        return !siblings(target, ".tmp-").isEmpty() || !siblings(target, ".old-").isEmpty();
    }

    /**
     * Renames the folder an interrupted save was replacing back into place; returns a one-line
     * account of it, or null when there was nothing to do. Call it only where no save into
     * {@code dir} can be running (under {@link FolderLock}).
     */
    public static String recover(Path dir, Kind kind) throws IOException {
        Path old = interruptedSave(dir, kind);
        if (old == null) {
            return null;
        }
        Path target = target(dir);
        move(old, target);
        AtomicFiles.forceFolder(target.getParent());
        deleteStale(target);
        return dir + ": a save into it was interrupted; restored the " + kind.id + " it was replacing (from "
                + old.getFileName() + ")";
    }

    private static boolean isWhole(Path dir, Kind kind) throws IOException {
        try {
            Kind marked = markerKind(dir);
            if (marked == null ? !isLegacy(dir, kind) : marked != kind) {
                return false;
            }
            Manifest m = Manifest.read(dir);
            m.verify();
            return m.present();
        } catch (InputException e) {
            return false;
        }
    }

    /** Deletes what crashed saves left beside {@code target}: old folders, and temporary ones of dead processes. */
    private static void deleteStale(Path target) throws IOException {
        if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        for (Path p : siblings(target, ".old-")) {
            if (!ownedByLiveOther(p, ".old-")) {
                deleteOurs(p, false);
            }
        }
        for (Path p : siblings(target, ".tmp-")) {
            if (!ownedByLiveOther(p, ".tmp-")) {
                deleteOurs(p, true);
            }
        }
    }

    /** Whether the PID in a sibling's name is another process that is still running (it may be mid-save). */
    private static boolean ownedByLiveOther(Path p, String infix) {
        String name = p.getFileName().toString();
        String rest = name.substring(name.lastIndexOf(infix) + infix.length());
        int dash = rest.indexOf('-');
        try {
            long pid = Long.parseLong(dash < 0 ? rest : rest.substring(0, dash));
            return pid != PID && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
            return true; // not a name we make: leave it
        }
    }

    private static List<Path> siblings(Path target, String infix) throws IOException {
        List<Path> out = new ArrayList<>();
        Path parent = target.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            return out;
        }
        String prefix = target.getFileName() + infix;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(parent, p -> p.getFileName().toString().startsWith(prefix))) {
            ds.forEach(out::add);
        }
        return out;
    }

    /**
     * Deletes the files we wrote in {@code dir} and then {@code dir} if that emptied it. Never
     * follows a symbolic link and never descends into a folder. {@code scratch}: a temporary folder
     * only we wrote into (every regular file goes); else only the MANIFEST's files, MANIFEST and the
     * marker go, and anything else stays.
     */
    static void deleteOurs(Path dir, boolean scratch) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Manifest m;
        try {
            m = Manifest.read(dir);
        } catch (InputException e) {
            m = null;
        }
        for (Path e : list(dir)) {
            String name = e.getFileName().toString();
            boolean ours = scratch || name.equals(MARKER) || name.equals(Manifest.NAME) || m != null && m.lists(name);
            if (ours && Files.isRegularFile(e, LinkOption.NOFOLLOW_LINKS)) {
                Files.deleteIfExists(e);
            }
        }
        try {
            Files.deleteIfExists(dir);
        } catch (DirectoryNotEmptyException e) {
            // something we did not write is in it: it stays
        }
    }

    private static List<Path> list(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            ds.forEach(out::add);
        } catch (NoSuchFileException e) {
            // deleted meanwhile
        }
        return out;
    }
}
