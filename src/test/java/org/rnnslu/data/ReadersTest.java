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

class ReadersTest {

    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        return write(name, content.getBytes(StandardCharsets.UTF_8));
    }

    private Path write(String name, byte[] content) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.write(p, content);
        return p;
    }

    private Path split(String in, String out, String label) throws IOException {
        if (in != null) {
            write("s/seq.in", in);
        }
        if (out != null) {
            write("s/seq.out", out);
        }
        if (label != null) {
            write("s/label", label);
        }
        return dir.resolve("s");
    }

    @Test
    void readsAnAlignedSplit() throws IOException {
        Path s = split("from boston to denver\nshow fares\n",
                "O B-fromloc.city_name O B-toloc.city_name\nO O\n",
                "atis_flight\natis_flight#atis_airfare\n");
        List<Utterance> u = Readers.readAtisSplit(s);
        assertThat(u).hasSize(2);
        assertThat(u.get(0).words()).containsExactly("from", "boston", "to", "denver");
        assertThat(u.get(0).slots()).containsExactly("O", "B-fromloc.city_name", "O", "B-toloc.city_name");
        assertThat(u.get(0).intent()).isEqualTo("atis_flight");
        assertThat(u.get(1).intent()).isEqualTo("atis_flight#atis_airfare");
        assertThat(Readers.read(s)).isEqualTo(u);
    }

    @Test
    void crlfBomTabsAndSpaceRunsAndNoFinalNewline() throws IOException {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] text = "  from\t\tboston  to \r\nshow   fares".getBytes(StandardCharsets.UTF_8);
        byte[] in = new byte[bom.length + text.length];
        System.arraycopy(bom, 0, in, 0, 3);
        System.arraycopy(text, 0, in, 3, text.length);
        write("s/seq.in", in);
        write("s/seq.out", "O B-x O\r\nO O\r\n");
        List<Utterance> u = Readers.readAtisSplit(dir.resolve("s"));
        assertThat(u.get(0).words()).containsExactly("from", "boston", "to");
        assertThat(u.get(1).words()).containsExactly("show", "fares");
        assertThat(u.get(1).slots()).containsExactly("O", "O");
        assertThat(u.get(0).intent()).isNull();
    }

    @Test
    void withoutSeqOutSlotsAreNull() throws IOException {
        List<Utterance> u = Readers.readAtisSplit(split("a b\n", null, null));
        assertThat(u.get(0).slots()).isNull();
        assertThat(u.get(0).intent()).isNull();
    }

    @Test
    void trailingBlankLinesAreIgnored() throws IOException {
        assertThat(Readers.readAtisSplit(split("a b\nc\n\n  \n", "O O\nO\n\n", "x\ny\n\n")))
                .hasSize(2);
    }

    @Test
    void wordLabelCountMismatchNamesSeqOutAndLine() throws IOException {
        StringBuilder in = new StringBuilder();
        StringBuilder out = new StringBuilder();
        for (int i = 1; i <= 20; i++) {
            in.append("w w w w w w w w w w\n");
            out.append(i == 17 ? "O O O O O O O O O\n" : "O O O O O O O O O O\n");
        }
        Path s = split(in.toString(), out.toString(), null);
        assertThatThrownBy(() -> Readers.readAtisSplit(s))
                .isInstanceOf(InputException.class)
                .hasMessage(s.resolve("seq.out") + ":17: 9 labels for 10 words in seq.in");
    }

    @Test
    void lineCountMismatch() throws IOException {
        Path s = split("a\nb\nc\n", "O\nO\n", null);
        assertThatThrownBy(() -> Readers.readAtisSplit(s))
                .isInstanceOf(InputException.class)
                .hasMessage(s.resolve("seq.out") + ":3: seq.out has 2 lines, seq.in has 3");
        Path t = split("a\nb\n", "O\nO\n", "x\ny\nz\n");
        assertThatThrownBy(() -> Readers.readAtisSplit(t))
                .hasMessage(t.resolve("label") + ":3: label has 3 lines, seq.in has 2");
    }

    @Test
    void emptyLineInsideIsAnError() throws IOException {
        Path s = split("a\n\nb\n", null, null);
        assertThatThrownBy(() -> Readers.readAtisSplit(s))
                .isInstanceOf(InputException.class)
                .hasMessage(s.resolve("seq.in") + ":2: empty utterance");
        Path t = split("a\nb\n", "O\n \t\nO\n", null);
        assertThatThrownBy(() -> Readers.readAtisSplit(t))
                .hasMessage(t.resolve("seq.out") + ":2: empty label line");
    }

    @Test
    void emptyOrMissingFiles() throws IOException {
        Path s = split("", null, null);
        assertThatThrownBy(() -> Readers.readAtisSplit(s))
                .isInstanceOf(InputException.class)
                .hasMessage(s.resolve("seq.in") + ": empty file");
        Path t = split("\n\n", null, null);
        assertThatThrownBy(() -> Readers.readAtisSplit(t)).hasMessageEndingWith("empty file");
        Files.delete(dir.resolve("s/seq.in"));
        assertThatThrownBy(() -> Readers.readAtisSplit(dir.resolve("s")))
                .isInstanceOf(InputException.class)
                .hasMessage(dir.resolve("s/seq.in") + ": file not found");
        assertThatThrownBy(() -> Readers.readAtisSplit(dir.resolve("nope")))
                .isInstanceOf(InputException.class).hasMessageContaining("nope");
        assertThatThrownBy(() -> Readers.read(dir.resolve("nope")))
                .isInstanceOf(InputException.class).hasMessageContaining("nope");
    }

    @Test
    void nonUtf8NamesFileAndLine() throws IOException {
        write("s/seq.in", new byte[] {'a', '\n', 'b', '\n', 'c', (byte) 0xFF, 'd', '\n'});
        assertThatThrownBy(() -> Readers.readAtisSplit(dir.resolve("s")))
                .isInstanceOf(InputException.class)
                .hasMessage(dir.resolve("s/seq.in") + ":3: not valid UTF-8: byte 0xFF at byte 2 of the line");
        // truncated multi-byte sequence at the end of a line
        write("s/seq.in", new byte[] {'a', ' ', (byte) 0xC3, '\n'});
        assertThatThrownBy(() -> Readers.readAtisSplit(dir.resolve("s")))
                .hasMessageStartingWith(dir.resolve("s/seq.in") + ":1: not valid UTF-8");
    }

    @Test
    void validMultiByteUtf8IsRead() throws IOException {
        List<Utterance> u = Readers.readAtisSplit(split("zürich → 東京 😀\n", null, null));
        assertThat(u.get(0).words()).containsExactly("zürich", "→", "東京", "😀");
    }

    @Test
    void strayCarriageReturnInsideALine() throws IOException {
        Path s = split("a\rb\n", null, null);
        assertThatThrownBy(() -> Readers.readAtisSplit(s))
                .isInstanceOf(InputException.class).hasMessageContaining(":1: carriage return");
    }

    @Test
    void badIntentLine() throws IOException {
        Path s = split("a\nb\n", null, "x\ny z\n");
        assertThatThrownBy(() -> Readers.readAtisSplit(s))
                .isInstanceOf(InputException.class)
                .hasMessage(s.resolve("label") + ":2: an intent is one token, found 2: y z");
    }

    @Test
    void hundredThousandWordSentence() throws IOException {
        int n = 100_000;
        StringBuilder in = new StringBuilder();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < n; i++) {
            in.append("w").append(i % 100).append(' ');
            out.append(i % 2 == 0 ? "B-x " : "I-x ");
        }
        List<Utterance> u = Readers.readAtisSplit(split(in + "\n", out + "\n", "i\n"));
        assertThat(u.get(0).length()).isEqualTo(n);
        assertThat(u.get(0).words()[99_999]).isEqualTo("w99");
        // equal words share one String
        assertThat(u.get(0).words()[100]).isSameAs(u.get(0).words()[0]);
    }

    @Test
    void conll() throws IOException {
        Path f = write("c.txt", "-DOCSTART- -X- O\n\nfrom IN O\nboston\tNNP\tB-city\n\n\n\nhi O\r\n");
        List<Utterance> u = Readers.readConll(f);
        assertThat(u).hasSize(2);
        assertThat(u.get(0).words()).containsExactly("from", "boston");
        assertThat(u.get(0).slots()).containsExactly("O", "B-city");
        assertThat(u.get(0).intent()).isNull();
        assertThat(u.get(1).words()).containsExactly("hi");
        assertThat(Readers.read(f)).isEqualTo(u);
    }

    @Test
    void conllErrors() throws IOException {
        Path f = write("c.txt", "a O\nb O\n\nc\n");
        assertThatThrownBy(() -> Readers.readConll(f))
                .isInstanceOf(InputException.class)
                .hasMessage(f + ":4: one column (c): expected a word and a label");
        Path g = write("g.txt", "\n-DOCSTART- O\n\n");
        assertThatThrownBy(() -> Readers.readConll(g))
                .isInstanceOf(InputException.class).hasMessage(g + ": no sentences (empty file?)");
    }

    @Test
    void intentText() throws IOException {
        Path f = write("i.tsv", "atis_flight\tfrom  boston\tto denver\n\natis_airfare \t fares\n");
        List<Utterance> u = Readers.readIntentText(f);
        assertThat(u).containsExactly(
                new Utterance(new String[] {"from", "boston", "to", "denver"}, null, "atis_flight"),
                new Utterance(new String[] {"fares"}, null, "atis_airfare"));
    }

    @Test
    void intentTextErrors() throws IOException {
        Path a = write("a", "x\thi\nno tab here\n");
        assertThatThrownBy(() -> Readers.readIntentText(a))
                .isInstanceOf(InputException.class)
                .hasMessage(a + ":2: no tab: expected LABEL<TAB>utterance");
        Path b = write("b", "x\t  \n");
        assertThatThrownBy(() -> Readers.readIntentText(b)).hasMessage(b + ":1: empty utterance after the tab");
        Path c = write("c", "x y\thi\n");
        assertThatThrownBy(() -> Readers.readIntentText(c)).hasMessage(c + ":1: label contains whitespace: x y");
        Path d = write("d", "\thi\n");
        assertThatThrownBy(() -> Readers.readIntentText(d)).hasMessage(d + ":1: empty label before the tab");
        Path e = write("e", "\n");
        assertThatThrownBy(() -> Readers.readIntentText(e)).hasMessage(e + ": empty file");
    }

    @Test
    void splitsFindsTrainValidTestAndNamesMissingOnes() throws IOException {
        write("d/train/seq.in", "a b\n");
        write("d/train/seq.out", "O O\n");
        write("d/valid/seq.in", "c\n");
        write("d/test.conll", "x O\ny B-z\n");
        Splits s = Splits.load(dir.resolve("d"));
        assertThat(s.train()).hasSize(1);
        assertThat(s.dev().get(0).words()).containsExactly("c");
        assertThat(s.test().get(0).slots()).containsExactly("O", "B-z");
        Files.delete(dir.resolve("d/test.conll"));
        assertThatThrownBy(() -> Splits.load(dir.resolve("d")))
                .isInstanceOf(InputException.class)
                .hasMessage(dir.resolve("d") + ": missing split 'test' (looked for test, test.txt, test.conll, test.bio, test.tsv)");
        assertThatThrownBy(() -> Splits.load(dir.resolve("d/train/seq.in")))
                .isInstanceOf(InputException.class).hasMessageContaining("expected a directory");
    }

    @Test
    void utteranceChecksAlignmentAndComparesContents() {
        assertThatThrownBy(() -> new Utterance(new String[] {"a", "b"}, new String[] {"O"}, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Utterance(new String[0], null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new Utterance("a", "b")).isEqualTo(new Utterance("a", "b"))
                .hasSameHashCodeAs(new Utterance("a", "b"));
        assertThat(new Utterance(new String[] {"a"}, new String[] {"O"}, "i"))
                .isNotEqualTo(new Utterance(new String[] {"a"}, new String[] {"O"}, "j"));
    }
}
