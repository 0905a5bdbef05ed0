package org.rnnslu.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnslu.io.InputException;

class VocabularyTest {

    @TempDir
    Path dir;

    private static Utterance u(String text) {
        return new Utterance(text.split(" "));
    }

    @Test
    void normalizeDigitsAndCase() {
        Preprocessing p = new Preprocessing(true, 2, false);
        assertThat(p.normalize("1984")).isEqualTo("DIGITDIGITDIGITDIGIT");
        assertThat(p.normalize("3pm")).isEqualTo("DIGITpm");
        assertThat(p.normalize("Boston")).isEqualTo("Boston");
        assertThat(p.normalize("a٣b")).isEqualTo("aDIGITb"); // Arabic-Indic digit three
        assertThat(new Preprocessing(false, 1, true).normalize("NYC 3")).isEqualTo("nyc 3");
        assertThat(new Preprocessing(true, 1, true).normalize("B7")).isEqualTo("bDIGIT");
        assertThatThrownBy(() -> new Preprocessing(true, 0, false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void preprocessingRoundTripsAsKeyValueLines() throws IOException {
        Preprocessing p = new Preprocessing(false, 3, true);
        assertThat(p.toLines()).containsExactly("digits=false", "min_count=3", "lowercase=true");
        Path f = dir.resolve("hyper.txt");
        p.save(f);
        assertThat(Files.readString(f)).isEqualTo("digits=false\nmin_count=3\nlowercase=true\n");
        assertThat(Preprocessing.load(f)).isEqualTo(p);
        assertThat(Preprocessing.DEFAULT).isEqualTo(new Preprocessing(true, 2, false));
        // other keys, comments and spacing are fine
        assertThat(Preprocessing.parse(
                List.of("# model", "nh=100", " digits = true", "", "lowercase=false", "min_count=1"), f))
                .isEqualTo(new Preprocessing(true, 1, false));
    }

    @Test
    void preprocessingParseErrors() {
        Path f = Path.of("m/hyper.txt");
        assertThatThrownBy(() -> Preprocessing.parse(List.of("digits=yes", "min_count=2", "lowercase=false"), f))
                .isInstanceOf(InputException.class)
                .hasMessage(f + ":1: digits must be true or false, got: yes");
        assertThatThrownBy(() -> Preprocessing.parse(List.of("digits=true", "min_count=0", "lowercase=false"), f))
                .hasMessage(f + ":2: min_count must be an integer >= 1, got: 0");
        assertThatThrownBy(() -> Preprocessing.parse(List.of("digits=true", "lowercase=false"), f))
                .hasMessage(f + ": missing min_count=...");
        assertThatThrownBy(() -> Preprocessing.parse(List.of("digits=true", "digits=false"), f))
                .hasMessage(f + ":2: duplicate key digits (first on line 1)");
        assertThatThrownBy(() -> Preprocessing.parse(List.of("garbage"), f))
                .hasMessage(f + ":1: expected key=value, got: garbage");
    }

    @Test
    void buildOrdersByCountThenAlphabeticallyWithUnkFirst() {
        List<Utterance> train = List.of(u("to boston to denver"), u("to denver at 5pm"), u("at 6pm once"));
        Vocabulary v = Vocabulary.build(train, Preprocessing.DEFAULT);
        // counts after DIGIT: to 3, DIGITpm 2, at 2, denver 2, boston 1, once 1
        assertThat(v.words()).containsExactly("<UNK>", "to", "DIGITpm", "at", "denver");
        assertThat(v.size()).isEqualTo(5);
        assertThat(v.unkIndex()).isZero();
        assertThat(v.indexOf("to")).isEqualTo(1);
        assertThat(v.indexOf("9pm")).isEqualTo(2);
        assertThat(v.indexOf("boston")).isZero(); // rare in training
        assertThat(v.indexOf("never-seen")).isZero();
        assertThat(v.contains("denver")).isTrue();
        assertThat(v.contains("boston")).isFalse();
        assertThat(v.encode(new String[] {"at", "x", "to"})).containsExactly(3, 0, 1);
        assertThat(v.word(4)).isEqualTo("denver");

        Vocabulary all = Vocabulary.build(train, new Preprocessing(false, 1, false));
        assertThat(all.words()).containsExactly("<UNK>", "to", "at", "denver", "5pm", "6pm", "boston", "once");
    }

    @Test
    void saveAndLoadRoundTrip() throws IOException {
        Vocabulary v = Vocabulary.build(List.of(u("b a b a c zürich zürich")), Preprocessing.DEFAULT);
        Path f = dir.resolve("words.txt");
        v.save(f);
        assertThat(Files.readString(f, StandardCharsets.UTF_8)).isEqualTo("<UNK>\na\nb\nzürich\n");
        assertThat(dir.toFile().list()).containsExactly("words.txt"); // no temp file left behind
        Vocabulary back = Vocabulary.load(f, Preprocessing.DEFAULT);
        assertThat(back.words()).isEqualTo(v.words());
        assertThat(back.indexOf("zürich")).isEqualTo(3);
    }

    @Test
    void loadErrors() throws IOException {
        assertLoadFails("", ": empty file");
        assertLoadFails("<UNK>\na\n\nb\n", ":3: blank line");
        assertLoadFails("<UNK>\na\nb\na\n", ":4: duplicate entry a (first on line 2)");
        assertLoadFails("<UNK>\na\tb\n", ":2: tab in entry: a b");
        assertLoadFails("<UNK>\na b\n", ":2: whitespace in entry: a b");
        assertLoadFails("<UNK>\n a\n", ":2: whitespace in entry:  a");
        assertLoadFails("a\nb\n", ": no <UNK> entry (not a words.txt?)");
        Path f = dir.resolve("crlf.txt");
        Files.writeString(f, "<UNK>\r\na\r\n");
        assertThat(Vocabulary.load(f, Preprocessing.DEFAULT).words()).containsExactly("<UNK>", "a");
    }

    private void assertLoadFails(String content, String suffix) throws IOException {
        Path f = dir.resolve("bad.txt");
        Files.writeString(f, content);
        assertThatThrownBy(() -> Vocabulary.load(f, Preprocessing.DEFAULT))
                .isInstanceOf(InputException.class)
                .hasMessage(f + suffix);
    }

    @Test
    void labelSets() throws IOException {
        List<Utterance> train = List.of(
                new Utterance(new String[] {"a", "b"}, new String[] {"O", "B-x"}, "atis_flight"),
                new Utterance(new String[] {"c"}, new String[] {"B-a"}, "atis_airfare"),
                new Utterance(new String[] {"d"}, null, null));
        LabelSet slots = LabelSet.ofSlots(train);
        assertThat(slots.labels()).containsExactly("B-a", "B-x", "O");
        assertThat(slots.indexOf("O")).isEqualTo(2);
        assertThat(slots.indexOf("I-zzz")).isEqualTo(-1);
        assertThat(slots.encode(new String[] {"B-x", "nope"})).containsExactly(1, -1);
        assertThat(slots.decode(new int[] {2, 0, 1}, 2)).containsExactly("O", "B-a");
        LabelSet intents = LabelSet.ofIntents(train);
        assertThat(intents.labels()).containsExactly("atis_airfare", "atis_flight");

        Path f = dir.resolve("labels.txt");
        slots.save(f);
        assertThat(Files.readAllLines(f)).containsExactly("B-a", "B-x", "O");
        assertThat(LabelSet.load(f).labels()).isEqualTo(slots.labels());
        Files.writeString(f, "O\nB-a\nO\n");
        assertThatThrownBy(() -> LabelSet.load(f)).isInstanceOf(InputException.class)
                .hasMessage(f + ":3: duplicate entry O (first on line 1)");
        assertThatThrownBy(() -> LabelSet.of(List.of("a", "a"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void encoded() {
        List<Utterance> train = List.of(
                new Utterance(new String[] {"to", "to"}, new String[] {"O", "B-x"}, "f"));
        Vocabulary v = Vocabulary.build(train, Preprocessing.DEFAULT);
        LabelSet s = LabelSet.ofSlots(train);
        LabelSet i = LabelSet.ofIntents(train);
        Encoded e = Encoded.encode(train, v, s, i);
        assertThat(e.words()[0]).containsExactly(1, 1);
        assertThat(e.slots()[0]).containsExactly(1, 0);
        assertThat(e.intents()).containsExactly(0);
        assertThat(e.firstUnknownLabel()).isEqualTo(-1);
        Encoded dev = Encoded.encode(List.of(
                new Utterance(new String[] {"to"}, new String[] {"O"}, "f"),
                new Utterance(new String[] {"x"}, new String[] {"I-new"}, "f")), v, s, null);
        assertThat(dev.intents()).isNull();
        assertThat(dev.slots()[1]).containsExactly(-1);
        assertThat(dev.firstUnknownLabel()).isEqualTo(1);
    }
}
