package org.rnnslu.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnslu.data.LabelSet;
import org.rnnslu.data.Preprocessing;
import org.rnnslu.data.Vocabulary;
import org.rnnslu.model.Dims;
import org.rnnslu.model.Params;
import org.rnnslu.model.Task;
import org.rnnslu.store.ModelFolder;

/**
 * The folder swap on a hostile file system: symbolic links inside and at --out, folders that are
 * not ours, folders from before the marker, permissions, a crash at every step of a save, and
 * loads racing saves.
 */
class FolderSwapTest {

    @TempDir
    Path tmp;

    static final Dims DIMS = new Dims(4, 3, 3, 5, 2);

    static ModelFolder.Contents model(long seed, String city) {
        Vocabulary vocab = Vocabulary.of(List.of("<UNK>", "to", city, "DIGIT"), Preprocessing.DEFAULT);
        LabelSet labels = LabelSet.of(List.of("B-" + city, "O"));
        return new ModelFolder.Contents(Params.initialise(DIMS, seed), vocab, labels, Task.SLOTS);
    }

    static final ModelFolder.Contents A = model(1, "boston");
    static final ModelFolder.Contents B = model(2, "denver");

    /** "A", "B", or a description of the mix (a part equal in both models, like the zero biases, fits either). */
    static String which(ModelFolder.Contents c) {
        List<String> parts = new ArrayList<>();
        for (String name : Params.NAMES) {
            parts.add(part(c.params().byName(name), A.params().byName(name), B.params().byName(name)));
        }
        parts.add(part(c.vocabulary().words(), A.vocabulary().words(), B.vocabulary().words()));
        parts.add(part(c.labels().labels(), A.labels().labels(), B.labels().labels()));
        boolean a = !parts.contains("B") && !parts.contains("?");
        boolean b = !parts.contains("A") && !parts.contains("?");
        return a ? "A" : b ? "B" : "mix " + parts;
    }

    private static String part(Object got, Object a, Object b) {
        boolean isA = java.util.Objects.deepEquals(got, a);
        boolean isB = java.util.Objects.deepEquals(got, b);
        return isA && isB ? "AB" : isA ? "A" : isB ? "B" : "?";
    }

    @AfterEach
    void noHook() {
        FolderSwap.onStep(null);
    }

