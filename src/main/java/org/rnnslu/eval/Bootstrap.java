package org.rnnslu.eval;

import java.util.Arrays;
import java.util.List;
import org.rnnslu.util.Rng;

/**
 * Bootstrap confidence intervals over utterances: a split is resampled with replacement (as many
 * utterances as it has, drawn by a seeded {@link Rng}), each score recomputed on the resample, and
 * the 2.5th and 97.5th percentiles of the resampled scores give a 95% interval. Slot F1 is
 * conlleval's micro F1, recomputed from per-utterance chunk counts (conlleval ends every chunk at a
 * sentence boundary, so the counts add up). {@link #compare} resamples two models' outcomes on the
 * same utterances together (a paired bootstrap).
 */
public final class Bootstrap {

    /** The default seed of the resampling, so that a report is the same each time. */
    public static final long DEFAULT_SEED = 20130825L;

    private Bootstrap() {}

    /**
     * What one model got right on each utterance of a split.
     *
     * @param correct, gold, predicted chunks per utterance (null without slots)
     * @param intentRight per utterance (null without intents)
     * @param sentenceRight every slot label (and the intent) right, per utterance
     */
    public record Outcomes(int[] correct, int[] gold, int[] predicted, boolean[] intentRight, boolean[] sentenceRight) {

        /** From gold and predicted labels (either pair null when the task lacks it). */
        public static Outcomes of(List<String[]> goldSlots, List<String[]> predictedSlots, List<String> goldIntents,
                                  List<String> predictedIntents) {
            int m = goldSlots != null ? goldSlots.size() : goldIntents.size();
            int[] c = goldSlots == null ? null : new int[m];
            int[] g = goldSlots == null ? null : new int[m];
            int[] p = goldSlots == null ? null : new int[m];
            boolean[] intent = goldIntents == null ? null : new boolean[m];
            boolean[] sentence = new boolean[m];
            for (int i = 0; i < m; i++) {
                boolean ok = true;
                if (goldSlots != null) {
                    Conlleval one = new Conlleval().add(goldSlots.get(i), predictedSlots.get(i));
                    c[i] = one.correctChunks();
                    g[i] = one.goldChunks();
                    p[i] = one.predictedChunks();
                    ok = Arrays.equals(goldSlots.get(i), predictedSlots.get(i));
                }
                if (goldIntents != null) {
                    intent[i] = goldIntents.get(i).equals(predictedIntents.get(i));
                    ok &= intent[i];
                }
                sentence[i] = ok;
            }
            return new Outcomes(c, g, p, intent, sentence);
        }

        public int utterances() {
            return sentenceRight.length;
        }

        public boolean hasSlots() {
            return correct != null;
        }

        public boolean hasIntents() {
            return intentRight != null;
        }

        /** Slot F1 (percent) of the utterances idx[0..], or of all when idx is null. */
        double f1(int[] idx) {
            long c = 0;
            long g = 0;
            long p = 0;
            for (int k = 0; k < size(idx); k++) {
                int i = idx == null ? k : idx[k];
                c += correct[i];
                g += gold[i];
                p += predicted[i];
            }
            return g + p == 0 ? 0 : 200.0 * c / (g + p);
        }

        double intentAccuracy(int[] idx) {
            return rate(intentRight, idx);
        }

        double sentenceAccuracy(int[] idx) {
            return rate(sentenceRight, idx);
        }

        private int size(int[] idx) {
            return idx == null ? utterances() : idx.length;
        }

        private double rate(boolean[] right, int[] idx) {
            int n = size(idx);
            int ok = 0;
            for (int k = 0; k < n; k++) {
                ok += right[idx == null ? k : idx[k]] ? 1 : 0;
            }
            return n == 0 ? 0 : 100.0 * ok / n;
        }
    }

    /** A score on the whole split and its 95% percentile interval. */
    public record Interval(double estimate, double low, double high) {}

    /**
     * Intervals of one model's scores.
     *
     * @param f1 slot F1 (null without slots)
     * @param intentAccuracy (null without intents)
     * @param sentenceAccuracy every label right (for a joint model: the slots and the intent)
     */
    public record Report(int resamples, long seed, int utterances, Interval f1, Interval intentAccuracy,
                         Interval sentenceAccuracy) {}

    /** 95% intervals of each score of {@code o} from {@code resamples} resamples drawn with {@code seed}. */
    public static Report intervals(Outcomes o, int resamples, long seed) {
        checkResamples(resamples, o.utterances());
        double[] f1 = new double[resamples];
        double[] intent = new double[resamples];
        double[] sentence = new double[resamples];
        Rng rng = new Rng(seed);
        int[] idx = new int[o.utterances()];
        for (int r = 0; r < resamples; r++) {
            draw(rng, idx);
            f1[r] = o.hasSlots() ? o.f1(idx) : 0;
            intent[r] = o.hasIntents() ? o.intentAccuracy(idx) : 0;
            sentence[r] = o.sentenceAccuracy(idx);
        }
        return new Report(resamples, seed, o.utterances(),
                o.hasSlots() ? interval(o.f1(null), f1) : null,
                o.hasIntents() ? interval(o.intentAccuracy(null), intent) : null,
                interval(o.sentenceAccuracy(null), sentence));
    }

