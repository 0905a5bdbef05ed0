package org.rnnslu.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnslu.Tagger;
import org.rnnslu.kernels.ScalarKernels;
import org.rnnslu.store.ModelFolder;

/** A model as one store-only zip: written deterministically and atomically, read with every entry checked. */
class ModelZipTest {

    @TempDir
    Path tmp;
    ModelFolder.Contents tiny;
    Map<String, String> descriptions = Map.of(ModelFolder.RECIPE, "task=slots\n", ModelFolder.CARD, "{}\n");

    @BeforeEach
    void load() throws IOException {
        tiny = ModelFolder.load(Path.of("data", "tiny-model"));
    }

    @Test
    void aZipHoldsTheFoldersFilesAsStoredEntriesAndTagsAsTheFolderDoes() throws IOException {
        Path folder = tmp.resolve("model");
        Path zip = tmp.resolve("model.zip");
        ModelFolder.save(folder, tiny, descriptions);
        ModelFolder.save(zip, tiny, descriptions);
        List<String> names = new ArrayList<>();
        try (ZipFile z = new ZipFile(zip.toFile())) {
            for (ZipEntry e : Collections.list(z.entries())) {
                names.add(e.getName());
                assertThat(e.getMethod()).as(e.getName()).isEqualTo(ZipEntry.STORED);
                assertThat(e.getTimeLocal()).isEqualTo(LocalDateTime.of(2000, 1, 1, 0, 0));
                assertThat(e.getExtra()).isNull();
                if (!e.getName().equals(FolderSwap.MARKER)) { // the folder's has a save id
                    assertThat(z.getInputStream(e).readAllBytes()).as(e.getName()).isEqualTo(Files.readAllBytes(folder.resolve(e.getName())));
                }
            }
        }
        List<String> sorted = new ArrayList<>(names);
        Collections.sort(sorted);
        assertThat(names).isEqualTo(sorted).containsAll(folderNames(folder));
        String[] words = {"to", "boston", "from", "denver"};
        assertThat(Tagger.load(zip, ScalarKernels.INSTANCE).tag(words)).isEqualTo(Tagger.load(folder, ScalarKernels.INSTANCE).tag(words));
        assertThat(ModelFolder.load(zip).params().byName("wx")).isEqualTo(tiny.params().byName("wx"));
    }

    private static List<String> folderNames(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }

