package org.rnnslu.eval;

import java.util.Locale;

/**
 * How well a model's confidences match its accuracy: predictions binned by their probability into
 * equal-width bins over [0, 1], each bin's mean confidence against its share of right predictions
 * (a reliability table), and the expected calibration error
 * {@code ECE = Σ_b (n_b / N) · |accuracy_b − confidence_b|} (Guo et al., 2017). A perfectly
 * calibrated model's 0.9-confidence predictions are right 90% of the time: ECE 0.
 */
public final class Calibration {

    private final long[] count;
    private final long[] right;
    private final double[] confidence;
    private long total;

    public Calibration(int bins) {
        if (bins < 1) {
            throw new IllegalArgumentException("at least one bin, got " + bins);
        }
        count = new long[bins];
        right = new long[bins];
        confidence = new double[bins];
    }

    /** One prediction: the probability the model gave its choice, and whether the choice was right. */
    public Calibration add(double probability, boolean correct) {
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("a probability in [0, 1], got " + probability);
        }
        int b = Math.min(count.length - 1, (int) (probability * count.length)); // 1.0 goes to the last bin
        count[b]++;
        confidence[b] += probability;
        if (correct) {
            right[b]++;
        }
        total++;
        return this;
    }

    public long total() {
        return total;
    }

    public int bins() {
        return count.length;
    }

    public long count(int bin) {
        return count[bin];
    }

    /** Mean confidence of a bin (NaN when empty). */
    public double confidence(int bin) {
        return count[bin] == 0 ? Double.NaN : confidence[bin] / count[bin];
    }

    /** Share of right predictions in a bin, 0..1 (NaN when empty). */
    public double accuracy(int bin) {
        return count[bin] == 0 ? Double.NaN : (double) right[bin] / count[bin];
    }

    /** Σ_b (n_b / N) · |accuracy_b − confidence_b|, 0..1 (NaN with no predictions). */
    public double ece() {
        if (total == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (int b = 0; b < count.length; b++) {
            if (count[b] > 0) {
                sum += (double) count[b] / total * Math.abs(accuracy(b) - confidence(b));
            }
        }
        return sum;
    }

    /** The largest |accuracy_b − confidence_b| over non-empty bins. */
    public double maxGap() {
        double max = 0;
        for (int b = 0; b < count.length; b++) {
            if (count[b] > 0) {
                max = Math.max(max, Math.abs(accuracy(b) - confidence(b)));
            }
        }
        return max;
    }

    /** The reliability table and ECE, headed by what was scored ("per-word chosen-label probability"). */
    public String format(String what, String unit) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "calibration of the %s: %d %s, %d bins%n", what, total, unit, count.length));
        sb.append(String.format(Locale.ROOT, "%-12s %9s %11s %9s %8s%n", "probability", unit, "confidence", "accuracy", "gap"));
        for (int b = 0; b < count.length; b++) {
            String range = String.format(Locale.ROOT, "[%.1f, %.1f%s", (double) b / count.length,
                    (double) (b + 1) / count.length, b == count.length - 1 ? "]" : ")");
            if (count[b] == 0) {
                sb.append(String.format(Locale.ROOT, "%-12s %9d %11s %9s %8s%n", range, 0, "-", "-", "-"));
            } else {
                sb.append(String.format(Locale.ROOT, "%-12s %9d %11.4f %9.4f %+8.4f%n", range, count[b], confidence(b),
                        accuracy(b), accuracy(b) - confidence(b)));
            }
        }
        sb.append(String.format(Locale.ROOT, "expected calibration error (ECE): %.4f   max gap: %.4f%n", ece(), maxGap()));
        return sb.toString();
    }
}
