package org.rnnslu.datagen;

import org.rnnslu.util.Rng;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class GrammarTest {

    @Test
    void rngIsSplitMix64() {
        // reference outputs of SplitMix64 seeded with 0: the corpus must not depend on the JDK
        Rng r = new Rng(0);
        assertThat(r.nextLong()).isEqualTo(0xe220a8397b1dcdafL);
        assertThat(r.nextLong()).isEqualTo(0x6e789e6aa1b965f4L);
        assertThat(r.nextLong()).isEqualTo(0x06c45d188009454fL);
    }

    @Test
    void nextIntIsInRangeAndRoughlyUniform() {
        Rng r = new Rng(123);
        int[] counts = new int[7];
        for (int i = 0; i < 70_000; i++) {
            counts[r.nextInt(7)]++;
        }
        for (int c : counts) {
            assertThat(c).isBetween(9_500, 10_500);
        }
        assertThat(new Rng(5).nextInt(1)).isZero();
        assertThatThrownBy(() -> new Rng(5).nextInt(0)).isInstanceOf(IllegalArgumentException.class);
        int big = Integer.MAX_VALUE;
        for (int i = 0; i < 1000; i++) {
            assertThat(r.nextInt(big)).isBetween(0, big - 1);
        }
    }

    @Test
    void derivedStreamsDiffer() {
        assertThat(Rng.derive(1, 0)).isNotEqualTo(Rng.derive(1, 1)).isNotEqualTo(Rng.derive(2, 0));
    }

    static List<String> expand(Grammar g, String template, long seed) {
        Grammar.Out out = g.expand(g.parse(template), new Rng(seed));
        return out.tokens.stream().map(t -> t.word + "/" + t.label).collect(Collectors.toList());
    }

    @Test
    void templatesLabelSlotsWithBeginAndInside() {
        Grammar g = new Grammar();
        g.lexicon("city", "new york", "salt lake city");
        g.lexicon("day", "monday");
        g.macro("date", "on {day:$.day_name}");
        g.validate();
        List<String> seen = new ArrayList<>();
        for (long s = 0; s < 20; s++) {
            seen.add(String.join(" ", expand(g, "fly to {city:toloc.city_name} {@date:depart_date}", s)));
        }
        assertThat(seen).contains(
                "fly/O to/O new/B-toloc.city_name york/I-toloc.city_name on/O monday/B-depart_date.day_name",
                "fly/O to/O salt/B-toloc.city_name lake/I-toloc.city_name city/I-toloc.city_name on/O "
                        + "monday/B-depart_date.day_name");
    }

    @Test
    void choicesOptionalsAndEmptyAlternatives() {
        Grammar g = new Grammar();
        g.lexicon("pre", "=3", "please");
        List<String> seen = new ArrayList<>();
        for (long s = 0; s < 200; s++) {
            seen.add(expand(g, "{pre} (show|list|) [all] flights", s).stream()
                    .map(x -> x.substring(0, x.indexOf('/'))).collect(Collectors.joining(" ")));
        }
        assertThat(seen).contains("flights", "show flights", "list all flights", "please show all flights",
                "all flights");
        assertThat(seen).allMatch(x -> x.endsWith("flights"));
    }

    @Test
    void badTemplatesAndNamesAreRejected() {
        Grammar g = new Grammar();
        assertThatThrownBy(() -> g.parse("(a|b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> g.parse("[a")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> g.parse("{a")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> g.parse("a)")).isInstanceOf(IllegalArgumentException.class);
        g.parse("{nosuch:x} {@nomacro}");
        assertThatThrownBy(g::validate).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nosuch");
        assertThatThrownBy(() -> g.lexicon("x", "a", "a")).hasMessageContaining("duplicate");
        assertThatThrownBy(() -> new Grammar().lexicon("y", "a=0")).hasMessageContaining("weight");
    }

    @Test
    void theTravelGrammarIsConsistent() {
        Grammar g = TravelGrammar.build();
        for (TravelGrammar.Intent intent : TravelGrammar.INTENTS) {
            for (String t : intent.templates) {
                g.parse(Grammar.splitWeight(t, new int[1]));
            }
        }
        g.validate();
        int templates = TravelGrammar.INTENTS.stream().mapToInt(i -> i.templates.size()).sum();
        assertThat(templates).isGreaterThanOrEqualTo(40);
        assertThat(TravelGrammar.INTENTS).hasSizeGreaterThanOrEqualTo(10);
    }
}
