package org.rnnslu.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Expected numbers worked out by hand from conlleval.pl's rules (see the comments). */
class ConllevalTest {

    private static String[] s(String labels) {
        return labels.split(" ");
    }

    private static Conlleval one(String gold, String predicted) {
        return new Conlleval().add(s(gold), s(predicted));
    }

    private static void assertCounts(Conlleval c, int gold, int found, int correct) {
        assertThat(c.goldChunks()).as("gold chunks").isEqualTo(gold);
        assertThat(c.predictedChunks()).as("predicted chunks").isEqualTo(found);
        assertThat(c.correctChunks()).as("correct chunks").isEqualTo(correct);
    }

    @Test
    void insideAtSentenceStartStartsAChunk() {
        // gold I-a I-a O: startOfChunk(O, I) -> one chunk [0,1]; pred B-a I-a O: one chunk [0,1]
        // both start at 0 with type a, both end before token 2 -> correct
        Conlleval c = one("I-a I-a O", "B-a I-a O");
        assertCounts(c, 1, 1, 1);
        assertThat(c.f1()).isEqualTo(100.0);
        // token 0 differs (I-a vs B-a): 2 of 3 tokens
        assertThat(c.accuracy()).isCloseTo(200.0 / 3, within(1e-12));
    }

    @Test
    void insideAfterOutsideStartsAChunk() {
        Conlleval c = one("O I-a", "O B-a");
        assertCounts(c, 1, 1, 1);
        assertThat(c.accuracy()).isEqualTo(50.0);
    }

    @Test
    void insideOfAnotherTypeEndsTheChunkAndStartsANewOne() {
        // gold B-x I-y: endOfChunk(B, I, x, y) and startOfChunk(B, I, x, y) by the type rule
        // -> chunks x[0], y[1]; pred B-x B-y -> x[0], y[1]: both correct
        Conlleval c = one("B-x I-y", "B-x B-y");
        assertCounts(c, 2, 2, 2);
        assertThat(c.precision()).isEqualTo(100.0);
        assertThat(c.accuracy()).isEqualTo(50.0);
        // I-x I-y: two gold chunks; pred I-x I-x is one chunk x[0,1]: at token 1 the gold chunk
        // ends and the predicted one does not -> not correct. P = 0/1, R = 0/2.
        Conlleval d = one("I-x I-y", "I-x I-x");
        assertCounts(d, 2, 1, 0);
        assertThat(d.precision()).isZero();
        assertThat(d.recall()).isZero();
        assertThat(d.f1()).isZero();
    }

    @Test
    void beginAfterBeginOfTheSameTypeStartsANewChunk() {
        // gold B-x B-x = 2 chunks; pred B-x I-x = 1 chunk [0,1]: ends differ at token 1 -> 0 correct
        assertCounts(one("B-x B-x", "B-x I-x"), 2, 1, 0);
        assertCounts(one("B-x B-x", "B-x B-x"), 2, 2, 2);
    }

    @Test
    void spanMustMatchExactly() {
        // gold a[0,1], pred a[0]: the predicted chunk ends at token 1, the gold one does not
        assertCounts(one("B-a I-a O", "B-a O O"), 1, 1, 0);
        // gold a[0], pred a[0,1]
        assertCounts(one("B-a O", "B-a I-a"), 1, 1, 0);
        // same span, other type
        Conlleval c = one("B-a", "B-b");
        assertCounts(c, 1, 1, 0);
        assertThat(c.byType().get("a")).isEqualTo(new Conlleval.TypeScore("a", 1, 0, 0));
        assertThat(c.byType().get("b")).isEqualTo(new Conlleval.TypeScore("b", 0, 1, 0));
    }

