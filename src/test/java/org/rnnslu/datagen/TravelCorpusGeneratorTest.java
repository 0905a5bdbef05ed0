package org.rnnslu.datagen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnslu.cli.CliRun;
import org.rnnslu.cli.CliRun.Result;
import org.rnnslu.datagen.TravelCorpusGenerator.Corpus;
import org.rnnslu.datagen.TravelCorpusGenerator.Sample;

class TravelCorpusGeneratorTest {

    static final List<String> FILES = List.of("seq.in", "seq.out", "label");
    static final Pattern LABEL = Pattern.compile("O|[BI]-[a-z_]+(\\.[a-z_]+)?");
    static final Pattern INTENT = Pattern.compile("atis_[a-z_]+(#atis_[a-z_]+)*");
    static final Pattern WORD = Pattern.compile("[a-z0-9.']+");

    static Corpus corpus;

    @BeforeAll
    static void build() {
        corpus = TravelCorpusGenerator.build(TravelCorpusGenerator.DEFAULT_SEED, 3000, 500, 500);
    }

    /** The committed corpus, found from the working directory (the project root under Maven). */
    static Path committedData() {
        Path data = Path.of("data").toAbsolutePath();
        Assumptions.assumeTrue(Files.isRegularFile(data.resolve("train/seq.in")),
                "no committed corpus at " + data + " (run from the project root): skipped");
        return data;
    }

    @Test
    void committedDataIsExactlyWhatTheDefaultSeedGenerates(@TempDir Path tmp) throws IOException {
        Path data = committedData();
        TravelCorpusGenerator.generate(TravelCorpusGenerator.DEFAULT_SEED, tmp);
        for (String split : TravelCorpusGenerator.SPLITS) {
            for (String f : FILES) {
                byte[] expected = Files.readAllBytes(data.resolve(split).resolve(f));
                byte[] actual = Files.readAllBytes(tmp.resolve(split).resolve(f));
                assertThat(actual).as(split + "/" + f + " differs from the committed data/; regenerate it "
                        + "(see data/README.md)").isEqualTo(expected);
            }
        }
    }

    @Test
    void committedFilesAreWellFormed() throws IOException {
        Path data = committedData();
        for (String split : TravelCorpusGenerator.SPLITS) {
            Path dir = data.resolve(split);
            List<String> in = Files.readAllLines(dir.resolve("seq.in"), StandardCharsets.UTF_8);
            List<String> out = Files.readAllLines(dir.resolve("seq.out"), StandardCharsets.UTF_8);
            List<String> label = Files.readAllLines(dir.resolve("label"), StandardCharsets.UTF_8);
            assertThat(out).hasSameSizeAs(in);
            assertThat(label).hasSameSizeAs(in);
            for (int i = 0; i < in.size(); i++) {
                String where = split + " line " + (i + 1);
                String[] words = in.get(i).split(" ", -1);
                String[] labels = out.get(i).split(" ", -1);
                assertThat(labels).as(where + ": " + in.get(i)).hasSameSizeAs(words);
                checkSequence(List.of(words), List.of(labels), where);
                assertThat(label.get(i)).as(where).matches(INTENT);
            }
            for (String f : FILES) {
                String text = Files.readString(dir.resolve(f), StandardCharsets.UTF_8);
                assertThat(text).as(split + "/" + f).endsWith("\n").doesNotContain("\r", "\t");
            }
        }
    }

    static void checkSequence(List<String> words, List<String> labels, String where) {
        assertThat(words).as(where).isNotEmpty();
        assertThat(labels).as(where).hasSameSizeAs(words);
        String previous = "O";
        for (int j = 0; j < words.size(); j++) {
            assertThat(words.get(j)).as(where + " word " + j).matches(WORD);
            String l = labels.get(j);
            assertThat(l).as(where + " label " + j).matches(LABEL);
            if (l.startsWith("I-")) {
                String type = l.substring(2);
                assertThat(previous).as(where + ": " + l + " at word " + j + " must follow B-/I-" + type)
                        .isIn("B-" + type, "I-" + type);
            }
            previous = l;
        }
    }

    @Test
    void everyGeneratedLineIsAlignedAndValidIob() {
        for (String split : TravelCorpusGenerator.SPLITS) {
            List<Sample> samples = corpus.split(split);
            for (int i = 0; i < samples.size(); i++) {
                Sample s = samples.get(i);
                checkSequence(s.words(), s.labels(), split + " #" + i + " " + s);
                assertThat(s.intent()).matches(INTENT);
            }
        }
    }

