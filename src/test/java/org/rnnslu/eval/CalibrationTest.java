package org.rnnslu.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CalibrationTest {

    @Test
    void eceIsTheCountWeightedGapOfTheBins() {
        Calibration c = new Calibration(10);
        for (int i = 0; i < 9; i++) {
            c.add(0.95, true);
        }
        c.add(0.95, false);                 // bin 9: confidence 0.95, accuracy 0.9
        c.add(0.25, true).add(0.35, false); // bins 2 and 3: gaps 0.75 and 0.35
        c.add(1.0, true).add(0.1, true);    // 1.0 in the last bin, 0.1 in bin 1
        assertThat(c.count(9)).isEqualTo(11);
        assertThat(c.count(1)).isEqualTo(1);
        assertThat(c.count(0)).isZero();
        assertThat(c.confidence(9)).isCloseTo((10 * 0.95 + 1.0) / 11, within(1e-12));
        assertThat(c.accuracy(9)).isCloseTo(10.0 / 11, within(1e-12));
        double bin9 = Math.abs(10.0 / 11 - (10 * 0.95 + 1.0) / 11);
        double expected = (11 * bin9 + 0.75 + 0.35 + 0.9) / 14;
        assertThat(c.ece()).isCloseTo(expected, within(1e-12));
        assertThat(c.maxGap()).isCloseTo(0.9, within(1e-12));
        assertThat(c.format("per-word chosen-label probability", "words")).contains(": 14 words, 10 bins")
                .contains("[0.9, 1.0]          11      0.9545    0.9091  -0.0455")
                .contains("[0.0, 0.1)           0           -         -        -")
                .contains(String.format(java.util.Locale.ROOT, "expected calibration error (ECE): %.4f", expected));
    }

    @Test
    void perfectlyCalibratedIsZeroAndBadProbabilitiesAreRefused() {
        Calibration c = new Calibration(10);
        for (int i = 0; i < 10; i++) {
            c.add(0.75, i < 7).add(0.75, i < 8); // 15 of 20 right at 0.75
        }
        assertThat(c.ece()).isCloseTo(0, within(1e-12));
        assertThat(new Calibration(10).ece()).isNaN();
        assertThatThrownBy(() -> c.add(1.5, true)).hasMessageContaining("1.5");
        assertThatThrownBy(() -> c.add(Double.NaN, true)).hasMessageContaining("NaN");
    }
}
