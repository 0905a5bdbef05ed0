package org.rnnslu.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rnnslu.hostile.Hostile.utf8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.rnnslu.data.LabelSet;
import org.rnnslu.data.Preprocessing;
import org.rnnslu.data.Readers;
import org.rnnslu.data.Splits;
import org.rnnslu.data.Utterance;
import org.rnnslu.data.Vocabulary;
import org.rnnslu.hostile.Hostile.Case;
import org.rnnslu.hostile.Hostile.Setup;
import org.rnnslu.hostile.Hostile.Variant;

/**
 * Generated hostile inputs for every text reader: each gives the right result or an InputException
 * naming the file (and the line where the problem is on one line). The display name of each
 * dynamic test carries its case count; a summary is printed at the end.
 */
class HostileReadersTest {

    @TempDir
    static Path tmp;

    static final String SEQ_IN = "i want to fly from boston to denver\nshow fares\nflights to new york on monday\n"
            + "what is 1984 ?\nlist\n";
    static final String SEQ_OUT = "O O O O O B-fromloc.city_name O B-toloc.city_name\nO O\nO O B-toloc.city_name "
            + "I-toloc.city_name O B-depart_date.day_name\nO O O O\nO\n";
    static final String LABEL = "atis_flight\natis_airfare\natis_flight\natis_quantity\natis_flight#atis_airfare\n";
    static final String CONLL = "-DOCSTART- -X- O\n\nshow NN O\nflights NNS O\nto TO O\nboston NNP B-city\n\n\n"
            + "fares O\nfrom O\nnew NNP B-city\nyork NNP I-city\n\nlist\tO\n";
    static final String INTENTS = "atis_flight\tshow flights to boston\natis_airfare\twhat is the fare\n\n"
            + "atis_flight#atis_airfare\tflights and fares   from  denver\n";
    static final String WORDS = "<UNK>\nto\nboston\nDIGIT\nnew\nyork\nflights\n";
    static final String LABELS = "B-toloc.city_name\nI-toloc.city_name\nO\nB-fromloc.city_name\n";

    static final BiConsumer<Object, Object> EQUAL = (a, b) -> assertThat(a).isEqualTo(b);
    static final BiConsumer<Object, Object> SAME_VOCAB = (a, b) ->
            assertThat(((Vocabulary) a).words()).isEqualTo(((Vocabulary) b).words());
    static final BiConsumer<Object, Object> SAME_LABELS = (a, b) ->
            assertThat(((LabelSet) a).labels()).isEqualTo(((LabelSet) b).labels());

    static Path write(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
        return file;
    }

    static Path split(Path dir, byte[] in, byte[] out, byte[] label) throws IOException {
        Files.createDirectories(dir);
        if (in != null) {
            write(dir.resolve("seq.in"), in);
        }
        if (out != null) {
            write(dir.resolve("seq.out"), out);
        }
        if (label != null) {
            write(dir.resolve("label"), label);
        }
        return dir;
    }