    @Test
    void sizesAreAsRequested() {
        assertThat(corpus.train()).hasSize(3000);
        assertThat(corpus.dev()).hasSize(500);
        assertThat(corpus.test()).hasSize(500);
        Corpus small = TravelCorpusGenerator.build(5, 7, 0, 2);
        assertThat(small.train()).hasSize(7);
        assertThat(small.dev()).isEmpty();
        assertThat(small.test()).hasSize(2);
    }

    @Test
    void noUtteranceRepeatsSoDevAndTestAreDisjointFromTrain() {
        Set<String> all = new HashSet<>();
        int total = 0;
        for (String split : TravelCorpusGenerator.SPLITS) {
            for (Sample s : corpus.split(split)) {
                all.add(s.text());
                total++;
            }
        }
        assertThat(all).hasSize(total);
    }

    @Test
    void sameSeedSameCorpusDifferentSeedDifferentCorpus() {
        Corpus again = TravelCorpusGenerator.build(TravelCorpusGenerator.DEFAULT_SEED, 3000, 500, 500);
        assertThat(texts(again.train())).isEqualTo(texts(corpus.train()));
        assertThat(texts(again.test())).isEqualTo(texts(corpus.test()));

        Corpus other = TravelCorpusGenerator.build(TravelCorpusGenerator.DEFAULT_SEED + 1, 3000, 500, 500);
        assertThat(texts(other.train())).isNotEqualTo(texts(corpus.train()));
        Set<String> overlap = new HashSet<>(texts(other.train()));
        overlap.retainAll(texts(corpus.train()));
        assertThat(overlap.size()).as("two seeds share few utterances").isLessThan(300);
    }

    @Test
    void trainDoesNotDependOnDevAndTestSizes() {
        Corpus fewer = TravelCorpusGenerator.build(TravelCorpusGenerator.DEFAULT_SEED, 3000, 10, 0);
        assertThat(texts(fewer.train())).isEqualTo(texts(corpus.train()));
        assertThat(texts(fewer.dev())).isEqualTo(texts(corpus.dev().subList(0, 10)));
    }

    static List<String> texts(List<Sample> samples) {
        return samples.stream().map(Sample::text).collect(Collectors.toList());
    }

    @Test
    void corpusHasTheAtisLabelsAndIntentsItPromises() {
        Set<String> labels = new TreeSet<>();
        Map<String, Integer> intents = new HashMap<>();
        for (Sample s : corpus.train()) {
            labels.addAll(s.labels());
            intents.merge(s.intent(), 1, Integer::sum);
        }
        assertThat(labels).contains("O", "B-fromloc.city_name", "I-fromloc.city_name", "B-toloc.city_name",
                "I-toloc.city_name", "B-depart_date.day_name", "B-depart_date.month_name",
                "B-depart_date.day_number", "I-depart_date.day_number", "B-depart_time.period_of_day",
                "B-depart_time.time_relative", "B-depart_time.time", "I-depart_time.time", "B-arrive_time.time",
                "B-arrive_time.time_relative", "B-airline_name", "I-airline_name", "B-cost_relative",
                "B-fare_amount", "I-fare_amount", "B-round_trip", "I-round_trip", "B-class_type",
                "I-class_type", "B-fromloc.airport_name", "I-fromloc.airport_name", "B-flight_number",
                "B-stoploc.city_name", "B-city_name", "B-transport_type", "B-return_date.day_name",
                "B-arrive_date.day_name", "B-or", "B-meal_description", "B-aircraft_code",
                "B-fare_basis_code", "B-airline_code", "B-flight_stop", "B-flight_mod");
        assertThat(intents).containsKeys("atis_flight", "atis_airfare", "atis_ground_service", "atis_airline",
                "atis_flight_time", "atis_abbreviation", "atis_aircraft", "atis_meal", "atis_quantity",
                "atis_flight#atis_airfare");
        assertThat(intents.get("atis_flight")).isBetween(1500, 2100);
        assertThat(intents.keySet().size()).isBetween(10, 20);
    }