    @Test
    void chunkAtSentenceEndIsClosedByTheBoundary() {
        assertCounts(one("O B-a I-a", "O B-a I-a"), 1, 1, 1);
        // sentence 1 ends in a chunk, sentence 2 starts with I-a: the boundary (an O) separates
        // them, so gold has 2 chunks and both are found
        Conlleval c = new Conlleval().add(s("O B-a"), s("O B-a")).add(s("I-a O"), s("B-a O"));
        assertCounts(c, 2, 2, 2);
        assertThat(c.tokens()).isEqualTo(4); // boundaries are not tokens
        // the same tokens as one sentence: gold is one chunk [1,2], pred two chunks
        assertCounts(one("O B-a I-a O", "O B-a B-a O"), 1, 2, 0);
    }

    @Test
    void emptyPredictions() {
        // gold a[0,1], b[3]; nothing predicted: P = 0 (no chunk found), R = 0/2; token 2 right
        Conlleval c = one("B-a I-a O B-b", "O O O O");
        assertCounts(c, 2, 0, 0);
        assertThat(c.precision()).isZero();
        assertThat(c.recall()).isZero();
        assertThat(c.f1()).isZero();
        assertThat(c.accuracy()).isEqualTo(25.0);
    }

    @Test
    void allOutside() {
        Conlleval c = one("O O O", "O O O");
        assertCounts(c, 0, 0, 0);
        assertThat(c.accuracy()).isEqualTo(100.0);
        assertThat(c.f1()).isZero();
        assertThat(c.byType()).isEmpty();
        assertThat(c.format()).isEqualTo("processed 3 tokens with 0 phrases; found: 0 phrases; correct: 0.\n"
                + "accuracy: 100.00%; precision:   0.00%; recall:   0.00%; FB1:   0.00\n");
    }

    @Test
    void nothingAtAll() {
        Conlleval c = Conlleval.evaluate(List.of(), List.of());
        assertThat(c.format()).isEqualTo("processed 0 tokens with 0 phrases; found: 0 phrases; correct: 0.\n");
        assertThat(c.accuracy()).isZero();
    }

    @Test
    void typesSplitAtTheFirstHyphen() {
        assertThat(Conlleval.tag("B-fromloc.city_name")).isEqualTo("B");
        assertThat(Conlleval.type("B-fromloc.city_name")).isEqualTo("fromloc.city_name");
        assertThat(Conlleval.type("I-a-b")).isEqualTo("a-b");
        assertThat(Conlleval.tag("O")).isEqualTo("O");
        assertThat(Conlleval.type("O")).isEmpty();
        // B-a-b I-a-b is one chunk of type a-b; B-a I-a-b two chunks (types a and a-b)
        assertCounts(one("B-a-b I-a-b", "B-a I-a-b"), 1, 2, 0);
        assertThat(one("B-a-b I-a-b", "B-a-b I-a-b").byType()).containsOnlyKeys("a-b");
    }

    @Test
    void iobesAsTheScriptDoesIt() {
        // E-a E-a: endOfChunk(E, E) and startOfChunk(E, E) -> two chunks, both right
        assertCounts(one("E-a E-a", "E-a E-a"), 2, 2, 2);
        // the 2004 script has no rule for S after S/E of the same type: S-a S-a is ONE chunk
        assertCounts(one("S-a S-a", "S-a S-a"), 1, 1, 1);
        // B-a E-a S-a is one chunk [0,2]; pred B-a E-a O is [0,1] -> not correct
        assertCounts(one("B-a E-a S-a", "B-a E-a O"), 1, 1, 0);
        // B-a E-a O B-a: E then O ends, O then B starts
        assertCounts(one("B-a E-a O B-a", "B-a I-a O B-a"), 2, 2, 2);
    }

