package org.rnnslu.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * A folder's {@code MANIFEST}: one line {@code name size crc32} for every file the folder was saved
 * with (sorted by name), written after them. A folder without one (a tutorial folder, a folder
 * from before MANIFEST) is read without checks.
 */
public final class Manifest {

    public static final String NAME = "MANIFEST";

    private record Entry(String size, String crc) {}

    private final Path dir;
    private final Path file;
    /** name -> entry; null when the folder has no MANIFEST. */
    private final Map<String, Entry> entries;

    private Manifest(Path dir, Map<String, Entry> entries) {
        this.dir = dir;
        this.file = dir.resolve(NAME);
        this.entries = entries;
    }

    /** Lists every regular file now in {@code dir} (except {@code skip}) in a new MANIFEST. */
    static void write(Path dir, String skip) throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path f : ds) {
                if (!f.getFileName().toString().equals(skip)) {
                    files.add(f);
                }
            }
        }
        files.sort(null);
        List<String> lines = new ArrayList<>();
        for (Path f : files) {
            lines.add(f.getFileName() + " " + Files.size(f) + " " + crc32(f));
        }
        AtomicFiles.writeLines(dir.resolve(NAME), lines);
    }

    /** Parses {@code dir/MANIFEST} (absent: a manifest that lists nothing and checks nothing). */
    public static Manifest read(Path dir) throws IOException {
        Path manifest = dir.resolve(NAME);
        if (!Files.exists(manifest, LinkOption.NOFOLLOW_LINKS)) {
            return new Manifest(dir, null);
        }
        if (Files.isSymbolicLink(manifest)) {
            throw new InputException(manifest, 0, "is a symbolic link; a model folder's MANIFEST is a file of its own");
        }
        List<String> lines;
        try {
            lines = TextLines.readAll(manifest);
        } catch (NoSuchFileException e) {
            throw new InputException(manifest, 0, "vanished while being read");
        }
        if (lines.isEmpty()) {
            throw new InputException(manifest, 0, "empty: the model folder was not completely written");
        }
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String[] f = lines.get(i).trim().split(" ");
            if (f.length != 3) {
                throw new InputException(manifest, i + 1, "expected 'file size crc32'");
            }
            Path listed;
            try {
                listed = dir.resolve(f[0]);
            } catch (InvalidPathException e) {
                throw new InputException(manifest, i + 1, "not a file name: " + e.getReason());
            }
            if (!listed.normalize().startsWith(dir.normalize()) || listed.getParent() == null
                    || !listed.normalize().getParent().equals(dir.normalize())) {
                throw new InputException(manifest, i + 1, "lists a file outside the model folder");
            }
            entries.put(f[0], new Entry(f[1], f[2]));
        }
        return new Manifest(dir, entries);
    }

    public boolean present() {
        return entries != null;
    }

    /** Whether {@code name} is one of the folder's saved files. */
    public boolean lists(String name) {
        return entries != null && entries.containsKey(name);
    }

    /** Checks every listed file: there, a file of the folder's own, and of the listed size and CRC-32. */
    public void verify() throws IOException {
        if (entries == null) {
            return;
        }
        for (Map.Entry<String, Entry> e : entries.entrySet()) {
            Path f = dir.resolve(e.getKey());
            requireInside(f, dir);
            if (!Files.isRegularFile(f)) {
                throw new InputException(f, 0, "listed in MANIFEST but missing: the model folder is incomplete");
            }
            if (!String.valueOf(Files.size(f)).equals(e.getValue().size()) || !crc32(f).equals(e.getValue().crc())) {
                throw new InputException(f, 0, "size or checksum differs from MANIFEST: the file is truncated or was modified");
            }
        }
    }

    /**
     * The file {@code name} of the folder, to be read: when there is a MANIFEST, a file that is there
     * must be listed in it (an unlisted file would change the model unchecked); a symbolic link must
     * stay inside the folder.
     */
    public Path require(String name) throws IOException {
        Path f = dir.resolve(name);
        if (!Files.exists(f, LinkOption.NOFOLLOW_LINKS)) {
            return f; // the reader says it is missing
        }
        requireInside(f, dir);
        if (entries != null && !entries.containsKey(name)) {
            throw new InputException(f, 0, "not listed in " + file.getFileName()
                    + ": the folder was changed after it was saved (remove the file, or the MANIFEST to skip the checks)");
        }
        return f;
    }

    /** A symbolic link in a folder may name a file in the same folder, never one outside it. */
    static void requireInside(Path f, Path dir) throws IOException {
        if (!Files.isSymbolicLink(f)) {
            return;
        }
        Path real;
        try {
            real = f.toRealPath();
        } catch (IOException e) {
            throw new InputException(f, 0, "is a symbolic link that cannot be followed (to " + Files.readSymbolicLink(f) + ")");
        }
        if (!real.getParent().equals(dir.toRealPath())) {
            throw new InputException(f, 0, "is a symbolic link out of the folder (to " + Files.readSymbolicLink(f)
                    + "); not following it");
        }
    }

    static String crc32(Path f) throws IOException {
        CRC32 crc = new CRC32();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(f)) {
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                crc.update(buf, 0, n);
            }
        }
        return Long.toHexString(crc.getValue());
    }
}
