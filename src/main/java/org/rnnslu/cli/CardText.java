package org.rnnslu.cli;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;

/** {@code info}'s human-readable view of a card.json (members it lacks are left out). */
final class CardText {

    private CardText() {}

    static void print(PrintStream out, Map<String, Object> card) {
        Map<String, Object> best = map(card.get("best"));
        if (best != null) {
            out.println("best: epoch " + str(best.get("epoch")) + " of " + str(card.get("epochs_run")) + " run"
                    + (Boolean.FALSE.equals(card.get("finished")) ? " (saved mid-run: the run had not ended)" : "")
                    + "; valid " + scores(map(best.get("valid"))) + "; test " + scores(map(best.get("test"))));
        }
        table(out, "slot F1 by type", map(card.get("slot_f1_by_type")), "f1", "gold");
        table(out, "intent accuracy by intent", map(card.get("intent_accuracy_by_intent")), "accuracy", "support");
        Map<String, Object> data = map(card.get("data"));
        if (data != null) {
            StringBuilder sb = new StringBuilder("data:");
            for (String split : new String[] {"train", "dev", "test"}) {
                Map<String, Object> s = map(data.get(split));
                if (s != null) {
                    sb.append(' ').append(split).append(' ').append(str(s.get("utterances"))).append(" utterances / ")
                            .append(str(s.get("words"))).append(" words (hash ").append(str(s.get("hash"))).append(");");
                }
            }
            out.println(sb + " vocabulary and labels hash " + str(data.get("vocabulary_and_labels")));
        }
        Map<String, Object> run = map(card.get("run"));
        if (run != null) {
            Map<String, Object> jdk = map(run.get("jdk"));
            out.println("run: rnnslu " + str(card.get("rnnslu_version")) + ", seed " + str(card.get("seed")) + ", kernels "
                    + str(run.get("kernels")) + ", threads " + str(run.get("threads"))
                    + (jdk == null ? "" : ", JDK " + str(jdk.get("version")) + " (" + str(jdk.get("vendor")) + ")")
                    + "; training " + fixed(run.get("train_seconds"), 1) + " s, " + fixed(run.get("words_per_second"), 0)
                    + " words/s; wall " + fixed(run.get("wall_seconds"), 1) + " s");
        }
    }

    /** "F1 98.52 (P 98.40 R 98.64), intent accuracy 97.10, sentence accuracy 91.00". */
    private static String scores(Map<String, Object> s) {
        if (s == null) {
            return "-";
        }
        StringBuilder sb = new StringBuilder();
        if (s.containsKey("f1")) {
            sb.append("F1 ").append(fixed(s.get("f1"), 2)).append(" (P ").append(fixed(s.get("precision"), 2))
                    .append(" R ").append(fixed(s.get("recall"), 2)).append("), ");
        }
        if (s.containsKey("intent_accuracy")) {
            sb.append("intent accuracy ").append(fixed(s.get("intent_accuracy"), 2)).append(", ");
        }
        return sb.append("sentence accuracy ").append(fixed(s.get("sentence_accuracy"), 2)).toString();
    }

    /** One line per type or intent: valid and test, and the valid split's count. */
    private static void table(PrintStream out, String title, Map<String, Object> bySplit, String score, String count) {
        if (bySplit == null) {
            return;
        }
        Map<String, Object> valid = map(bySplit.get("valid"));
        Map<String, Object> test = map(bySplit.get("test"));
        out.println(title + " (valid, test; " + count + " in valid / test):");
        java.util.TreeSet<String> names = new java.util.TreeSet<>();
        if (valid != null) {
            names.addAll(valid.keySet());
        }
        if (test != null) {
            names.addAll(test.keySet());
        }
        for (String name : names) {
            Map<String, Object> v = valid == null ? null : map(valid.get(name));
            Map<String, Object> t = test == null ? null : map(test.get(name));
            out.printf(Locale.ROOT, "  %-36s %7s %7s   %s / %s%n", name, v == null ? "-" : fixed(v.get(score), 2),
                    t == null ? "-" : fixed(t.get(score), 2), v == null ? "0" : str(v.get(count)), t == null ? "0" : str(t.get(count)));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map ? (Map<String, Object>) o : null;
    }

    private static String str(Object o) {
        if (o == null) {
            return "?";
        }
        return o instanceof BigDecimal b ? b.toPlainString() : String.valueOf(o);
    }

    private static String fixed(Object o, int digits) {
        if (!(o instanceof Number n)) {
            return "?";
        }
        return String.format(Locale.ROOT, "%,." + digits + "f", n.doubleValue());
    }
}