    @Test
    void chunkRulesOneByOne() {
        assertThat(Conlleval.startOfChunk("O", "I", "", "a")).isTrue();
        assertThat(Conlleval.startOfChunk("B", "I", "a", "a")).isFalse();
        assertThat(Conlleval.startOfChunk("B", "B", "a", "a")).isTrue();
        assertThat(Conlleval.startOfChunk("I", "I", "a", "b")).isTrue();
        assertThat(Conlleval.startOfChunk("B", "O", "a", "")).isFalse();
        assertThat(Conlleval.endOfChunk("B", "O", "a", "")).isTrue();
        assertThat(Conlleval.endOfChunk("I", "I", "a", "a")).isFalse();
        assertThat(Conlleval.endOfChunk("I", "I", "a", "b")).isTrue();
        assertThat(Conlleval.endOfChunk("O", "B", "", "a")).isFalse();
        assertThat(Conlleval.endOfChunk("S", "S", "a", "a")).isFalse();
        assertThat(Conlleval.endOfChunk("[", "[", "a", "a")).isTrue();
        assertThat(Conlleval.startOfChunk(".", ".", "a", "a")).isFalse();
    }

    @Test
    void reportFormat() {
        // gold: city[0,1] date[3] | city[1]     pred: city[0,1] time[3] | -
        // tokens 6, right 4 (t3 and t5 wrong) -> 66.67; gold 3, found 2, correct 1
        // P = 50, R = 33.33, F = 2*50*33.33/83.33 = 40
        // city: gold 2, found 1, correct 1 -> 100 / 50 / 66.67
        Conlleval c = Conlleval.evaluate(
                List.of(s("B-city I-city O B-date"), s("O B-city")),
                List.of(s("B-city I-city O B-time"), s("O O")));
        assertThat(c.format()).isEqualTo(
                "processed 6 tokens with 3 phrases; found: 2 phrases; correct: 1.\n"
                + "accuracy:  66.67%; precision:  50.00%; recall:  33.33%; FB1:  40.00\n"
                + "             city: precision: 100.00%; recall:  50.00%; FB1:  66.67  1\n"
                + "             date: precision:   0.00%; recall:   0.00%; FB1:   0.00  0\n"
                + "             time: precision:   0.00%; recall:   0.00%; FB1:   0.00  1\n");
        assertThat(c.f1()).isCloseTo(40.0, within(1e-9));
        assertThat(c.byType().keySet()).containsExactly("city", "date", "time");
    }

    @Test
    void labelWithoutHyphenAfterAChunkIsAnUntypedChunkPrintedTwiceAsTheScriptDoes() {
        // B-a X: X ends a (type changes) and starts a chunk of type "" (tag X is not O);
        // the boundary does not end it (no rule for X -> O, same empty type) but the end of
        // input counts the open correct chunk. The script prints the "" type once per table.
        Conlleval c = one("B-a X", "B-a X");
        assertCounts(c, 2, 2, 2);
        String blankType = " ".repeat(17) + ": precision: 100.00%; recall: 100.00%; FB1: 100.00  1\n";
        assertThat(c.format()).isEqualTo(
                "processed 2 tokens with 2 phrases; found: 2 phrases; correct: 2.\n"
                + "accuracy: 100.00%; precision: 100.00%; recall: 100.00%; FB1: 100.00\n"
                + blankType + blankType
                + "                a: precision: 100.00%; recall: 100.00%; FB1: 100.00  1\n");
    }

    @Test
    void roundsLikeCPrintf() {
        assertThat(Conlleval.f62(0.125)).isEqualTo("  0.12"); // exact tie: to even
        assertThat(Conlleval.f62(0.375)).isEqualTo("  0.38");
        assertThat(Conlleval.f62(1.005)).isEqualTo("  1.00"); // 1.00499999999999989...
        assertThat(Conlleval.f62(2.675)).isEqualTo("  2.67");
        assertThat(Conlleval.f62(100.0)).isEqualTo("100.00");
        assertThat(Conlleval.f62(200.0 / 3)).isEqualTo(" 66.67");
        assertThat(Conlleval.f62(0.0)).isEqualTo("  0.00");
    }

    @Test
    void rejectsMisalignedInput() {
        assertThatThrownBy(() -> new Conlleval().add(s("O O"), s("O")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Conlleval.evaluate(List.<String[]>of(s("O")), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Conlleval().add(new String[] {null}, s("O")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
