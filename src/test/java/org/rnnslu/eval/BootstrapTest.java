package org.rnnslu.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** Bootstrap intervals and the paired comparison on synthetic outcomes with known answers. */
class BootstrapTest {

    private static final String[] LABELS = {"O", "O", "B-a", "I-a", "B-b", "I-b"};

    /** Random gold sequences, and predictions that copy each label with probability keep. */
    private static List<List<String[]>> data(int m, double keep, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<String[]> gold = new ArrayList<>();
        List<String[]> pred = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            String[] g = new String[1 + rnd.nextInt(10)];
            String[] p = new String[g.length];
            for (int t = 0; t < g.length; t++) {
                g[t] = LABELS[rnd.nextInt(LABELS.length)];
                p[t] = rnd.nextDouble() < keep ? g[t] : LABELS[rnd.nextInt(LABELS.length)];
            }
            gold.add(g);
            pred.add(p);
        }
        return List.of(gold, pred);
    }

    private static Bootstrap.Outcomes outcomes(List<List<String[]>> d) {
        return Bootstrap.Outcomes.of(d.get(0), d.get(1), null, null);
    }

    @Test
    void perUtteranceChunkCountsAddUpToConllevalsF1() {
        List<List<String[]>> d = data(300, 0.8, 1);
        Conlleval whole = Conlleval.evaluate(d.get(0), d.get(1));
        Bootstrap.Report r = Bootstrap.intervals(outcomes(d), 10, 1);
        assertThat(r.f1().estimate()).isCloseTo(whole.f1(), Offset.offset(1e-9));
        assertThat(r.intentAccuracy()).isNull();
    }

    @Test
    void theIntervalHoldsTheEstimateIsSeededAndNarrowsWithMoreData() {
        Bootstrap.Outcomes small = outcomes(data(200, 0.8, 2));
        Bootstrap.Outcomes large = outcomes(data(3200, 0.8, 2));
        Bootstrap.Report a = Bootstrap.intervals(small, 1000, 7);
        assertThat(a.f1().low()).isLessThan(a.f1().estimate());
        assertThat(a.f1().high()).isGreaterThan(a.f1().estimate());
        assertThat(a.sentenceAccuracy().low()).isLessThanOrEqualTo(a.sentenceAccuracy().estimate());
        assertThat(Bootstrap.intervals(small, 1000, 7)).isEqualTo(a);
        assertThat(Bootstrap.intervals(small, 1000, 8).f1()).isNotEqualTo(a.f1());
        Bootstrap.Report b = Bootstrap.intervals(large, 1000, 7);
        double wSmall = a.f1().high() - a.f1().low();
        double wLarge = b.f1().high() - b.f1().low();
        // 16 times the utterances: about a quarter of the width (1/sqrt(16))
        assertThat(wLarge / wSmall).isBetween(0.15, 0.4);
    }

    @Test
    void percentileInterpolatesAsNumpy() {
        double[] v = {1, 2, 3, 4, 5};
        assertThat(Bootstrap.percentile(v, 0.5)).isEqualTo(3);
        assertThat(Bootstrap.percentile(v, 0.025)).isCloseTo(1.1, Offset.offset(1e-12));
        assertThat(Bootstrap.percentile(v, 0.975)).isCloseTo(4.9, Offset.offset(1e-12));
    }

    @Test
    void aModelAgainstItselfDiffersByNothing() {
        Bootstrap.Outcomes o = outcomes(data(300, 0.8, 3));
        Bootstrap.Comparison c = Bootstrap.compare(o, o, 500, 1);
        assertThat(c.f1().interval()).isEqualTo(new Bootstrap.Interval(0, 0, 0));
        assertThat(c.f1().pValue()).isEqualTo(1.0);
        assertThat(c.mcnemar().onlyA()).isZero();
        assertThat(c.mcnemar().onlyB()).isZero();
        assertThat(c.mcnemar().pValue()).isEqualTo(1.0);
    }

    @Test
    void aClearlyBetterModelWinsWithASmallPAndPairingNarrowsTheInterval() {
        List<List<String[]>> good = data(400, 0.95, 4);
        List<String[]> worse = new ArrayList<>(); // the same gold, a worse copy of the good predictions
        SplittableRandom rnd = new SplittableRandom(5);
        for (String[] p : good.get(1)) {
            String[] w = p.clone();
            for (int t = 0; t < w.length; t++) {
                w[t] = rnd.nextDouble() < 0.15 ? LABELS[rnd.nextInt(LABELS.length)] : w[t];
            }
            worse.add(w);
        }
        Bootstrap.Outcomes a = outcomes(good);
        Bootstrap.Outcomes b = Bootstrap.Outcomes.of(good.get(0), worse, null, null);
        Bootstrap.Comparison c = Bootstrap.compare(a, b, 1000, 1);
        assertThat(c.f1().interval().estimate()).isGreaterThan(3);
        assertThat(c.f1().interval().low()).isGreaterThan(0);
        assertThat(c.f1().pValue()).isLessThan(0.01);
        assertThat(c.mcnemar().onlyA()).isGreaterThan(c.mcnemar().onlyB());
        assertThat(c.mcnemar().onlyA() + c.mcnemar().onlyB() + c.mcnemar().both() + c.mcnemar().neither()).isEqualTo(400);
        assertThat(c.mcnemar().pValue()).isLessThan(0.01);
        // the paired interval of the difference is narrower than the two unpaired intervals side by side
        double paired = c.f1().interval().high() - c.f1().interval().low();
        double alone = Bootstrap.intervals(a, 1000, 1).f1().high() - Bootstrap.intervals(a, 1000, 1).f1().low();
        assertThat(paired).isLessThan(2 * alone);
    }

    @Test
    void exactBinomialMatchesHandComputedValues() {
        assertThat(Bootstrap.exactBinomial(0, 0)).isEqualTo(1.0);
        assertThat(Bootstrap.exactBinomial(0, 5)).isCloseTo(2.0 / 32, Offset.offset(1e-12));
        assertThat(Bootstrap.exactBinomial(9, 1)).isCloseTo(2.0 * 11 / 1024, Offset.offset(1e-12));
        assertThat(Bootstrap.exactBinomial(5, 5)).isEqualTo(1.0);
    }

    @Test
    void mcnemarCountsEachCell() {
        boolean[] a = {true, true, false, false, true};
        boolean[] b = {true, false, true, false, false};
        Bootstrap.McNemar m = Bootstrap.mcnemar(a, b);
        assertThat(m).isEqualTo(new Bootstrap.McNemar(2, 1, 1, 1, 1.0));
    }

    @Test
    void differentTasksOrSplitsAreRefused() {
        Bootstrap.Outcomes slots = outcomes(data(10, 0.8, 6));
        Bootstrap.Outcomes intents = Bootstrap.Outcomes.of(null, null, List.of("a", "b"), List.of("a", "a"));
        assertThatThrownBy(() -> Bootstrap.compare(slots, intents, 10, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Bootstrap.compare(slots, outcomes(data(11, 0.8, 6)), 10, 1))
                .hasMessageContaining("10 and 11 utterances");
        assertThatThrownBy(() -> Bootstrap.intervals(slots, 0, 1)).hasMessageContaining("got 0");
        assertThat(Bootstrap.intervals(intents, 100, 1).intentAccuracy().estimate()).isEqualTo(50.0);
    }
}
