package org.rnnslu.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnslu.cli.CliRun.Result;
import org.rnnslu.json.Json;

/** tag's threads, tokenizer, JSON confidences and eval --calibration, end to end on a tiny corpus. */
class TagCommandTest {

    @TempDir
    static Path tmp;
    static Path data;
    static Path slots;
    static Path joint;
    static Path input;

    @BeforeAll
    static void train() throws Exception {
        data = TinyCorpus.write(tmp.resolve("data"), 7);
        slots = tmp.resolve("slots");
        joint = tmp.resolve("joint");
        for (Path m : new Path[] {slots, joint}) {
            Result r = CliRun.run("train", "--data", data.toString(), "--out", m.toString(), "--epochs", "8", "--nh", "16",
                    "--de", "8", "--win", "3", "--lr", "0.2", "--task", m == slots ? "slots" : "joint");
            assertThat(r.code()).as(r.err()).isZero();
        }
        List<String> lines = new ArrayList<>();
        List<String> test = Files.readAllLines(data.resolve("test/seq.in"));
        for (int i = 0; i < 2_000; i++) {
            lines.add(i % 97 == 0 ? "" : test.get(i % test.size()));
        }
        input = Files.write(tmp.resolve("input.txt"), lines, StandardCharsets.UTF_8);
    }

    @Test
    void threadsGiveTheSameOutputInInputOrder() {
        for (Path m : new Path[] {slots, joint}) {
            for (String format : new String[] {"text", "json", "conll"}) {
                Result one = CliRun.run("tag", "--model", m.toString(), "--format", format, "--input", input.toString());
                Result three = CliRun.run("tag", "--model", m.toString(), "--format", format, "--input", input.toString(),
                        "--threads", "3");
                assertThat(one.code()).as(one.err()).isZero();
                assertThat(three.out()).as("%s %s", m.getFileName(), format).isEqualTo(one.out());
                assertThat(one.err()).as("no progress line when stderr is not a terminal").doesNotContain("words/s");
                if (format.equals("json")) {
                    assertThat(one.lines()).hasSize(2_000);
                }
            }
        }
    }

    @Test
    void aBadLineStopsAfterTheLinesBeforeItOnAnyThreadCount() throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(input));
        lines.set(700, "flights from \uFFFF\r boston");
        Path bad = Files.write(tmp.resolve("bad.txt"), lines, StandardCharsets.UTF_8);
        Result one = CliRun.run("tag", "--model", slots.toString(), "--format", "json", "--input", bad.toString());
        Result two = CliRun.run("tag", "--model", slots.toString(), "--format", "json", "--input", bad.toString(),
                "--threads", "2");
        assertThat(one.code()).isEqualTo(2);
        assertThat(one.err()).contains("bad.txt:701: carriage return inside a line");
        assertThat(one.lines()).hasSize(700);
        assertThat(two.code()).isEqualTo(2);
        assertThat(two.out()).isEqualTo(one.out());
    }

    @Test
    void jsonCarriesConfidencesOffsetsAndTheIntentRanking() {
        String text = "Flights from Boston to New York, on Monday.";
        Result r = CliRun.run("tag", "--model", joint.toString(), "--format", "json", "--top-k", "2", text);
        assertThat(r.code()).as(r.err()).isZero();
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> o = (java.util.Map<String, Object>) Json.parse(r.out().strip());
        assertThat(new ArrayList<>(o.keySet())).containsExactly("words", "labels", "slots", "intent", "text", "spans",
                "probabilities", "top", "intents");
        assertThat(o.get("words")).isEqualTo(List.of("flights", "from", "boston", "to", "new", "york", "on", "monday"));
        assertThat(o.get("text")).isEqualTo(text);
        @SuppressWarnings("unchecked")
        List<java.util.Map<String, Object>> found = (List<java.util.Map<String, Object>>) o.get("slots");
        assertThat(found).isNotEmpty();
        for (java.util.Map<String, Object> s : found) {
            int from = ((java.math.BigDecimal) s.get("char_start")).intValueExact();
            int to = ((java.math.BigDecimal) s.get("char_end")).intValueExact();
            assertThat(text.substring(from, to)).isEqualTo(s.get("source"));
            assertThat(((String) s.get("source")).toLowerCase(java.util.Locale.ROOT)).isEqualTo(s.get("text"));
            assertThat(((java.math.BigDecimal) s.get("score")).doubleValue()).isBetween(0.0, 1.0);
        }
        assertThat((List<?>) o.get("intents")).hasSize(2);
        assertThat((List<?>) ((List<?>) o.get("top")).get(0)).hasSize(2);
        Result ws = CliRun.run("tag", "--model", joint.toString(), "--tokenizer", "whitespace", text);
        assertThat(ws.lines().get(0)).isEqualTo("Flights from Boston to New York, on Monday.");
    }

    @Test
    void evalCalibrationPrintsTheReliabilityTables() {
        Result r = CliRun.run("eval", "--model", joint.toString(), "--data", data.resolve("test").toString(), "--calibration");
        assertThat(r.code()).as(r.err()).isZero();
        int words = 0;
        for (String line : r.lines()) {
            if (line.startsWith("calibration of the per-word")) {
                words = Integer.parseInt(line.replaceAll(".*: (\\d+) words.*", "$1"));
            }
        }
        int expected = 0;
        try {
            for (String line : Files.readAllLines(data.resolve("test/seq.in"))) {
                expected += line.split(" ").length;
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertThat(words).isEqualTo(expected);
        assertThat(r.out()).contains("calibration of the intent probability: 30 utterances, 10 bins")
                .contains("[0.9, 1.0]").contains("expected calibration error (ECE): ");
        assertThat(r.lines().stream().filter(l -> l.startsWith("expected calibration error"))).hasSize(2);
    }

    @Test
    void badOptionsAreOneLine() {
        assertThat(CliRun.run("tag", "--model", slots.toString(), "--threads", "0", "x").err())
                .isEqualTo("rnnslu tag: tag: --threads takes an integer from 1 to 1024, got '0'\n");
        assertThat(CliRun.run("tag", "--model", slots.toString(), "--tokenizer", "regex", "x").code()).isEqualTo(2);
        assertThat(CliRun.run("tag", "--model", slots.toString(), "--input", input.toString(), "x").code()).isEqualTo(2);
    }
}
