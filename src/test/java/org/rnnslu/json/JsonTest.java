package org.rnnslu.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The strict reader: the grammar, its limits, and hostile input (every case a value or one JsonException). */
class JsonTest {

    private static final String[] VALID = {
        "{\"text\":\"I'd like a flight from Boston to N.Y. at 5pm, please\"}",
        "{\"words\":[\"from\",\"boston\"],\"top_k\":3}",
        "{\"items\":[{\"text\":\"a\"},{\"words\":[\"b\",\"c\"]},{\"text\":\"\\u00e9\\ud83d\\ude00\\n\\\"\\\\\\/\"}]}",
        " [1, -0.5e+3, 0, 1E2, true, false, null, {}, [], \"\"] ",
    };

    private static final String MARKS = "{}[]\",:\\0-eE.u \t\ud800";

    @Test
    void readsTheGrammar() {
        Object v = Json.parse(VALID[3]);
        assertThat(v).isEqualTo(List.of(new BigDecimal("1"), new BigDecimal("-0.5e+3"), new BigDecimal("0"),
                new BigDecimal("1E2"), true, false, Json.NULL, Map.of(), List.of(), ""));
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) Json.parse(VALID[2]);
        @SuppressWarnings("unchecked")
        Map<String, Object> third = (Map<String, Object>) ((List<Object>) m.get("items")).get(2);
        assertThat(third.get("text")).isEqualTo("é\uD83D\uDE00\n\"\\/");
        assertThat(Json.parse("\"\uD83D\uDE00\"")).isEqualTo("\uD83D\uDE00");
    }

    @Test
    void refusesWhatTheGrammarDoesNot() {
        String[][] cases = {
            {"", "at char 0: unexpected end of input, expected a value"},
            {"{\"a\":1,}", "at char 7: unexpected '}', expected a \"key\""},
            {"[1,]", "at char 3: unexpected ']', expected a value"},
            {"{'a':1}", "at char 1: unexpected ''', expected a \"key\""},
            {"01", "at char 1: leading zeros are not allowed"},
            {"-", "at char 1: a number needs digits after '-'"},
            {"1.", "at char 2: a number needs digits after '.'"},
            {"1e", "at char 2: a number needs digits in its exponent"},
            {"NaN", "at char 0: unexpected 'N', expected a value"},
            {"\"a\nb\"", "at char 2: control character U+000A in a string (escape it)"},
            {"\"\\x\"", "at char 1: bad escape \\x"},
            {"\"\\u12\"", "at char 1: truncated \\u escape"},
            {"\"\\u12zz\"", "at char 1: bad \\u escape: 4 hex digits expected"},
            {"\"\\ud83d\"", "at char 1: lone surrogate \\uD83D"},
            {"\"\\ude00\"", "at char 1: lone surrogate \\uDE00"},
            {"\"\uD83D\"", "at char 1: lone surrogate U+D83D"},
            {"{\"a\":1,\"a\":2}", "at char 7: duplicate key \"a\""},
            {"{} x", "at char 3: unexpected 'x' after the value"},
            {"[1 2]", "at char 3: unexpected '2', expected ',' or ']'"},
            {"\"abc", "at char 4: unterminated string"},
            {"/* c */ 1", "at char 0: unexpected '/', expected a value"},
            {"1e99999999999", "at char 0: number out of range"},
            {"tru", "at char 0: unexpected 't', expected a value"},
            {"\u00a01", "at char 0: unexpected 'U+00A0', expected a value"},
        };
        for (String[] c : cases) {
            assertThatThrownBy(() -> Json.parse(c[0])).as(c[0]).isInstanceOf(JsonException.class).hasMessage(c[1]);
        }
    }

    @Test
    void boundsDepthAndNumberLength() {
        String deep = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);
        assertThat(Json.parse(deep)).isInstanceOf(List.class);
        assertThatThrownBy(() -> Json.parse("[" + deep + "]")).hasMessage("at char 64: nested deeper than 64");
        assertThatThrownBy(() -> Json.parse("{\"a\":".repeat(1_000_000))).isInstanceOf(JsonException.class)
                .hasMessageContaining("nested deeper than 64");
        String digits = "1".repeat(Json.MAX_NUMBER_CHARS);
        assertThat(Json.parse(digits)).isEqualTo(new BigDecimal(digits));
        assertThatThrownBy(() -> Json.parse(digits + "1")).hasMessage("at char 0: number longer than 64 chars");
        assertThatThrownBy(() -> Json.parse("1".repeat(10_000_000))).hasMessage("at char 0: number longer than 64 chars");
    }

    /** Every prefix of a valid document: a value (only when the prefix is a complete number) or one JsonException. */
    @Test
    void everyTruncationIsAValueOrOneLineError() {
        for (String doc : VALID) {
            for (int cut = 0; cut < doc.length(); cut++) {
                String prefix = doc.substring(0, cut);
                check(prefix);
            }
            assertThat(Json.parse(doc)).isNotNull();
        }
    }

    @Test
    void randomBytesAndMutationsAreAValueOrOneLineError() {
        SplittableRandom rng = new SplittableRandom(16);
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int round = 0; round < 20_000; round++) {
                byte[] b = new byte[rng.nextInt(64)];
                rng.nextBytes(b);
                check(new String(b, StandardCharsets.UTF_8));
                StringBuilder doc = new StringBuilder(VALID[rng.nextInt(VALID.length)]);
                for (int k = 1 + rng.nextInt(3); k > 0; k--) {
                    int at = rng.nextInt(doc.length());
                    switch (rng.nextInt(3)) {
                        case 0 -> doc.deleteCharAt(at);
                        case 1 -> doc.insert(at, MARKS.charAt(rng.nextInt(MARKS.length())));
                        default -> doc.setCharAt(at, (char) rng.nextInt(0x80));
                    }
                }
                check(doc.toString());
            }
        });
    }

    /** A huge string is read in time and memory linear in it. */
    @Test
    void hugeStringsAreLinear() {
        String big = "\"" + "a\\n".repeat(2_000_000) + "\"";
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        Object v = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> Json.parse(big));
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat((String) v).hasSize(4_000_000);
        assertThat(allocated).as("bytes allocated for a %d-char document", big.length()).isLessThan(20L * big.length());
    }

    @Test
    void writtenStringsReadBackTheSame() {
        SplittableRandom rng = new SplittableRandom(5);
        for (int round = 0; round < 5_000; round++) {
            StringBuilder s = new StringBuilder();
            for (int k = rng.nextInt(20); k > 0; k--) {
                s.append((char) rng.nextInt(rng.nextBoolean() ? 0x80 : 0x10000));
            }
            String text = s.toString();
            Object back = Json.parse(Json.quote(text));
            if (isWellFormed(text)) {
                assertThat(back).isEqualTo(text);
            } else {
                assertThat((String) back).hasSameSizeAs(text).contains("\ufffd"); // a lone surrogate becomes U+FFFD
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("k", "v");
        assertThat(Json.parse("{" + Json.quote("k") + ":" + Json.quote("v") + "}")).isEqualTo(m);
    }

    @Test
    void numbersAreTheSameTextOnEveryJdk() {
        String[][] cases = {{"0.99123456", "0.991235"}, {"1", "1"}, {"0.5", "0.5"}, {"2.5e-7", "2.5E-7"},
                {"0", "0"}, {"1e-4", "0.0001"}, {"123456789", "123457000"}};
        for (String[] c : cases) {
            assertThat(Json.number(new StringBuilder(), Double.parseDouble(c[0])).toString()).as(c[0]).isEqualTo(c[1]);
        }
        assertThat(Json.number(new StringBuilder(), Double.NaN).toString()).isEqualTo("null");
        assertThat(Json.parse(Json.number(new StringBuilder(), 2.5e-7).toString())).isEqualTo(new BigDecimal("2.5E-7"));
    }

    private static boolean isWellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static void check(String text) {
        try {
            Json.parse(text);
        } catch (JsonException e) {
            assertThat(e.getMessage()).as(text).startsWith("at char ").doesNotContain("\n");
            assertThat(e.offset()).as(text).isBetween(0, text.length());
        }
    }
}
