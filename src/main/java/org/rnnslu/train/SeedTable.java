package org.rnnslu.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.rnnslu.eval.Evaluation;
import org.rnnslu.json.Json;
import org.rnnslu.model.Task;

/**
 * The scores of one recipe trained with several seeds ({@link SeedRuns}): per seed the best epoch,
 * every dev and test score of the best model, training words/s and wall time; then the mean and the
 * sample standard deviation (n − 1; 0 for one seed) of each column. Scores are percentages.
 */
public final class SeedTable {

    /**
     * One seed's run.
     *
     * @param valid, test the best model's scores on dev and test
     * @param seconds the run's wall time (training and scoring)
     */
    public record Run(long seed, Path folder, TrainingReport report, Evaluation.Result valid, Evaluation.Result test,
                      double seconds) {
        /** Training words per second (not counting scoring). */
        public double wordsPerSecond() {
            return report.trainTokens() / Math.max(1e-9, report.trainSeconds());
        }
    }

    private final Task task;
    private final List<Run> runs;

    public SeedTable(Task task, List<Run> runs) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("no runs");
        }
        this.task = task;
        this.runs = List.copyOf(runs);
    }

    public List<Run> runs() {
        return runs;
    }

    /** The columns after seed: best_epoch, the task's scores, words_per_s, seconds. */
    public List<String> columns() {
        List<String> c = new ArrayList<>();
        c.add("best_epoch");
        for (String split : new String[] {"valid", "test"}) {
            if (task.hasSlots()) {
                c.add(split + "_f1");
            }
            if (task.hasIntent()) {
                c.add(split + "_acc");
            }
            if (task == Task.JOINT) {
                c.add(split + "_sentence_acc");
            }
        }
        c.add("words_per_s");
        c.add("seconds");
        return c;
    }

    /** A run's values, in {@link #columns()} order. */
    public double[] values(Run r) {
        List<Double> v = new ArrayList<>();
        v.add((double) r.report().bestEpoch());
        for (Evaluation.Result split : new Evaluation.Result[] {r.valid(), r.test()}) {
            if (task.hasSlots()) {
                v.add(split.f1());
            }
            if (task.hasIntent()) {
                v.add(split.accuracy());
            }
            if (task == Task.JOINT) {
                v.add(split.sentenceAccuracy());
            }
        }
        v.add(r.wordsPerSecond());
        v.add(r.seconds());
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The mean of each column. */
    public double[] mean() {
        double[] m = new double[columns().size()];
        for (Run r : runs) {
            double[] v = values(r);
            for (int i = 0; i < m.length; i++) {
                m[i] += v[i] / runs.size();
            }
        }
        return m;
    }

    /** The sample standard deviation of each column (0 for a single run). */
    public double[] sd() {
        double[] m = mean();
        double[] s = new double[m.length];
        if (runs.size() < 2) {
            return s;
        }
        for (Run r : runs) {
            double[] v = values(r);
            for (int i = 0; i < s.length; i++) {
                s[i] += (v[i] - m[i]) * (v[i] - m[i]);
            }
        }
        for (int i = 0; i < s.length; i++) {
            s[i] = Math.sqrt(s[i] / (runs.size() - 1));
        }
        return s;
    }

    /** "test F1 93.97 ± 0.45" style lines, one per score column (not epochs, speed or time). */
    public List<String> summaryLines() {
        List<String> out = new ArrayList<>();
        List<String> cols = columns();
        double[] m = mean();
        double[] s = sd();
        for (int i = 0; i < cols.size(); i++) {
            out.add(String.format(Locale.ROOT, "%s: mean %s ± %s over %d seeds", cols.get(i), fmt(cols.get(i), m[i]),
                    fmt(cols.get(i), s[i]), runs.size()));
        }
        return out;
    }

    /** The table as tab-separated values: a header, one row per seed, then mean and sd rows. */
    public String tsv() {
        StringBuilder sb = new StringBuilder("seed\t").append(String.join("\t", columns())).append('\n');
        List<String> cols = columns();
        for (Run r : runs) {
            row(sb, String.valueOf(r.seed()), cols, values(r));
        }
        row(sb, "mean", cols, mean());
        row(sb, "sd", cols, sd());
        return sb.toString();
    }

    private static void row(StringBuilder sb, String first, List<String> cols, double[] v) {
        sb.append(first);
        for (int i = 0; i < v.length; i++) {
            sb.append('\t').append(fmt(cols.get(i), v[i]));
        }
        sb.append('\n');
    }

    /** {"task":..,"columns":[..],"seeds":[{"seed":345,"folder":"..","best_epoch":38,..}],"mean":{..},"sd":{..}} */
    public String json() {
        List<String> cols = columns();
        StringBuilder sb = new StringBuilder("{\"task\":");
        Json.quote(sb, task.id()).append(",\"columns\":");
        Json.stringArray(sb, cols).append(",\"seeds\":[");
        for (int i = 0; i < runs.size(); i++) {
            Run r = runs.get(i);
            sb.append(i > 0 ? "," : "").append("{\"seed\":").append(r.seed()).append(",\"folder\":");
            Json.quote(sb, r.folder().getFileName().toString()).append(',');
            fields(sb, cols, values(r)).append('}');
        }
        sb.append("],\"mean\":{");
        fields(sb, cols, mean()).append("},\"sd\":{");
        fields(sb, cols, sd()).append("}}\n");
        return sb.toString();
    }

    private static StringBuilder fields(StringBuilder sb, List<String> cols, double[] v) {
        for (int i = 0; i < v.length; i++) {
            Json.quote(sb.append(i > 0 ? "," : ""), cols.get(i)).append(':');
            Json.number(sb, Double.parseDouble(fmt(cols.get(i), v[i])));
        }
        return sb;
    }

    /** Scores with 2 decimals, epochs with 1 (a mean), speed whole, seconds with 1. */
    private static String fmt(String col, double v) {
        if (col.equals("words_per_s")) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        return String.format(Locale.ROOT, col.equals("best_epoch") || col.equals("seconds") ? "%.1f" : "%.2f", v);
    }
}
