package org.rnnslu.eval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Intent classification scores: accuracy, per-intent precision/recall/F1/support and the most
 * frequent confusions. Labels are compared as strings, so a multi-intent such as
 * {@code atis_flight#atis_airfare} is one class and a gold intent the model does not know is
 * simply an error. Percentages (0..100), like {@link Conlleval}.
 */
public final class IntentEval {

    private int total;
    private int correct;
    /** intent -> {true positives, predicted, gold} */
    private final Map<String, int[]> counts = new TreeMap<>();
    private final Map<String, Map<String, Integer>> confusions = new HashMap<>();

    public static IntentEval evaluate(List<String> gold, List<String> predicted) {
        if (gold.size() != predicted.size()) {
            throw new IllegalArgumentException(gold.size() + " gold intents, " + predicted.size() + " predicted");
        }
        IntentEval e = new IntentEval();
        for (int i = 0; i < gold.size(); i++) {
            e.add(gold.get(i), predicted.get(i));
        }
        return e;
    }

    /** Adds one utterance's gold and predicted intent. */
    public IntentEval add(String gold, String predicted) {
        if (gold == null || predicted == null) {
            throw new IllegalArgumentException("null intent");
        }
        total++;
        counts.computeIfAbsent(gold, k -> new int[3])[2]++;
        counts.computeIfAbsent(predicted, k -> new int[3])[1]++;
        if (gold.equals(predicted)) {
            correct++;
            counts.get(gold)[0]++;
        } else {
            confusions.computeIfAbsent(gold, k -> new HashMap<>()).merge(predicted, 1, Integer::sum);
        }
        return this;
    }

    public int total() {
        return total;
    }

    public int correct() {
        return correct;
    }

    /** Percentage of utterances with the right intent; 0 when empty. */
    public double accuracy() {
        return total > 0 ? 100.0 * correct / total : 0.0;
    }

    /** Error rate in percent (100 - accuracy, 0 when empty). */
    public double errorRate() {
        return total > 0 ? 100.0 * (total - correct) / total : 0.0;
    }

    /** Scores of one intent; support = its number of gold utterances. */
    public record IntentScore(String intent, int truePositives, int predicted, int support) {

        public double precision() {
            return predicted > 0 ? 100.0 * truePositives / predicted : 0.0;
        }

        public double recall() {
            return support > 0 ? 100.0 * truePositives / support : 0.0;
        }

        public double f1() {
            double p = precision();
            double r = recall();
            return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
        }
    }

    /** Every intent seen in gold or predictions, sorted by name. */
    public Map<String, IntentScore> byIntent() {
        Map<String, IntentScore> out = new TreeMap<>();
        counts.forEach((k, c) -> out.put(k, new IntentScore(k, c[0], c[1], c[2])));
        return Collections.unmodifiableMap(out);
    }

    /** Mean F1 over the intents that occur in the gold labels (percent; 0 when empty). */
    public double macroF1() {
        double sum = 0;
        int n = 0;
        for (IntentScore s : byIntent().values()) {
            if (s.support() > 0) {
                sum += s.f1();
                n++;
            }
        }
        return n > 0 ? sum / n : 0.0;
    }

    /** A gold -> predicted mistake and how often it happened. */
    public record Confusion(String gold, String predicted, int count) {}

    /** The k most frequent mistakes, by count descending, then gold, then predicted name. */
    public List<Confusion> topConfusions(int k) {
        List<Confusion> all = new ArrayList<>();
        confusions.forEach((g, m) -> m.forEach((p, c) -> all.add(new Confusion(g, p, c))));
        all.sort((a, b) -> a.count() != b.count() ? Integer.compare(b.count(), a.count())
                : !a.gold().equals(b.gold()) ? a.gold().compareTo(b.gold())
                : a.predicted().compareTo(b.predicted()));
        return List.copyOf(all.subList(0, Math.min(Math.max(k, 0), all.size())));
    }

    /**
     * A report: the overall line, one line per intent (precision, recall, F1, support, predicted)
     * and the {@code topK} most frequent confusions.
     */
    public String format(int topK) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT,
                "intents: %d utterances, %d correct; accuracy: %s%%; error: %s%%; macro-F1: %s\n",
                total, correct, Conlleval.f62(accuracy()), Conlleval.f62(errorRate()),
                Conlleval.f62(macroF1())));
        int width = 6;
        for (String k : counts.keySet()) {
            width = Math.max(width, k.length());
        }
        String row = "%" + width + "s  %9s  %7s  %6s  %7s  %9s\n";
        sb.append(String.format(Locale.ROOT, row, "intent", "precision", "recall", "FB1", "support",
                "predicted"));
        for (IntentScore s : byIntent().values()) {
            sb.append(String.format(Locale.ROOT, row, s.intent(), Conlleval.f62(s.precision()) + "%",
                    Conlleval.f62(s.recall()) + "%", Conlleval.f62(s.f1()), s.support(),
                    s.predicted()));
        }
        List<Confusion> top = topConfusions(topK);
        if (!top.isEmpty()) {
            sb.append("most confused (gold -> predicted):\n");
            for (Confusion c : top) {
                sb.append(String.format(Locale.ROOT, "%6d  %s -> %s\n", c.count(), c.gold(), c.predicted()));
            }
        }
        return sb.toString();
    }

    /** {@link #format(int)} with the 10 most frequent confusions. */
    public String format() {
        return format(10);
    }
}
