package org.rnnslu.serve;

import java.util.List;
import org.rnnslu.Analysis;
import org.rnnslu.json.Json;

/**
 * An {@link Analysis} as one JSON object, the format of {@code tag --format json} and of the HTTP
 * API. A slot or joint model:
 * <pre>
 * {"words":["from","new","york"],"labels":["O","B-fromloc.city_name","I-fromloc.city_name"],
 *  "slots":[{"type":"fromloc.city_name","text":"new york","start":1,"end":3,
 *            "char_start":5,"char_end":9,"source":"N.Y.","score":0.97}],
 *  "intent":"atis_flight",                                  (joint only)
 *  "text":"from N.Y.","spans":[[0,4],[5,9],[5,9]],
 *  "probabilities":[0.999,0.98,0.99],
 *  "top":[[{"label":"O","p":0.999},{"label":"B-fromloc.city_name","p":0.0004}],...],
 *  "intents":[{"intent":"atis_flight","p":0.93},...]}      (joint only)
 * </pre>
 * An intent model: {@code {"words":[...],"intent":...,"text":...,"spans":[...],"intents":[...]}}.
 * The keys before "text" are the label-only record's, in the same order; start and
 * end are word indices, char_start and char_end char offsets into text (UTF-16 units, as Java and
 * JavaScript index strings).
 */
public final class AnalysisJson {

    private AnalysisJson() {}

    /**
     * Appends the analysis; {@code intentModel} (an intent model: no labels) and {@code topIntents}
     * (how many intents to list) come from the model.
     */
    public static StringBuilder write(StringBuilder sb, Analysis a, boolean intentModel, int topIntents) {
        sb.append("{\"words\":");
        Json.stringArray(sb, a.tokens());
        if (!intentModel) {
            sb.append(",\"labels\":");
            Json.stringArray(sb, a.labels());
            sb.append(",\"slots\":");
            slots(sb, a.slots());
        }
        if (a.intent() != null || intentModel) {
            sb.append(",\"intent\":");
            if (a.intent() == null) {
                sb.append("null");
            } else {
                Json.quote(sb, a.intent());
            }
        }
        sb.append(",\"text\":");
        Json.quote(sb, a.text());
        spans(sb, a.words());
        if (!intentModel) {
            probabilities(sb, a.words());
        }
        if (!a.intents().isEmpty()) {
            sb.append(",\"intents\":[");
            List<Analysis.Scored> in = a.intents();
            for (int i = 0; i < Math.min(topIntents, in.size()); i++) {
                sb.append(i > 0 ? "," : "").append("{\"intent\":");
                Json.quote(sb, in.get(i).label()).append(",\"p\":");
                Json.number(sb, in.get(i).probability()).append('}');
            }
            sb.append(']');
        }
        return sb.append('}');
    }

    /** The analysis as one line of JSON. */
    public static String toJson(Analysis a, boolean intentModel, int topIntents) {
        return write(new StringBuilder(256), a, intentModel, topIntents).toString();
    }

    private static void slots(StringBuilder sb, List<Analysis.Slot> slots) {
        sb.append('[');
        for (int i = 0; i < slots.size(); i++) {
            Analysis.Slot s = slots.get(i);
            sb.append(i > 0 ? "," : "").append("{\"type\":");
            Json.quote(sb, s.type()).append(",\"text\":");
            Json.quote(sb, s.text()).append(",\"start\":").append(s.start()).append(",\"end\":").append(s.end());
            sb.append(",\"char_start\":").append(s.charStart()).append(",\"char_end\":").append(s.charEnd());
            sb.append(",\"source\":");
            Json.quote(sb, s.source()).append(",\"score\":");
            Json.number(sb, s.score()).append('}');
        }
        sb.append(']');
    }

    private static void spans(StringBuilder sb, List<Analysis.Word> words) {
        sb.append(",\"spans\":[");
        for (int i = 0; i < words.size(); i++) {
            sb.append(i > 0 ? ",[" : "[").append(words.get(i).start()).append(',').append(words.get(i).end()).append(']');
        }
        sb.append(']');
    }

    private static void probabilities(StringBuilder sb, List<Analysis.Word> words) {
        sb.append(",\"probabilities\":[");
        for (int i = 0; i < words.size(); i++) {
            Json.number(sb.append(i > 0 ? "," : ""), words.get(i).probability());
        }
        sb.append("],\"top\":[");
        for (int i = 0; i < words.size(); i++) {
            sb.append(i > 0 ? ",[" : "[");
            List<Analysis.Scored> top = words.get(i).top();
            for (int k = 0; k < top.size(); k++) {
                sb.append(k > 0 ? "," : "").append("{\"label\":");
                Json.quote(sb, top.get(k).label()).append(",\"p\":");
                Json.number(sb, top.get(k).probability()).append('}');
            }
            sb.append(']');
        }
        sb.append(']');
    }
}
