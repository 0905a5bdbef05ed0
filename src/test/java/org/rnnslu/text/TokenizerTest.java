package org.rnnslu.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnslu.io.InputException;

class TokenizerTest {

    private static String words(String text) {
        return String.join(" ", Tokenizer.DEFAULT.words(text));
    }

    /** "text [start,end)" for each token. */
    private static List<String> spans(Tokenizer t, String text) {
        List<String> out = new ArrayList<>();
        for (Token tok : t.tokenize(text)) {
            out.add(tok.text() + "=" + text.substring(tok.start(), tok.end()));
        }
        return out;
    }

    @Test
    void theIssuesSentenceBecomesAtisTokens() {
        String s = "I'd like a flight from Boston to N.Y. at 5pm, please";
        assertThat(words(s)).isEqualTo("i'd like a flight from boston to new york at 5 pm please");
        assertThat(spans(Tokenizer.DEFAULT, s)).containsExactly("i'd=I'd", "like=like", "a=a", "flight=flight",
                "from=from", "boston=Boston", "to=to", "new=N.Y.", "york=N.Y.", "at=at", "5=5", "pm=pm", "please=please");
    }

    @Test
    void atisConventions() {
        assertThat(words("What's the fare to St. Louis?")).isEqualTo("what's the fare to st. louis");
        assertThat(words("O’Hare at 5:30 p.m. or 10:15a.m.")).isEqualTo("o'hare at 530 pm or 1015 am");
        assertThat(words("non-stop Dallas/Fort Worth")).isEqualTo("non stop dallas fort worth");
        assertThat(words("(Delta's) flight 1,000 costs $1.5.")).isEqualTo("delta's flight 1000 costs 1.5");
        assertThat(words("Washington D.C. via the U.S.A., NYC")).isEqualTo("washington dc via the usa new york city");
        assertThat(words("lester B. Pearson travelers' lounge")).isEqualTo("lester b. pearson travelers lounge");
        assertThat(words("at 12 at 2:00")).isEqualTo("at 12 at 200");
        assertThat(words("  \t ... !!! ")).isEmpty();
        assertThat(words("Boston.")).isEqualTo("boston");
    }

    @Test
    void timesKeepTheirOwnSpans() {
        assertThat(spans(Tokenizer.DEFAULT, "at 5:30pm.")).containsExactly("at=at", "530=5:30", "pm=pm");
        assertThat(spans(Tokenizer.DEFAULT, "10:15a.m.")).containsExactly("1015=10:15", "am=a.m.");
    }

    /** Already-tokenized training text comes out as it went in: the conventions are the data's. */
    @Test
    void theTrainingFilesAreFixedPoints() throws Exception {
        assertFixedPoint(Path.of("data"));
    }

    @Test
    void atisFilesAreFixedPoints() throws Exception {
        assertFixedPoint(org.rnnslu.Atis.require());
    }

    private static void assertFixedPoint(Path root) throws Exception {
        int lines = 0;
        for (String split : new String[] {"train", "dev", "test"}) {
            for (String line : Files.readAllLines(root.resolve(split).resolve("seq.in"))) {
                assertThat(Tokenizer.DEFAULT.words(line)).as(line).containsExactly(org.rnnslu.io.TextLines.tokens(line));
                lines++;
            }
        }
        assertThat(lines).isGreaterThan(1000);
    }

    @Test
    void whitespaceModeChangesNothing() {
        assertThat(spans(Tokenizer.WHITESPACE, " I'd  N.Y.\t5pm, ")).containsExactly("I'd=I'd", "N.Y.=N.Y.", "5pm,=5pm,");
    }

    @Test
    void spansAreInsideTheTextAndInOrderOnRandomText() {
        SplittableRandom rng = new SplittableRandom(3);
        String alphabet = "aB.,:'’-/$ 0123456789\tÉİ\uD83D\uDE00pmn.y.";
        for (int round = 0; round < 20_000; round++) {
            StringBuilder sb = new StringBuilder();
            for (int i = rng.nextInt(30); i > 0; i--) {
                sb.append(alphabet.charAt(rng.nextInt(alphabet.length())));
            }
            String s = sb.toString();
            int last = 0;
            for (Token t : Tokenizer.DEFAULT.tokenize(s)) {
                assertThat(t.start()).as(s).isGreaterThanOrEqualTo(last);
                assertThat(t.end()).as(s).isLessThanOrEqualTo(s.length()).isGreaterThan(t.start());
                assertThat(t.text()).as(s).doesNotContain(" ");
                last = t.start();
            }
        }
    }

    @Test
    void propertiesRoundTrip(@TempDir Path tmp) throws Exception {
        Tokenizer custom = new Tokenizer(Tokenizer.Mode.TEXT, false, false, false, Set.of("mt.", "st."),
                Map.of("sfo", List.of("san", "francisco")));
        custom.save(tmp);
        Tokenizer back = Tokenizer.load(tmp);
        assertThat(back).isEqualTo(custom);
        assertThat(back.words("Mt. Hood to SFO")).containsExactly("Mt", "Hood", "to", "SFO"); // no lower case
        assertThat(Tokenizer.load(tmp.resolve("elsewhere"))).isSameAs(Tokenizer.DEFAULT);
        Tokenizer.DEFAULT.save(tmp);
        assertThat(Tokenizer.load(tmp)).isEqualTo(Tokenizer.DEFAULT);
    }

    @Test
    void badPropertiesNameTheFileAndLine(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve(Tokenizer.FILE);
        for (String[] c : new String[][] {
                {"mode=text\nmode=text", ":2: duplicate key mode"},
                {"# c\nlowercase=yes", ":2: lowercase must be true or false"},
                {"mode=regex", ":1: mode must be text or whitespace"},
                {"colour=blue", ":1: unknown key colour"},
                {"no equals sign", ":1: expected key=value"},
                {"expand.x=", ":1: expand.x needs at least one token"},
                {"abbreviations=st", "an abbreviation is a word ending in '.'"}}) {
            Files.writeString(f, c[0]);
            assertThatThrownBy(() -> Tokenizer.load(tmp)).as(c[0]).isInstanceOf(InputException.class)
                    .hasMessageContaining(Tokenizer.FILE).hasMessageContaining(c[1]);
        }
    }
}