    static String words(int n, String prefix) {
        StringBuilder sb = new StringBuilder(n * 8);
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : " ").append(prefix).append(i % 977);
        }
        return sb.toString();
    }

    @TestFactory
    Stream<DynamicTest> readers() throws Exception {
        return Stream.of(
                atisSplit(),
                splits(),
                conll(),
                intentText(),
                vocabulary(),
                labelSet());
    }

    @AfterAll
    static void summary() {
        StringBuilder sb = new StringBuilder("HOSTILE SUMMARY:");
        synchronized (Hostile.SUMMARY) {
            for (Map.Entry<String, int[]> e : Hostile.SUMMARY.entrySet()) {
                sb.append("\n  ").append(e.getKey()).append(": ").append(e.getValue()[0]).append(" cases, ")
                        .append(e.getValue()[1]).append(" passed");
            }
        }
        System.out.println(sb);
    }

    // ---------------------------------------------------------------------------------- ATIS

    private DynamicTest atisSplit() throws IOException {
        Object valid = Readers.readAtisSplit(split(tmp.resolve("valid-atis"), utf8(SEQ_IN), utf8(SEQ_OUT), utf8(LABEL)));
        List<Case> cases = new ArrayList<>();
        String[] names = {"seq.in", "seq.out", "label"};
        String[] texts = {SEQ_IN, SEQ_OUT, LABEL};
        for (int f = 0; f < 3; f++) {
            int which = f;
            for (Variant v : Hostile.textVariants(utf8(texts[f]), 11 + f)) {
                Setup s = d -> {
                    byte[][] files = {utf8(SEQ_IN), utf8(SEQ_OUT), utf8(LABEL)};
                    files[which] = v.bytes();
                    return split(d, files[0], files[1], files[2]);
                };
                cases.add(Hostile.caseOf(names[f], v, s, valid, EQUAL));
            }
        }
        cases.add(Case.failsOnLine("one label short on line 3", d -> split(d, utf8(SEQ_IN),
                utf8(SEQ_OUT.replace("B-depart_date.day_name", "")), utf8(LABEL))));
        cases.add(Case.failsOnLine("one label too many on line 1", d -> split(d, utf8(SEQ_IN),
                utf8(SEQ_OUT.replaceFirst("\n", " O\n")), utf8(LABEL))));
        cases.add(Case.failsOnLine("seq.out one line short", d -> split(d, utf8(SEQ_IN),
                utf8(SEQ_OUT.substring(0, SEQ_OUT.lastIndexOf("O\n"))), utf8(LABEL))));
        cases.add(Case.failsOnLine("label one line too many", d -> split(d, utf8(SEQ_IN), utf8(SEQ_OUT),
                utf8(LABEL + "atis_flight\n"))));
        cases.add(Case.failsOnLine("blank line inside seq.in", d -> split(d, utf8(SEQ_IN.replaceFirst("\n", "\n\n")),
                utf8(SEQ_OUT), utf8(LABEL))));
        cases.add(Case.failsOnLine("blank line inside seq.out", d -> split(d, utf8(SEQ_IN),
                utf8(SEQ_OUT.replaceFirst("\n", "\n   \n")), utf8(LABEL))));
        cases.add(Case.failsOnLine("two intents on a line", d -> split(d, utf8(SEQ_IN), utf8(SEQ_OUT),
                utf8(LABEL.replaceFirst("atis_flight", "atis_flight atis_airfare")))));
        cases.add(Case.gives("words only", d -> split(d, utf8(SEQ_IN), null, null),
                r -> assertThat(((List<?>) r)).hasSize(5).allMatch(u -> ((Utterance) u).slots() == null)));
        cases.add(Case.gives("a sentence of 100,000 words", d -> split(d, utf8(words(100_000, "w") + "\n"),
                utf8(words(100_000, "O").replaceAll("O\\d+", "O") + "\n"), utf8("atis_flight\n")),
                r -> assertThat(((Utterance) ((List<?>) r).get(0)).length()).isEqualTo(100_000)));
        cases.add(Case.fails("seq.in missing", d -> split(d, null, utf8(SEQ_OUT), utf8(LABEL))));
        cases.add(Case.fails("empty folder", d -> split(d, null, null, null)));
        cases.add(Case.fails("seq.in is a folder", d -> {
            Files.createDirectories(d.resolve("seq.in"));
            return d;
        }));
        cases.add(Case.fails("seq.out is a folder", d -> {
            split(d, utf8(SEQ_IN), null, utf8(LABEL));
            Files.createDirectories(d.resolve("seq.out"));
            return d;
        }));
        cases.add(Case.fails("a file instead of the folder", d -> write(d.resolve("split"), utf8(SEQ_IN))));
        cases.add(Case.fails("no such folder", d -> d.resolve("missing")));
        cases.add(Case.failsOnLine("a 65 MiB line (over the line limit)", d -> {
            Files.createDirectories(d);
            Path f = d.resolve("seq.in");
            byte[] chunk = new byte[1 << 20];
            java.util.Arrays.fill(chunk, (byte) 'x');
            try (var out = Files.newOutputStream(f)) {
                for (int i = 0; i < 65; i++) {
                    out.write(chunk);
                }
            }
            return d;
        }));
        return Hostile.test("Readers.readAtisSplit", tmp, cases, Readers::readAtisSplit);
    }

    // -------------------------------------------------------------------------------- Splits

    private static Path dataset(Path root, byte[] devLabel) throws IOException {
        split(root.resolve("train"), utf8(SEQ_IN), utf8(SEQ_OUT), utf8(LABEL));
        split(root.resolve("dev"), utf8(SEQ_IN), utf8(SEQ_OUT), devLabel);
        split(root.resolve("test"), utf8(SEQ_IN), utf8(SEQ_OUT), utf8(LABEL));
        return root;
    }

    private DynamicTest splits() throws IOException {
        Object valid = Splits.load(dataset(tmp.resolve("valid-splits"), utf8(LABEL)));
        List<Case> cases = new ArrayList<>();
        for (Variant v : Hostile.textVariants(utf8(LABEL), 21)) {
            cases.add(Hostile.caseOf("dev/label", v, d -> dataset(d, v.bytes()), valid, EQUAL));
        }
        cases.add(Case.fails("no train split", d -> {
            dataset(d, utf8(LABEL));
            Hostile.deleteTree(d.resolve("train"));
            return d;
        }));
        cases.add(Case.gives("valid/ instead of dev/", d -> {
            dataset(d, utf8(LABEL));
            Files.move(d.resolve("dev"), d.resolve("valid"));
            return d;
        }, r -> EQUAL.accept(r, valid)));
        cases.add(Case.any("train as a CoNLL file", d -> {
            dataset(d, utf8(LABEL));
            Hostile.deleteTree(d.resolve("train"));
            write(d.resolve("train.conll"), utf8(CONLL));
            return d;
        }));
        cases.add(Case.fails("train.txt holds random bytes", d -> {
            dataset(d, utf8(LABEL));
            Hostile.deleteTree(d.resolve("train"));
            byte[] b = new byte[3000];
            new java.util.Random(5).nextBytes(b);
            write(d.resolve("train.txt"), b);
            return d;
        }));
        cases.add(Case.fails("empty dev folder", d -> {
            dataset(d, utf8(LABEL));
            Hostile.deleteTree(d.resolve("dev"));
            Files.createDirectories(d.resolve("dev"));
            return d;
        }));
        cases.add(Case.fails("test/seq.in is a folder", d -> {
            dataset(d, utf8(LABEL));
            Files.delete(d.resolve("test/seq.in"));
            Files.createDirectories(d.resolve("test/seq.in"));
            return d;
        }));
        cases.add(Case.fails("root is a file", d -> write(d.resolve("data"), utf8(SEQ_IN))));
        cases.add(Case.fails("root missing", d -> d.resolve("missing")));
        return Hostile.test("Splits.load", tmp, cases, Splits::load);
    }

    // --------------------------------------------------------------------------------- CoNLL

    private DynamicTest conll() throws IOException {
        Object valid = Readers.readConll(write(tmp.resolve("valid.conll"), utf8(CONLL)));
        List<Case> cases = new ArrayList<>();
        for (Variant v : Hostile.textVariants(utf8(CONLL), 31)) {
            cases.add(Hostile.caseOf("conll", v, d -> write(d.resolve("train.conll"), v.bytes()), valid, EQUAL));
        }
        cases.add(Case.failsOnLine("a one-column line", d -> write(d.resolve("a.conll"),
                utf8(CONLL.replace("to TO O", "to")))));
        cases.add(Case.fails("only -DOCSTART-", d -> write(d.resolve("a.conll"), utf8("-DOCSTART- -X- O\n\n"))));
        StringBuilder big = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            big.append("w").append(i % 977).append(" O\n");
        }
        String bigText = big.toString();
        cases.add(Case.gives("a sentence of 100,000 words", d -> write(d.resolve("a.conll"), utf8(bigText)),
                r -> assertThat(((Utterance) ((List<?>) r).get(0)).length()).isEqualTo(100_000)));
        cases.add(Case.fails("a folder", d -> Files.createDirectories(d.resolve("x.conll"))));
        cases.add(Case.fails("missing", d -> d.resolve("missing.conll")));
        return Hostile.test("Readers.readConll", tmp, cases, Readers::readConll);
    }

    // ---------------------------------------------------------------------------- intent text

    private DynamicTest intentText() throws IOException {
        Object valid = Readers.readIntentText(write(tmp.resolve("valid.tsv"), utf8(INTENTS)));
        List<Case> cases = new ArrayList<>();
        for (Variant v : Hostile.textVariants(utf8(INTENTS), 41)) {
            cases.add(Hostile.caseOf("intents", v, d -> write(d.resolve("intents.tsv"), v.bytes()), valid, EQUAL));
        }
        cases.add(Case.failsOnLine("no tab", d -> write(d.resolve("i.tsv"), utf8(INTENTS.replaceFirst("\t", " ")))));
        cases.add(Case.failsOnLine("empty label", d -> write(d.resolve("i.tsv"), utf8("\tshow flights\n"))));
        cases.add(Case.failsOnLine("label with a space", d -> write(d.resolve("i.tsv"), utf8("atis flight\tshow flights\n"))));
        cases.add(Case.failsOnLine("empty utterance", d -> write(d.resolve("i.tsv"), utf8("atis_flight\t   \n"))));
        cases.add(Case.gives("a sentence of 100,000 words", d -> write(d.resolve("i.tsv"),
                utf8("atis_flight\t" + words(100_000, "w") + "\n")),
                r -> assertThat(((Utterance) ((List<?>) r).get(0)).length()).isEqualTo(100_000)));
        cases.add(Case.fails("a folder", d -> Files.createDirectories(d.resolve("i.tsv"))));
        cases.add(Case.fails("missing", d -> d.resolve("missing.tsv")));
        return Hostile.test("Readers.readIntentText", tmp, cases, Readers::readIntentText);
    }

    // ------------------------------------------------------------------- words.txt, labels.txt

    private DynamicTest vocabulary() throws Exception {
        Hostile.Reader reader = p -> Vocabulary.load(p, Preprocessing.DEFAULT);
        Object valid = reader.read(write(tmp.resolve("valid-words.txt"), utf8(WORDS)));
        List<Case> cases = new ArrayList<>();
        for (Variant v : Hostile.textVariants(utf8(WORDS), 51)) {
            cases.add(Hostile.caseOf("words.txt", v, d -> write(d.resolve("words.txt"), v.bytes()), valid, SAME_VOCAB));
        }
        cases.add(Case.failsOnLine("duplicate entry", d -> write(d.resolve("words.txt"), utf8(WORDS + "to\n"))));
        cases.add(Case.failsOnLine("space in an entry", d -> write(d.resolve("words.txt"), utf8(WORDS + "new york\n"))));
        cases.add(Case.failsOnLine("blank line", d -> write(d.resolve("words.txt"), utf8(WORDS.replaceFirst("\n", "\n\n")))));
        cases.add(Case.fails("no <UNK>", d -> write(d.resolve("words.txt"), utf8(WORDS.replace("<UNK>\n", "")))));
        StringBuilder big = new StringBuilder("<UNK>\n");
        for (int i = 0; i < 100_000; i++) {
            big.append("w").append(i).append('\n');
        }
        String bigText = big.toString();
        cases.add(Case.gives("100,000 entries", d -> write(d.resolve("words.txt"), utf8(bigText)),
                r -> assertThat(((Vocabulary) r).size()).isEqualTo(100_001)));
        cases.add(Case.fails("a folder", d -> Files.createDirectories(d.resolve("words.txt"))));
        cases.add(Case.fails("missing", d -> d.resolve("words.txt")));
        return Hostile.test("Vocabulary.load", tmp, cases, reader);
    }

    private DynamicTest labelSet() throws IOException {
        Object valid = LabelSet.load(write(tmp.resolve("valid-labels.txt"), utf8(LABELS)));
        List<Case> cases = new ArrayList<>();
        for (Variant v : Hostile.textVariants(utf8(LABELS), 61)) {
            cases.add(Hostile.caseOf("labels.txt", v, d -> write(d.resolve("labels.txt"), v.bytes()), valid, SAME_LABELS));
        }
        cases.add(Case.failsOnLine("duplicate label", d -> write(d.resolve("labels.txt"), utf8(LABELS + "O\n"))));
        cases.add(Case.failsOnLine("tab in a label", d -> write(d.resolve("labels.txt"), utf8(LABELS + "B-x\tO\n"))));
        cases.add(Case.fails("a folder", d -> Files.createDirectories(d.resolve("labels.txt"))));
        cases.add(Case.fails("missing", d -> d.resolve("labels.txt")));
        return Hostile.test("LabelSet.load", tmp, cases, LabelSet::load);
    }
}