    private static Path victim(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("precious.txt"), "not rnnslu's");
        return dir;
    }

    // ------------------------------------------------------------------------------- symlinks

    @Test
    void aLinkInsideTheModelFolderIsNeverFollowedWhenTheModelIsReplaced() throws IOException {
        Path victim = victim(tmp.resolve("elsewhere"));
        Path m = tmp.resolve("model");
        ModelFolder.save(m, A);
        Files.createSymbolicLink(m.resolve("link"), victim);
        assertThatThrownBy(() -> ModelFolder.save(m, B)).isInstanceOf(InputException.class)
                .hasMessageContaining("link").hasMessageContaining("symbolic link");
        assertThat(victim.resolve("precious.txt")).hasContent("not rnnslu's");
        assertThat(which(ModelFolder.load(m))).isEqualTo("A");
    }

    @Test
    void aLinkInsideTheCheckpointFolderIsNeverFollowed() throws IOException {
        Path victim = victim(tmp.resolve("elsewhere"));
        Path cp = tmp.resolve("model.checkpoint");
        FolderSwap.replace(cp, FolderSwap.Kind.CHECKPOINT, d -> Files.writeString(d.resolve("state.txt"), "format_version=1\n"));
        Files.createSymbolicLink(cp.resolve("wx.npy.link"), victim);
        assertThatThrownBy(() -> FolderSwap.replace(cp, FolderSwap.Kind.CHECKPOINT,
                d -> Files.writeString(d.resolve("state.txt"), "format_version=1\n"))).isInstanceOf(InputException.class);
        assertThat(victim.resolve("precious.txt")).hasContent("not rnnslu's");
    }

    @Test
    void deletingAnOldFolderRemovesOnlyItsListedFilesAndNeverFollowsLinks() throws IOException {
        Path victim = victim(tmp.resolve("elsewhere"));
        Path m = tmp.resolve("model");
        ModelFolder.save(m, A);
        Files.createSymbolicLink(m.resolve("link"), victim);
        Files.writeString(m.resolve("notes.txt"), "mine");
        FolderSwap.deleteOurs(m, false);
        assertThat(victim.resolve("precious.txt")).hasContent("not rnnslu's");
        assertThat(m.resolve("notes.txt")).hasContent("mine");
        assertThat(Files.isSymbolicLink(m.resolve("link"))).isTrue();
        assertThat(m.resolve("wx.npy")).doesNotExist();
    }

    @Test
    void outAsALinkToOurFolderReplacesTheFolderItNamesAndKeepsTheLink() throws IOException {
        Path real = tmp.resolve("disk/real-model");
        ModelFolder.save(real, A);
        Path link = Files.createSymbolicLink(tmp.resolve("model"), real);
        ModelFolder.save(link, B);
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(which(ModelFolder.load(real))).isEqualTo("B");
        assertThat(which(ModelFolder.load(link))).isEqualTo("B");
        assertThat(names(tmp.resolve("disk"))).containsExactly("real-model"); // no temporary or old folder left
    }

    @Test
    void outAsALinkToAFolderNotOursIsRefusedAndTheFolderKept() throws IOException {
        Path victim = victim(tmp.resolve("photos"));
        Path link = Files.createSymbolicLink(tmp.resolve("model"), victim);
        assertThatThrownBy(() -> ModelFolder.save(link, A)).isInstanceOf(InputException.class)
                .hasMessageContaining("not a folder rnnslu wrote");
        assertThat(victim.resolve("precious.txt")).hasContent("not rnnslu's");
        assertThat(Files.isSymbolicLink(link)).isTrue();
    }

    @Test
    void outAsALinkToOurFolderWithAUserFileInItIsRefused() throws IOException {
        Path real = tmp.resolve("real");
        ModelFolder.save(real, A);
        Files.writeString(real.resolve("my-notes.txt"), "mine");
        Path link = Files.createSymbolicLink(tmp.resolve("model"), real);
        assertThatThrownBy(() -> ModelFolder.save(link, B)).isInstanceOf(InputException.class)
                .hasMessageContaining("my-notes.txt").hasMessageContaining("not listed in MANIFEST");
        assertThat(real.resolve("my-notes.txt")).hasContent("mine");
        assertThat(which(ModelFolder.load(link))).isEqualTo("A");
    }

    @Test
    void outAsALinkLoopOrAChainToNothingIsRefused() throws IOException {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        Files.createSymbolicLink(a, b);
        Files.createSymbolicLink(b, a);
        assertThatThrownBy(() -> ModelFolder.save(a, A)).isInstanceOf(InputException.class).hasMessageStartingWith(a.toString());
        Path chain = Files.createSymbolicLink(tmp.resolve("c"), tmp.resolve("d"));
        Files.createSymbolicLink(tmp.resolve("d"), tmp.resolve("nowhere/e"));
        assertThatThrownBy(() -> ModelFolder.save(chain, A)).isInstanceOf(InputException.class)
                .hasMessageContaining("does not exist");
        assertThat(Files.isSymbolicLink(a) && Files.isSymbolicLink(b) && Files.isSymbolicLink(chain)).isTrue();
    }

    @Test
    void aLinkInsideAModelFolderToAFileOutsideIsNotRead() throws IOException {
        Path m = tmp.resolve("model");
        ModelFolder.save(m, A);
        Path secret = Files.writeString(tmp.resolve("secret.txt"), "<UNK>\nroot:x:0:0\nroot:x:0:0\n");
        Files.delete(m.resolve("words.txt"));
        Files.delete(m.resolve(ModelFolder.MANIFEST));
        Files.createSymbolicLink(m.resolve("words.txt"), secret);
        assertThatThrownBy(() -> ModelFolder.load(m)).isInstanceOf(InputException.class)
                .hasMessageContaining("symbolic link out of the folder").hasMessageNotContaining("root:x");
    }

    // ----------------------------------------------------------------------- folders not ours

    @Test
    void aFolderThatMerelyHoldsWordsTxtIsNotReplaced() throws IOException {
        Path m = Files.createDirectories(tmp.resolve("notes"));
        Files.writeString(m.resolve("words.txt"), "my word list\n");
        assertThatThrownBy(() -> ModelFolder.save(m, A)).isInstanceOf(InputException.class)
                .hasMessageContaining("no .rnnslu marker");
        assertThat(m.resolve("words.txt")).hasContent("my word list");
        assertThat(names(m)).containsExactly("words.txt");
    }

    @Test
    void anEmptyFolderIsFilledAndAFileAtTheFolderPathIsRefusedAndKept() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        ModelFolder.save(empty, A);
        assertThat(which(ModelFolder.load(empty))).isEqualTo("A");
        Path file = Files.writeString(tmp.resolve("model"), "a file");
        assertThatThrownBy(() -> ModelFolder.save(file, A)).isInstanceOf(InputException.class)
                .hasMessageContaining("is not a folder");
        assertThat(file).hasContent("a file");
    }

    @Test
    void aModelFolderIsNotReplacedByACheckpointNorTheOtherWayRound() throws IOException {
        Path m = tmp.resolve("model");
        ModelFolder.save(m, A);
        assertThatThrownBy(() -> FolderSwap.replace(m, FolderSwap.Kind.CHECKPOINT, d -> {}))
                .isInstanceOf(InputException.class).hasMessageContaining("is an rnnslu model folder");
        assertThat(which(ModelFolder.load(m))).isEqualTo("A");
    }

    @Test
    void aModelFolderFromBeforeTheMarkerLoadsAndIsReplacedOnlyWhenItsManifestProvesItUnchanged() throws IOException {
        Path m = tmp.resolve("model");
        ModelFolder.save(m, A);
        Files.delete(m.resolve(FolderSwap.MARKER)); // as every rnnslu before the marker wrote it
        assertThat(which(ModelFolder.load(m))).isEqualTo("A");
        ModelFolder.save(m, B);
        assertThat(which(ModelFolder.load(m))).isEqualTo("B");
        assertThat(m.resolve(FolderSwap.MARKER)).exists();

        Files.delete(m.resolve(FolderSwap.MARKER));
        Files.write(m.resolve("labels.txt"), List.of("B-x", "O")); // edited by hand: MANIFEST no longer agrees
        assertThatThrownBy(() -> ModelFolder.save(m, A)).isInstanceOf(InputException.class)
                .hasMessageContaining("no .rnnslu marker");
        assertThat(m.resolve("labels.txt")).hasContent("B-x\nO");
    }

    @Test
    void aTutorialFolderLoadsButIsNotReplaced() throws IOException {
        Path m = tmp.resolve("tutorial");
        ModelFolder.save(m, A);
        Files.delete(m.resolve(FolderSwap.MARKER));
        Files.delete(m.resolve(ModelFolder.MANIFEST));
        Files.delete(m.resolve(ModelFolder.HYPER_FILE));
        assertThat(which(ModelFolder.load(m))).isEqualTo("A");
        assertThatThrownBy(() -> ModelFolder.save(m, B)).isInstanceOf(InputException.class)
                .hasMessageContaining("no .rnnslu marker");
        assertThat(which(ModelFolder.load(m))).isEqualTo("A");
    }

    @Test
    void anUnlistedModelTxtIsAnErrorNotASilentChange() throws IOException {
        Path m = tmp.resolve("model");
        ModelFolder.save(m, A);
        List<String> manifest = new ArrayList<>(Files.readAllLines(m.resolve(ModelFolder.MANIFEST)));
        manifest.removeIf(line -> line.startsWith(ModelFolder.HYPER_FILE + " "));
        Files.write(m.resolve(ModelFolder.MANIFEST), manifest);
        String hyper = Files.readString(m.resolve(ModelFolder.HYPER_FILE));
        Files.writeString(m.resolve(ModelFolder.HYPER_FILE), hyper.replace("lowercase=false", "lowercase=true"));
        assertThatThrownBy(() -> ModelFolder.load(m)).isInstanceOf(InputException.class)
                .hasMessageContaining(ModelFolder.HYPER_FILE).hasMessageContaining("not listed in MANIFEST");
    }

    @Test
    void anUnlistedModelFileIsAnError() throws IOException {
        Path m = tmp.resolve("model");
        ModelFolder.save(m, A);
        Npy.write(m.resolve("wi.npy"), new float[5 * 2], 5, 2); // would turn it into a joint model, unchecked
        assertThatThrownBy(() -> ModelFolder.load(m)).isInstanceOf(InputException.class)
                .hasMessageContaining("wi.npy").hasMessageContaining("not listed in MANIFEST");
    }

    // ---------------------------------------------------------------------------- permissions

    @Test
    void aSaveKeepsTheFolderPermissionsOrGivesTheUmasksForANewFolder() throws IOException {
        Path m = tmp.resolve("model");
        ModelFolder.save(m, A);
        Path plain = Files.createDirectory(tmp.resolve("plain")); // what the umask gives a new folder
        assertThat(Files.getPosixFilePermissions(m)).isEqualTo(Files.getPosixFilePermissions(plain));
        Files.setPosixFilePermissions(m, PosixFilePermissions.fromString("rwxr-x--x"));
        ModelFolder.save(m, B);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(m))).isEqualTo("rwxr-x--x");
    }

    // ------------------------------------------------------------------------- crash recovery

    /** What the swap leaves when killed between its renames, made by hand (as any version leaves it). */
    @Test
    void aModelMovedAsideByAnInterruptedSaveIsStillFoundAndTrainPutsItBack() throws IOException {
        Path m = tmp.resolve("model");
        ModelFolder.save(m, A);
        Path old = tmp.resolve("model.old-" + Long.MAX_VALUE + "-1");
        Files.move(m, old);
        List<String> notices = new ArrayList<>();
        assertThat(which(ModelFolder.load(m, notices::add))).isEqualTo("A");
        assertThat(notices).hasSize(1);
        assertThat(notices.get(0)).contains("interrupted").contains(old.toString());
        String done = FolderSwap.recover(m, FolderSwap.Kind.MODEL);
        assertThat(done).contains("restored").contains(old.getFileName().toString());
        assertThat(which(ModelFolder.load(m))).isEqualTo("A");
        assertThat(names(tmp)).containsExactly("model");
    }

    /**
     * A crash at each step of a save: the hook copies the disk as the step leaves it (what a kill
     * there leaves, since nothing after the step has run); then each copy must load as the old or
     * the new model, and after recovery and one more save hold exactly one model and no leftovers.
     */
    @Test
    void aCrashAtEveryStepOfASaveLeavesAModelThatLoadsAndRecovers() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("run"));
        Path m = root.resolve("model");
        ModelFolder.save(m, A);
        Map<FolderSwap.Step, Path> copies = new EnumMap<>(FolderSwap.Step.class);
        FolderSwap.onStep((dir, step) -> copies.put(step, copyTree(root, tmp.resolve("crash-" + step))));
        ModelFolder.save(m, B);
        FolderSwap.onStep(null);
        assertThat(copies.keySet()).containsExactly(FolderSwap.Step.values());
        Map<FolderSwap.Step, String> expected = Map.of(FolderSwap.Step.WRITTEN, "A", FolderSwap.Step.OLD_MOVED, "A",
                FolderSwap.Step.NEW_MOVED, "B", FolderSwap.Step.OLD_DELETED, "B");
        for (Map.Entry<FolderSwap.Step, Path> e : copies.entrySet()) {
            Path copy = e.getValue().resolve("model");
            List<String> notices = new ArrayList<>();
            assertThat(which(ModelFolder.load(copy, notices::add))).as("load after a crash at " + e.getKey())
                    .isEqualTo(expected.get(e.getKey()));
            assertThat(notices).as("notice after a crash at " + e.getKey())
                    .hasSize(e.getKey() == FolderSwap.Step.OLD_MOVED ? 1 : 0);
            String recovered = FolderSwap.recover(copy, FolderSwap.Kind.MODEL);
            assertThat(recovered != null).as("recovered after " + e.getKey()).isEqualTo(e.getKey() == FolderSwap.Step.OLD_MOVED);
            assertThat(which(ModelFolder.load(copy))).isEqualTo(expected.get(e.getKey()));
            ModelFolder.save(copy, A);
            assertThat(names(e.getValue())).as("after a crash at " + e.getKey() + " and one more save")
                    .containsExactly("model");
        }
    }

    private static Path copyTree(Path from, Path to) {
        try {
            Files.createDirectories(to);
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(from)) {
                for (Path f : ds) {
                    Path t = to.resolve(f.getFileName().toString());
                    if (Files.isDirectory(f, LinkOption.NOFOLLOW_LINKS)) {
                        copyTree(f, t);
                    } else {
                        Files.copy(f, t, LinkOption.NOFOLLOW_LINKS);
                    }
                }
            }
            return to;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static List<String> names(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            ds.forEach(p -> out.add(p.getFileName().toString()));
        }
        out.sort(null);
        return out;
    }

    // ---------------------------------------------------------------------- loads racing saves

    /**
     * One thread saves A and B in turn, back to back, while another loads: every load is A or B
     * whole, and every failure says why. (Loading by path after checking MANIFEST mixed the two.)
     */
    @Test
    void loadsDuringBackToBackSavesNeverMixTwoModels() throws Exception {
        Path m = tmp.resolve("model");
        ModelFolder.save(m, A);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger saves = new AtomicInteger();
        Thread saver = new Thread(() -> {
            try {
                while (!stop.get()) {
                    ModelFolder.save(m, saves.incrementAndGet() % 2 == 0 ? A : B);
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        saver.start();
        Map<String, Integer> outcomes = new java.util.TreeMap<>();
        long end = System.nanoTime() + 4_000_000_000L;
        try {
            while (System.nanoTime() < end || outcomes.getOrDefault("A", 0) == 0 || outcomes.getOrDefault("B", 0) == 0) {
                String outcome;
                try {
                    outcome = which(ModelFolder.load(m, notice -> {}));
                } catch (InputException e) {
                    outcome = "error " + e.getMessage().replace(m.toString(), "M").replaceAll("[0-9a-f]{8,}", "N");
                }
                outcomes.merge(outcome, 1, Integer::sum);
                if (System.nanoTime() > end + 20_000_000_000L) {
                    break;
                }
            }
        } finally {
            stop.set(true);
            saver.join();
        }
        System.out.println("FOLDER-SWAP loads during " + saves.get() + " saves: " + outcomes);
        assertThat(outcomes.keySet()).as("outcomes of the loads").containsExactly("A", "B");
    }
}
