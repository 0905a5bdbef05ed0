package org.rnnslu.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * A model folder as one store-only zip ({@code train --out model.zip}): the folder's files as
 * STORED entries, sorted by name, each dated 2000-01-01 00:00 (a DOS date: no time zone) with no extra fields, so the same
 * files give the same zip bytes. It is written to a temporary file beside it and renamed over
 * ({@link AtomicFiles}); an existing path is replaced only when it is a regular file that is a model
 * zip rnnslu wrote (never a symbolic link, a folder, a device, a FIFO or another file).
 *
 * <p>Reading checks the whole central directory before any entry is read: every entry a plain file
 * name (no folder, no {@code /}, {@code \} or {@code ..}), none twice, STORED, its size no more than
 * the zip's, and listed in the zip's {@code MANIFEST}. The entries are then copied (exactly their
 * declared sizes) into a private temporary folder, checked against the MANIFEST, read as a model
 * folder, and deleted; a message about one of them names it as {@code model.zip!/words.txt}.
 */
public final class ModelZip {

    /** How a zip's files are read once they are in a folder. */
    public interface FolderRead<T> {
        T read(Path dir) throws IOException;
    }

    private static final LocalDateTime EPOCH = LocalDateTime.of(2000, 1, 1, 0, 0);
    private static final long PID = ProcessHandle.current().pid();

    private ModelZip() {}

    /** Whether {@code out} names a zip to write (its name ends in {@code .zip}). */
    public static boolean isZipName(Path out) {
        Path name = out.getFileName();
        return name != null && name.toString().toLowerCase(java.util.Locale.ROOT).endsWith(".zip");
    }

    /** Whether {@code p} is a zip to read: a file (not a folder) whose name ends in {@code .zip}. */
    public static boolean isZip(Path p) {
        return isZipName(p) && !Files.isDirectory(p);
    }

    // ----- writing -----

    /**
     * Writes the folder {@code writer} fills as the zip {@code zip} (see the class comment); the
     * folder is filled in a temporary sibling, which is deleted afterwards.
     */
    public static void save(Path zip, FolderSwap.FolderWriter writer) throws IOException {
        Path target = zip.toAbsolutePath();
        requireReplaceable(zip);
        Path tmp = createTempSibling(target);
        try {
            AtomicFiles.fillingFolder(tmp, () -> {
                writer.write(tmp);
                Manifest.write(tmp, FolderSwap.MARKER);
                AtomicFiles.writeLines(tmp.resolve(FolderSwap.MARKER), List.of("kind=" + FolderSwap.Kind.MODEL.id()));
            });
            List<Path> files = filesOf(tmp);
            requireReplaceable(zip); // again: it may have changed while the model was written
            AtomicFiles.writeBytes(target, out -> writeZip(files, out));
        } finally {
            deleteFolder(tmp);
        }
    }

    private static void writeZip(List<Path> files, OutputStream out) throws IOException {
        ZipOutputStream z = new ZipOutputStream(out);
        z.setMethod(ZipOutputStream.STORED);
        for (Path f : files) {
            byte[] data = Files.readAllBytes(f);
            CRC32 crc = new CRC32();
            crc.update(data);
            ZipEntry e = new ZipEntry(f.getFileName().toString());
            e.setMethod(ZipEntry.STORED);
            e.setSize(data.length);
            e.setCompressedSize(data.length);
            e.setCrc(crc.getValue());
            e.setTimeLocal(EPOCH); // a DOS date: the same bytes in every time zone
            z.putNextEntry(e);
            z.write(data);
            z.closeEntry();
        }
        z.finish(); // not close: the stream is AtomicFiles'
    }