    @Test
    void theSameModelGivesTheSameZipBytesAndASecondSaveReplacesOurZip() throws IOException {
        Path zip = tmp.resolve("m.zip");
        ModelFolder.save(zip, tiny, descriptions);
        byte[] first = Files.readAllBytes(zip);
        ModelFolder.save(zip, tiny, descriptions);
        assertThat(Files.readAllBytes(zip)).isEqualTo(first);
        try (Stream<Path> s = Files.list(tmp)) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactly("m.zip"); // no temporary left
        }
    }

    // ----- hostile zips to read -----

    /** The entries of the tiny model's zip, as (name, bytes), in order. */
    private Map<String, byte[]> entries() throws IOException {
        Path zip = tmp.resolve("good.zip");
        ModelFolder.save(zip, tiny, descriptions);
        Map<String, byte[]> m = new LinkedHashMap<>();
        try (ZipFile z = new ZipFile(zip.toFile())) {
            for (ZipEntry e : Collections.list(z.entries())) {
                m.put(e.getName(), z.getInputStream(e).readAllBytes());
            }
        }
        return m;
    }

    private void assertRefused(Path zip, String reason) {
        long tempsBefore = temps();
        assertThatThrownBy(() -> Tagger.load(zip, ScalarKernels.INSTANCE)).isInstanceOf(InputException.class)
                .hasMessageStartingWith(zip.toString()).hasMessageContaining(reason)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("rnnslu-model-"));
        assertThat(temps()).as("temporary folders left").isEqualTo(tempsBefore);
    }

    private static long temps() {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("rnnslu-model-")).count();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aTruncatedZipIsRefused() throws IOException {
        Path good = tmp.resolve("good.zip");
        ModelFolder.save(good, tiny, descriptions);
        byte[] all = Files.readAllBytes(good);
        Path cut = Files.write(tmp.resolve("cut.zip"), Arrays.copyOf(all, all.length - 30));
        assertRefused(cut, "not a readable zip");
        Path empty = Files.write(tmp.resolve("empty.zip"), new byte[0]);
        assertRefused(empty, "not a readable zip");
    }

    @Test
    void anEntryOutsideTheManifestIsRefused() throws IOException {
        Map<String, byte[]> e = entries();
        e.put("evil.txt", "x".getBytes(StandardCharsets.UTF_8));
        assertRefused(RawZip.write(tmp.resolve("extra.zip"), e, Map.of()), "extra.zip!/evil.txt: not listed in the zip's MANIFEST");
    }

    @Test
    void pathNamesAndFoldersAreRefusedBeforeAnythingIsWritten() throws IOException {
        for (String name : new String[] {"../evil.npy", "sub/words.txt", "/etc/passwd", "..", "a\\b", "dir/"}) {
            Map<String, byte[]> e = entries();
            e.put(name, "x".getBytes(StandardCharsets.UTF_8));
            Path zip = RawZip.write(tmp.resolve("names.zip"), e, Map.of());
            assertRefused(zip, "a model zip holds only plain file names");
        }
        assertThat(tmp.getParent().resolve("evil.npy")).doesNotExist();
    }

    @Test
    void aDuplicateEntryIsRefused() throws IOException {
        Map<String, byte[]> e = entries();
        List<Map.Entry<String, byte[]>> list = new ArrayList<>(e.entrySet());
        list.add(Map.entry("words.txt", "boston\n".getBytes(StandardCharsets.UTF_8)));
        assertRefused(RawZip.write(tmp.resolve("dup.zip"), list, Map.of()), "dup.zip!/words.txt: appears twice in the zip");
    }

    @Test
    void aHugeDeclaredSizeIsRefusedWithoutReading() throws IOException {
        Path zip = RawZip.write(tmp.resolve("huge.zip"), entries(), Map.of("wx.npy", 0x7fff_0000L));
        assertRefused(zip, "huge.zip!/wx.npy: declares 2147418112 bytes in a zip of");
    }

    @Test
    void aChangedEntryIsRefusedByTheManifest() throws IOException {
        Map<String, byte[]> e = entries();
        byte[] words = e.get("words.txt").clone();
        words[0] ^= 1;
        e.put("words.txt", words);
        assertRefused(RawZip.write(tmp.resolve("changed.zip"), e, Map.of()), "changed.zip!/words.txt: size or checksum differs from MANIFEST");
    }

    @Test
    void aZipWithoutAManifestOrWithACompressedEntryIsRefused() throws IOException {
        Map<String, byte[]> e = entries();
        e.remove("MANIFEST");
        assertRefused(RawZip.write(tmp.resolve("nomanifest.zip"), e, Map.of()), "has no MANIFEST entry");
        Path deflated = tmp.resolve("deflated.zip");
        try (java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(Files.newOutputStream(deflated))) {
            for (Map.Entry<String, byte[]> x : entries().entrySet()) {
                z.putNextEntry(new ZipEntry(x.getKey()));
                z.write(x.getValue());
            }
        }
        assertRefused(deflated, "is compressed (method 8)");
    }

    // ----- what a save replaces -----

    @Test
    void aSaveReplacesOnlyOurOwnZipFile() throws IOException {
        Path ours = tmp.resolve("ours.zip");
        ModelFolder.save(ours, tiny, descriptions);
        byte[] oursBytes = Files.readAllBytes(ours);

        Path link = Files.createSymbolicLink(tmp.resolve("link.zip"), ours.getFileName());
        assertSaveRefused(link, "is a symbolic link");
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readAllBytes(ours)).isEqualTo(oursBytes);

        Path foreign = Files.writeString(tmp.resolve("foreign.zip"), "my notes");
        assertSaveRefused(foreign, "is not a zip rnnslu wrote");
        assertThat(Files.readString(foreign)).isEqualTo("my notes");

        Path otherZip = RawZip.write(tmp.resolve("other.zip"), Map.of("MANIFEST", new byte[0], "a.txt", new byte[1]), Map.of());
        byte[] other = Files.readAllBytes(otherZip);
        assertSaveRefused(otherZip, "is not a model zip rnnslu wrote");
        assertThat(Files.readAllBytes(otherZip)).isEqualTo(other);

        Path folder = Files.createDirectories(tmp.resolve("folder.zip"));
        Files.writeString(folder.resolve("keep.txt"), "mine");
        assertSaveRefused(folder, "is a folder");
        assertThat(folder.resolve("keep.txt")).hasContent("mine");
    }

    @Test
    void aFifoIsNeitherWrittenNorReplaced() throws Exception {
        Path fifo = tmp.resolve("pipe.zip");
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
        org.junit.jupiter.api.Assumptions.assumeTrue(p.waitFor() == 0, "mkfifo is not available");
        assertSaveRefused(fifo, "is not a regular file");
        assertThat(Files.isRegularFile(fifo, java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(Files.exists(fifo, java.nio.file.LinkOption.NOFOLLOW_LINKS)).isTrue();
    }

    private void assertSaveRefused(Path out, String reason) {
        assertThatThrownBy(() -> ModelFolder.save(out, tiny, descriptions)).isInstanceOf(InputException.class)
                .hasMessageStartingWith(out.toString()).hasMessageContaining(reason);
        try (Stream<Path> s = Files.list(tmp)) {
            assertThat(s.map(p -> p.getFileName().toString()).filter(n -> n.contains(".tmp-")).toList()).isEmpty();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Writes zips byte by byte, as a hostile tool may: any names, duplicates, any declared sizes. */
    static final class RawZip {
        private RawZip() {}

        static Path write(Path file, Map<String, byte[]> entries, Map<String, Long> declared) throws IOException {
            return write(file, new ArrayList<>(entries.entrySet()), declared);
        }

        static Path write(Path file, List<Map.Entry<String, byte[]>> entries, Map<String, Long> declared) throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream central = new ByteArrayOutputStream();
            for (Map.Entry<String, byte[]> e : entries) {
                byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
                byte[] data = e.getValue();
                CRC32 crc = new CRC32();
                crc.update(data);
                long size = declared.getOrDefault(e.getKey(), (long) data.length);
                int offset = out.size();
                out.write(header(0x04034b50, false, name, crc.getValue(), size, 0));
                out.write(name);
                out.write(data);
                central.write(header(0x02014b50, true, name, crc.getValue(), size, offset));
                central.write(name);
            }
            int cdOffset = out.size();
            byte[] cd = central.toByteArray();
            out.write(cd);
            ByteBuffer end = ByteBuffer.allocate(22).order(ByteOrder.LITTLE_ENDIAN);
            end.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) entries.size())
                    .putShort((short) entries.size()).putInt(cd.length).putInt(cdOffset).putShort((short) 0);
            out.write(end.array());
            return Files.write(file, out.toByteArray());
        }

        private static byte[] header(int signature, boolean central, byte[] name, long crc, long size, int offset) {
            ByteBuffer b = ByteBuffer.allocate(central ? 46 : 30).order(ByteOrder.LITTLE_ENDIAN);
            b.putInt(signature);
            if (central) {
                b.putShort((short) 20); // made by
            }
            b.putShort((short) 20).putShort((short) 0).putShort((short) 0) // version, flags, method STORED
                    .putShort((short) 0).putShort((short) 0x21) // time, date 1980-01-01
                    .putInt((int) crc).putInt((int) size).putInt((int) size).putShort((short) name.length).putShort((short) 0);
            if (central) {
                b.putShort((short) 0).putShort((short) 0).putShort((short) 0).putInt(0).putInt(offset);
            }
            return b.array();
        }
    }
}
