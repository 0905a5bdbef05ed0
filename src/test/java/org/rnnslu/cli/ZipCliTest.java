package org.rnnslu.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnslu.Tagger;

/** train --out NAME.zip, and every command that reads a model reading it as it reads the folder. */
class ZipCliTest {

    @TempDir
    static Path tmp;
    static Path data;
    static Path folder;
    static Path zip;

    static final String[] FLAGS = {"--epochs", "3", "--nh", "8", "--de", "6", "--win", "3", "--lr", "0.2", "--threads", "1"};

    @BeforeAll
    static void trainBoth() throws IOException {
        data = TinyCorpus.write(tmp.resolve("data"), 5);
        folder = tmp.resolve("model");
        zip = tmp.resolve("model.zip");
        ModelCardTest.data = data;
        ModelCardTest.train(folder, FLAGS);
        ModelCardTest.train(zip, FLAGS);
    }

    private static CliRun.Result run(String... args) {
        return ModelCardTest.run(args);
    }

    /** Each command's arguments after --model. */
    private static final List<String[]> COMMANDS = List.of(
            new String[] {"tag", "flights from boston to denver on monday"},
            new String[] {"eval", "--data", "DATA/test"},
            new String[] {"trace", "--words", "from boston", "--labels", "O B-fromloc.city_name"},
            new String[] {"neighbors", "boston", "-k", "3"});

    private static String[] args(String[] command, Path model) {
        List<String> a = new ArrayList<>();
        a.add(command[0]);
        a.add("--model");
        a.add(model.toString());
        for (String s : Arrays.copyOfRange(command, 1, command.length)) {
            a.add(s.replace("DATA", data.toString()));
        }
        return a.toArray(new String[0]);
    }

    @Test
    void everyCommandReadsTheZipAsItReadsTheFolder() throws IOException {
        for (String[] c : COMMANDS) {
            CliRun.Result fromFolder = run(args(c, folder));
            CliRun.Result fromZip = run(args(c, zip));
            assertThat(fromFolder.code()).as(c[0] + ": " + fromFolder.err()).isZero();
            assertThat(fromZip.code()).as(c[0] + ": " + fromZip.err()).isZero();
            assertThat(fromZip.out()).as(c[0]).isEqualTo(fromFolder.out());
        }
        CliRun.Result info = run("info", "--model", zip.toString());
        assertThat(info.code()).as(info.err()).isZero();
        assertThat(info.out()).startsWith("model: " + zip + " (zip)\n").contains("best: epoch").doesNotContain("missing");
        String[] words = {"fares", "from", "dallas", "to", "miami"};
        assertThat(Tagger.load(zip).tag(words)).isEqualTo(Tagger.load(folder).tag(words));
    }

    @Test
    void aDamagedZipIsOneLineNamingItExit2ForEveryCommand() throws IOException {
        byte[] all = Files.readAllBytes(zip);
        Path cut = Files.write(tmp.resolve("cut.zip"), Arrays.copyOf(all, all.length / 2));
        List<String[]> commands = new ArrayList<>(COMMANDS);
        commands.add(new String[] {"info"});
        for (String[] c : commands) {
            CliRun.Result r = run(args(c, cut));
            assertThat(r.code()).as(c[0]).isEqualTo(2);
            assertThat(r.err().lines().toList()).as(c[0]).hasSize(1);
            assertThat(r.err()).as(c[0]).startsWith("rnnslu").contains(cut + ": not a readable zip");
        }
    }

    @Test
    void trainRefusesALinkAtTheZipPathBeforeItTrains() throws IOException {
        Path link = Files.createSymbolicLink(tmp.resolve("link.zip"), zip.getFileName());
        byte[] before = Files.readAllBytes(zip);
        List<String> a = new ArrayList<>(List.of("train", "--data", data.toString(), "--out", link.toString(), "--quiet"));
        a.addAll(List.of(FLAGS));
        CliRun.Result r = run(a.toArray(new String[0]));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("rnnslu train: " + link + ": is a symbolic link; a model zip is replaced only when it is a file of its own");
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readAllBytes(zip)).isEqualTo(before);
    }

    @Test
    void aResumedZipRunEndsWithTheUninterruptedRunsModel() throws IOException {
        Path resumed = tmp.resolve("resumed.zip");
        List<String> first = new ArrayList<>(List.of(FLAGS));
        first.set(first.indexOf("--epochs") + 1, "2");
        ModelCardTest.train(resumed, first.toArray(new String[0]));
        List<String> rest = new ArrayList<>(List.of(FLAGS));
        rest.add("--resume");
        ModelCardTest.train(resumed, rest.toArray(new String[0]));
        String[] words = {"flights", "from", "seattle", "to", "atlanta"};
        assertThat(Tagger.load(resumed).probabilities(words)).isEqualTo(Tagger.load(zip).probabilities(words));
    }
}