    /**
     * An absent path, or a regular file that is a model zip we wrote; anything else is refused,
     * untouched.
     */
    static void requireReplaceable(Path target) throws IOException {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return;
        }
        if (a.isSymbolicLink()) {
            throw new InputException(target, 0, "is a symbolic link; a model zip is replaced only when it is a file of its own");
        }
        if (a.isDirectory()) {
            throw new InputException(target, 0, "is a folder; --out NAME.zip writes a zip file (choose another name)");
        }
        if (!a.isRegularFile()) {
            throw new InputException(target, 0, "is not a regular file (a device or a FIFO?); not replacing it");
        }
        try {
            Path marker = null;
            try (ZipFile z = new ZipFile(target.toFile())) {
                ZipEntry e = z.getEntry(FolderSwap.MARKER);
                if (e != null && e.getSize() <= 256 && z.getEntry(Manifest.NAME) != null) {
                    try (InputStream in = z.getInputStream(e)) {
                        String text = new String(in.readNBytes(256), java.nio.charset.StandardCharsets.UTF_8);
                        marker = text.strip().equals("kind=" + FolderSwap.Kind.MODEL.id()) ? target : null;
                    }
                }
            }
            if (marker == null) {
                throw new InputException(target, 0, "is not a model zip rnnslu wrote (no .rnnslu entry kind=model); not replacing it");
            }
        } catch (ZipException e) {
            throw new InputException(target, 0, "is not a zip rnnslu wrote (" + e.getMessage() + "); not replacing it");
        }
    }

    private static Path createTempSibling(Path target) throws IOException {
        Path parent = target.getParent();
        Files.createDirectories(parent);
        for (int attempt = 0; ; attempt++) {
            Path tmp = parent.resolve(target.getFileName() + ".tmp-" + PID + "-"
                    + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16));
            try {
                return Files.createDirectory(tmp);
            } catch (FileAlreadyExistsException e) {
                if (attempt > 100) {
                    throw e;
                }
            }
        }
    }

    /** The regular files of a folder we filled, sorted by name. */
    private static List<Path> filesOf(Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path f : ds) {
                if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                    files.add(f);
                }
            }
        }
        files.sort((x, y) -> x.getFileName().toString().compareTo(y.getFileName().toString()));
        return files;
    }

    /** Deletes a folder we made and filled: its regular files, then it (never following a link). */
    private static void deleteFolder(Path dir) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path f : ds) {
                if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                    Files.deleteIfExists(f);
                }
            }
        }
        Files.deleteIfExists(dir);
    }

    // ----- reading -----

    /**
     * Runs {@code read} on the zip's files in a private temporary folder (see the class comment);
     * an {@link InputException} about one of them is renamed to name the entry in the zip.
     */
    public static <T> T read(Path zip, FolderRead<T> read) throws IOException {
        Path dir = Files.createTempDirectory("rnnslu-model-");
        try {
            extract(zip, dir);
            try {
                return read.read(dir);
            } catch (InputException e) {
                throw renamed(e, dir, zip);
            }
        } finally {
            deleteFolder(dir);
        }
    }

    private static void extract(Path zip, Path dir) throws IOException {
        if (!Files.isRegularFile(zip)) {
            throw new InputException(zip, 0, Files.exists(zip) ? "is not a file" : "no such model zip");
        }
        long zipSize = Files.size(zip);
        try (ZipFile z = new ZipFile(zip.toFile())) {
            List<ZipEntry> entries = checkedEntries(zip, z, zipSize);
            Set<String> listed = manifestNames(zip, z);
            for (ZipEntry e : entries) {
                if (!listed.contains(e.getName()) && !e.getName().equals(Manifest.NAME) && !e.getName().equals(FolderSwap.MARKER)) {
                    throw new InputException(entryName(zip, e.getName()), 0, "not listed in the zip's MANIFEST: not a file of a model rnnslu wrote");
                }
            }
            for (ZipEntry e : entries) {
                copy(zip, z, e, dir.resolve(e.getName()));
            }
        } catch (ZipException e) {
            throw new InputException(zip, 0, "not a readable zip (" + e.getMessage() + "): truncated, or not a zip");
        }
        try {
            Manifest.read(dir).verify();
        } catch (InputException e) {
            throw renamed(e, dir, zip);
        }
    }

    /** Every entry, checked: a plain file name, once, STORED, no larger than the zip itself. */
    private static List<ZipEntry> checkedEntries(Path zip, ZipFile z, long zipSize) {
        List<ZipEntry> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        long total = 0;
        Enumeration<? extends ZipEntry> en = z.entries();
        while (en.hasMoreElements()) {
            ZipEntry e = en.nextElement();
            String name = e.getName();
            if (!isPlainName(name)) {
                throw new InputException(zip, 0, "holds the entry '" + clip(name) + "': a model zip holds only plain file names (no folders, no paths)");
            }
            if (!seen.add(name)) {
                throw new InputException(entryName(zip, name), 0, "appears twice in the zip");
            }
            if (e.getMethod() != ZipEntry.STORED) {
                throw new InputException(entryName(zip, name), 0, "is compressed (method " + e.getMethod()
                        + "); rnnslu reads store-only zips, as train --out NAME.zip writes them");
            }
            if (e.getSize() < 0 || e.getSize() > zipSize || e.getCompressedSize() != e.getSize()) {
                throw new InputException(entryName(zip, name), 0, "declares " + e.getSize() + " bytes in a zip of "
                        + zipSize + ": the zip is damaged");
            }
            total += e.getSize();
            if (total > zipSize) { // entries that overlap would multiply what is copied
                throw new InputException(zip, 0, "its entries declare more bytes than the zip holds: the zip is damaged");
            }
            out.add(e);
        }
        if (!seen.contains(Manifest.NAME)) {
            throw new InputException(zip, 0, "has no MANIFEST entry: not a model zip rnnslu wrote");
        }
        return out;
    }

    /** The names the zip's MANIFEST lists (its first field per line; Manifest checks the rest). */
    private static Set<String> manifestNames(Path zip, ZipFile z) throws IOException {
        ZipEntry m = z.getEntry(Manifest.NAME);
        Set<String> names = new HashSet<>();
        try (InputStream in = z.getInputStream(m)) {
            TextLines lines = TextLines.of(entryName(zip, Manifest.NAME), in);
            for (String line = lines.next(); line != null; line = lines.next()) {
                int sp = line.indexOf(' ');
                names.add(sp < 0 ? line : line.substring(0, sp));
            }
        }
        return names;
    }

    /** Copies exactly the entry's declared size; a shorter entry is a truncated zip. */
    private static void copy(Path zip, ZipFile z, ZipEntry e, Path to) throws IOException {
        long size = e.getSize();
        try (InputStream in = z.getInputStream(e);
             OutputStream out = Files.newOutputStream(to, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            byte[] buf = new byte[1 << 16];
            long left = size;
            while (left > 0) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) {
                    throw new InputException(entryName(zip, e.getName()), 0, "ends after " + (size - left) + " of its "
                            + size + " bytes: the zip is truncated");
                }
                out.write(buf, 0, n);
                left -= n;
            }
        } catch (ZipException ex) {
            throw new InputException(entryName(zip, e.getName()), 0, "cannot be read (" + ex.getMessage() + "): the zip is damaged");
        }
    }

    /** A file name of one folder: not empty, no separators, not . or .., no control characters. */
    static boolean isPlainName(String name) {
        if (name.isEmpty() || name.length() > 255 || name.equals(".") || name.equals("..")) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == '\\' || c < 0x20 || c == 0x7f || c == ':') {
                return false;
            }
        }
        return true;
    }

    private static String entryName(Path zip, String name) {
        return zip + "!/" + name;
    }

    /** The same message with the temporary folder's path replaced by the zip's name. */
    private static InputException renamed(InputException e, Path dir, Path zip) {
        String file = e.file();
        String prefix = dir.toString();
        if (file == null || !file.startsWith(prefix)) {
            return e;
        }
        String inside = file.substring(prefix.length()).replaceFirst("^[/\\\\]", "");
        String head = file + (e.line() > 0 ? ":" + e.line() : "") + ": ";
        String reason = e.getMessage().startsWith(head) ? e.getMessage().substring(head.length()) : e.getMessage();
        String source = inside.isEmpty() ? zip.toString() : entryName(zip, inside);
        return new InputException(source, e.line(), reason.replace(prefix + "/", zip + "!/").replace(prefix, zip.toString()), e);
    }

    private static String clip(String s) {
        String t = s.replaceAll("\\p{Cntrl}", "?");
        return t.length() <= 80 ? t : t.substring(0, 80) + "...";
    }
}
