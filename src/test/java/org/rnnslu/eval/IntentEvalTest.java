package org.rnnslu.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class IntentEvalTest {

    private static IntentEval sample() {
        // 6 utterances, 3 right (the three flights at 0, 1, 2... see below)
        return IntentEval.evaluate(
                List.of("flight", "flight", "flight", "airfare", "airfare", "unknown_to_model"),
                List.of("flight", "flight", "airfare", "flight", "airfare", "flight"));
    }

    @Test
    void scores() {
        IntentEval e = sample();
        // right: 0, 1, 4 -> 3 of 6
        assertThat(e.total()).isEqualTo(6);
        assertThat(e.correct()).isEqualTo(3);
        assertThat(e.accuracy()).isEqualTo(50.0);
        assertThat(e.errorRate()).isEqualTo(50.0);
        // flight: tp 2, predicted 4, support 3 -> P 50, R 66.67, F 57.14
        IntentEval.IntentScore f = e.byIntent().get("flight");
        assertThat(f).isEqualTo(new IntentEval.IntentScore("flight", 2, 4, 3));
        assertThat(f.precision()).isEqualTo(50.0);
        assertThat(f.recall()).isCloseTo(200.0 / 3, within(1e-12));
        assertThat(f.f1()).isCloseTo(400.0 / 7, within(1e-9));
        // airfare: tp 1, predicted 2, support 2 -> 50 / 50 / 50
        assertThat(e.byIntent().get("airfare").f1()).isEqualTo(50.0);
        // a gold intent the model never predicts is just an error: recall 0
        assertThat(e.byIntent().get("unknown_to_model")).isEqualTo(
                new IntentEval.IntentScore("unknown_to_model", 0, 0, 1));
        // macro over gold intents: (57.142857 + 50 + 0) / 3
        assertThat(e.macroF1()).isCloseTo((400.0 / 7 + 50) / 3, within(1e-9));
    }

    @Test
    void confusions() {
        IntentEval e = sample().add("airfare", "flight");
        assertThat(e.topConfusions(10)).containsExactly(
                new IntentEval.Confusion("airfare", "flight", 2),
                new IntentEval.Confusion("flight", "airfare", 1),
                new IntentEval.Confusion("unknown_to_model", "flight", 1));
        assertThat(e.topConfusions(1)).hasSize(1);
        assertThat(e.topConfusions(0)).isEmpty();
        String report = e.format(2);
        assertThat(report).startsWith(
                "intents: 7 utterances, 3 correct; accuracy:  42.86%; error:  57.14%; macro-F1: ");
        assertThat(report).contains("     2  airfare -> flight\n", "     1  flight -> airfare\n")
                .doesNotContain("unknown_to_model -> flight");
        // flight: tp 2 of 5 predicted, 3 gold -> 40 / 66.67 / 50; airfare: 1 of 2, 3 gold -> 50 / 33.33 / 40
        assertThat(report).contains(
                "          intent  precision   recall     FB1  support  predicted\n"
                + "         airfare     50.00%   33.33%   40.00        3          2\n"
                + "          flight     40.00%   66.67%   50.00        3          5\n"
                + "unknown_to_model      0.00%    0.00%    0.00        1          0\n");
    }

    @Test
    void empty() {
        IntentEval e = IntentEval.evaluate(List.of(), List.of());
        assertThat(e.accuracy()).isZero();
        assertThat(e.macroF1()).isZero();
        assertThat(e.topConfusions(5)).isEmpty();
        assertThat(e.format()).startsWith("intents: 0 utterances, 0 correct");
    }
}
