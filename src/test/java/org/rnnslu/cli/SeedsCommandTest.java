package org.rnnslu.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnslu.cli.CliRun.Result;
import org.rnnslu.json.Json;

/** train --seeds: each seed's model exactly as a lone run's, the table's mean and sd, bad values. */
class SeedsCommandTest {

    @TempDir
    static Path tmp;
    static Path data;
    /** The table's mean and sd come from unrounded scores, ours from the printed ones (2 decimals). */
    static final double TOLERANCE = 0.015;
    static final String[] RECIPE = {"--epochs", "3", "--nh", "8", "--de", "6", "--win", "3", "--lr", "0.1"};

    @BeforeAll
    static void corpus() throws Exception {
        data = TinyCorpus.write(tmp.resolve("data"), 7);
    }

    private static Result train(Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--data", data.toString(), "--out", out.toString(), "--quiet"));
        args.addAll(List.of(RECIPE));
        args.addAll(List.of(more));
        return CliRun.run(args.toArray(new String[0]));
    }

    @Test
    void concurrentSeedsGiveTheLoneRunsModelsAndTheirMeanAndSd() throws Exception {
        Path out = tmp.resolve("seeds");
        Result seeds = train(out, "--seeds", "5,6,7", "--threads", "2");
        assertThat(seeds.code()).as(seeds.err()).isZero();
        assertThat(seeds.out()).contains("3 runs into", "2 at a time, 1 thread each");
        double[] testF1 = new double[3];
        String[] ids = {"5", "6", "7"};
        for (int i = 0; i < 3; i++) {
            Path alone = tmp.resolve("alone-" + ids[i]);
            Result lone = train(alone, "--seed", ids[i], "--threads", "1");
            String best = lone.lines().get(0);
            assertThat(best).startsWith("BEST RESULT:");
            assertThat(seeds.out()).contains("seed " + ids[i] + ": " + best);
            assertSameModelFiles(out.resolve("seed-" + ids[i]), alone);
            testF1[i] = Double.parseDouble(best.substring(best.lastIndexOf(' ') + 1));
        }
        double mean = (testF1[0] + testF1[1] + testF1[2]) / 3;
        double sd = Math.sqrt(((testF1[0] - mean) * (testF1[0] - mean) + (testF1[1] - mean) * (testF1[1] - mean)
                + (testF1[2] - mean) * (testF1[2] - mean)) / 2);
        List<String> tsv = Files.readAllLines(out.resolve("seeds.tsv"));
        assertThat(tsv).hasSize(6);
        assertThat(tsv.get(0)).isEqualTo("seed\tbest_epoch\tvalid_f1\ttest_f1\twords_per_s\tseconds");
        int col = 3;
        for (int i = 0; i < 3; i++) {
            assertThat(tsv.get(1 + i).split("\t")[0]).isEqualTo(ids[i]);
            assertThat(Double.parseDouble(tsv.get(1 + i).split("\t")[col])).isEqualTo(testF1[i]);
        }
        assertThat(Double.parseDouble(tsv.get(4).split("\t")[col])).isCloseTo(mean, org.assertj.core.data.Offset.offset(TOLERANCE));
        assertThat(Double.parseDouble(tsv.get(5).split("\t")[col])).isCloseTo(sd, org.assertj.core.data.Offset.offset(TOLERANCE));
        assertThat(seeds.out()).containsPattern("test_f1: mean \\d+\\.\\d\\d ± \\d+\\.\\d\\d over 3 seeds");
        Map<?, ?> json = (Map<?, ?>) Json.parse(Files.readString(out.resolve("seeds.json")));
        assertThat(((List<?>) json.get("seeds"))).hasSize(3);
        assertThat(((Number) ((Map<?, ?>) json.get("mean")).get("test_f1")).doubleValue())
                .isCloseTo(mean, org.assertj.core.data.Offset.offset(TOLERANCE));
    }

    @Test
    void miniBatchSeedsRunOneAtATimeOnAllThreadsAndMatchTheLoneRun() throws Exception {
        Path out = tmp.resolve("batch");
        Result seeds = train(out, "--seeds", "5", "--batch", "4", "--threads", "2");
        assertThat(seeds.code()).as(seeds.err()).isZero();
        assertThat(seeds.out()).contains("1 at a time, 2 threads each");
        Path alone = tmp.resolve("batch-alone");
        assertThat(train(alone, "--seed", "5", "--batch", "4", "--threads", "2").code()).isZero();
        assertSameModelFiles(out.resolve("seed-5"), alone);
    }

    @Test
    void badSeedListsAreOneLineUsageErrors() throws Exception {
        Path out = tmp.resolve("bad");
        assertThat(train(out, "--seeds", "1,x").err().strip())
                .isEqualTo("rnnslu train: train: --seeds takes integers separated by commas (345,1,2,3), got '1,x'");
        assertThat(train(out, "--seeds", "1,1").err()).contains("seed 1 is given twice");
        assertThat(train(out, "--seeds", "1,2", "--seed", "3").err()).contains("does not take --seed");
        Files.writeString(tmp.resolve("file"), "not a folder");
        Result onFile = train(tmp.resolve("file"), "--seeds", "1");
        assertThat(onFile.code()).isEqualTo(2);
        assertThat(onFile.err()).contains("is not a folder");
        assertThat(Files.readString(tmp.resolve("file"))).isEqualTo("not a folder");
        assertThat(Files.exists(out)).isFalse();
    }

    /**
     * Every file of the model folders byte for byte, but the marker (a save id), the card's clock and
     * so card.json's MANIFEST line (see docs/model-folder.md: what is byte-stable).
     */
    private static void assertSameModelFiles(Path a, Path b) throws Exception {
        List<String> names;
        try (Stream<Path> s = Files.list(b)) {
            names = s.map(p -> p.getFileName().toString()).filter(n -> !n.equals(".rnnslu")).sorted().toList();
        }
        try (Stream<Path> s = Files.list(a)) {
            assertThat(s.map(p -> p.getFileName().toString()).filter(n -> !n.equals(".rnnslu")).sorted().toList())
                    .isEqualTo(names);
        }
        assertThat(names).contains("wx.npy", "model.txt", "MANIFEST");
        for (String n : names) {
            if (n.equals("MANIFEST")) {
                assertThat(CardFiles.manifestWithoutCard(a)).isEqualTo(CardFiles.manifestWithoutCard(b));
            } else if (n.equals("card.json")) {
                assertThat(CardFiles.withoutClock(CardFiles.card(a))).isEqualTo(CardFiles.withoutClock(CardFiles.card(b)));
            } else {
                assertThat(Files.readAllBytes(a.resolve(n))).as(n).isEqualTo(Files.readAllBytes(b.resolve(n)));
            }
        }
    }
}