    /**
     * A difference of model A minus model B on the same utterances.
     *
     * @param interval the difference on the whole split and its 95% paired-bootstrap interval
     * @param pValue the fraction of resamples whose difference is zero or of the other sign than the
     *     whole split's (1 when that is zero): how often the resampled test set does not confirm it
     */
    public record Difference(Interval interval, double pValue) {}

    /**
     * McNemar's counts for sentence accuracy: utterances only A, only B, both or neither got right,
     * and the exact two-sided binomial p-value of the discordant ones (onlyA vs onlyB, p = 1/2).
     */
    public record McNemar(int onlyA, int onlyB, int both, int neither, double pValue) {}

    /** A against B: slot F1, intent accuracy and sentence accuracy differences, and McNemar's counts. */
    public record Comparison(int resamples, long seed, int utterances, Difference f1, Difference intentAccuracy,
                             Difference sentenceAccuracy, McNemar mcnemar) {}

    /** Paired bootstrap of A − B: each resample draws the same utterances for both models. */
    public static Comparison compare(Outcomes a, Outcomes b, int resamples, long seed) {
        if (a.utterances() != b.utterances()) {
            throw new IllegalArgumentException("the models were scored on " + a.utterances() + " and " + b.utterances()
                    + " utterances: a paired comparison needs the same ones");
        }
        if (a.hasSlots() != b.hasSlots() || a.hasIntents() != b.hasIntents()) {
            throw new IllegalArgumentException("the models score different things (slots, intents): compare models of one task");
        }
        checkResamples(resamples, a.utterances());
        boolean slots = a.hasSlots();
        boolean intents = a.hasIntents();
        double[] f1 = new double[resamples];
        double[] intent = new double[resamples];
        double[] sentence = new double[resamples];
        Rng rng = new Rng(seed);
        int[] idx = new int[a.utterances()];
        for (int r = 0; r < resamples; r++) {
            draw(rng, idx);
            f1[r] = slots ? a.f1(idx) - b.f1(idx) : 0;
            intent[r] = intents ? a.intentAccuracy(idx) - b.intentAccuracy(idx) : 0;
            sentence[r] = a.sentenceAccuracy(idx) - b.sentenceAccuracy(idx);
        }
        return new Comparison(resamples, seed, a.utterances(),
                slots ? difference(a.f1(null) - b.f1(null), f1) : null,
                intents ? difference(a.intentAccuracy(null) - b.intentAccuracy(null), intent) : null,
                difference(a.sentenceAccuracy(null) - b.sentenceAccuracy(null), sentence),
                mcnemar(a.sentenceRight(), b.sentenceRight()));
    }

    /** McNemar's counts of two per-utterance outcomes and the exact binomial p-value. */
    public static McNemar mcnemar(boolean[] a, boolean[] b) {
        int onlyA = 0;
        int onlyB = 0;
        int both = 0;
        for (int i = 0; i < a.length; i++) {
            onlyA += a[i] && !b[i] ? 1 : 0;
            onlyB += !a[i] && b[i] ? 1 : 0;
            both += a[i] && b[i] ? 1 : 0;
        }
        return new McNemar(onlyA, onlyB, both, a.length - onlyA - onlyB - both, exactBinomial(onlyA, onlyB));
    }

    /** Two-sided exact p-value of k = min(x, y) successes in x + y fair coin flips: min(1, 2 P(X <= k)). */
    static double exactBinomial(int x, int y) {
        int n = x + y;
        if (n == 0) {
            return 1;
        }
        int k = Math.min(x, y);
        double logHalfN = n * Math.log(0.5);
        double sum = 0;
        double logChoose = 0; // log C(n, 0)
        for (int i = 0; i <= k; i++) {
            sum += Math.exp(logChoose + logHalfN);
            logChoose += Math.log((double) (n - i) / (i + 1));
        }
        return Math.min(1, 2 * sum);
    }

    private static Interval interval(double estimate, double[] resampled) {
        double[] s = resampled.clone();
        Arrays.sort(s);
        return new Interval(estimate, percentile(s, 0.025), percentile(s, 0.975));
    }

    private static Difference difference(double estimate, double[] resampled) {
        int against = 0;
        for (double d : resampled) {
            against += estimate > 0 ? (d <= 0 ? 1 : 0) : estimate < 0 ? (d >= 0 ? 1 : 0) : 1;
        }
        return new Difference(interval(estimate, resampled), (double) against / resampled.length);
    }

    /** The q-quantile of sorted values, linearly interpolated between the nearest ranks (numpy's default). */
    static double percentile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    private static void draw(Rng rng, int[] idx) {
        for (int k = 0; k < idx.length; k++) {
            idx[k] = rng.nextInt(idx.length);
        }
    }

    private static void checkResamples(int resamples, int utterances) {
        if (resamples < 1) {
            throw new IllegalArgumentException("--bootstrap takes a number of resamples >= 1, got " + resamples);
        }
        if (utterances == 0) {
            throw new IllegalArgumentException("no utterances to resample");
        }
    }
}