    @Test
    void theSameCityTakesDifferentSlotsDependingOnContext() {
        // "boston" is both fromloc and toloc in train: a tagger needs "from"/"to" to tell them apart
        Set<String> bostonLabels = new TreeSet<>();
        Set<String> timeRelativeLabels = new TreeSet<>();
        for (Sample s : corpus.train()) {
            for (int i = 0; i < s.words().size(); i++) {
                if (s.words().get(i).equals("boston")) {
                    bostonLabels.add(s.labels().get(i));
                }
                if (s.words().get(i).equals("before")) {
                    timeRelativeLabels.add(s.labels().get(i));
                }
            }
        }
        assertThat(bostonLabels).contains("B-fromloc.city_name", "B-toloc.city_name", "B-city_name");
        assertThat(timeRelativeLabels).contains("B-depart_time.time_relative", "B-arrive_time.time_relative");
    }

    @Test
    void someWordsAreRareOrUnseen() {
        Map<String, Integer> counts = new HashMap<>();
        corpus.train().forEach(s -> s.words().forEach(w -> counts.merge(w, 1, Integer::sum)));
        long once = counts.values().stream().filter(c -> c == 1).count();
        assertThat(once).as("training words seen once").isGreaterThan(30);
        long unseenInTest = corpus.test().stream().flatMap(s -> s.words().stream())
                .filter(w -> !counts.containsKey(w)).count();
        assertThat(unseenInTest).as("test words never seen in training").isPositive();
        assertThat(counts.size()).as("training vocabulary").isBetween(400, 1500);
    }

    @Test
    void filesMatchTheInMemoryCorpusAndLeaveNoTemporaryFiles(@TempDir Path tmp) throws IOException {
        Corpus small = TravelCorpusGenerator.generate(42, tmp, 50, 10, 10);
        List<String> in = Files.readAllLines(tmp.resolve("train/seq.in"));
        assertThat(in).isEqualTo(texts(small.train()));
        assertThat(Files.readAllLines(tmp.resolve("test/label")))
                .isEqualTo(small.test().stream().map(Sample::intent).collect(Collectors.toList()));
        // regenerate over the existing files: replaced, nothing else left behind
        TravelCorpusGenerator.generate(43, tmp, 50, 10, 10);
        assertThat(Files.readAllLines(tmp.resolve("train/seq.in"))).isNotEqualTo(in);
        try (Stream<Path> files = Files.walk(tmp)) {
            List<String> names = files.filter(Files::isRegularFile)
                    .map(p -> tmp.relativize(p).toString().replace('\\', '/'))
                    .sorted().collect(Collectors.toList());
            assertThat(names).containsExactly(".rnnslu", "dev/label", "dev/seq.in", "dev/seq.out", "test/label",
                    "test/seq.in", "test/seq.out", "train/label", "train/seq.in", "train/seq.out");
        }
    }

    @Test
    void commandLine(@TempDir Path tmp) {
        Result ok = CliRun.run(GenerateData::run, "--out", tmp.toString(), "--seed", "7", "--train", "20",
                "--dev", "5", "--test", "5");
        assertThat(ok.code()).isZero();
        assertThat(ok.out()).contains("seed 7", "train    20 utterances", "vocabulary");
        assertThat(tmp.resolve("dev/seq.out")).exists();

        String d = tmp.toString();
        Map<List<String>, String> bad = Map.of(
                List.of(), "--out is required",
                List.of("--out", d, "--seed"), "--seed needs a value",
                List.of("--out", d, "--seed", "x"), "--seed takes an integer, got 'x'",
                List.of("--out", d, "--frob", "1"), "unknown option --frob",
                List.of("--out", d, "--train", "0"), "--train must be between 1 and 1000000, got 0",
                List.of("--out", d, "--out", d), "--out given twice",
                List.of(d), "unexpected argument");
        bad.forEach((args, message) -> {
            Result r = CliRun.run(GenerateData::run, args.toArray(String[]::new));
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.err().lines().toList()).as(String.join(" ", args)).hasSize(1);
            assertThat(r.err()).startsWith("rnnslu generate-data: ").contains(message);
        });
        assertThat(CliRun.run(GenerateData::run, "--help").out()).startsWith("usage: java -jar target/rnnslu-tools.jar --out DIR");
    }

    @Test
    void negativeSizesAreRejected() {
        assertThatThrownBy(() -> TravelCorpusGenerator.build(1, -1, 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void summaryCountsEverySplit() {
        String s = corpus.summary();
        assertThat(s).contains("train  3000 utterances", "dev     500 utterances", "test    500 utterances",
                "intents 15");
        List<String> lines = new ArrayList<>(List.of(s.split("\n")));
        assertThat(lines).hasSize(4);
    }
}
