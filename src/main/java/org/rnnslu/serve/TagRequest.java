package org.rnnslu.serve;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.rnnslu.io.TextLines;
import org.rnnslu.json.Json;
import org.rnnslu.json.JsonException;

/**
 * The body of {@code POST /v1/tag}, checked: one utterance ({@code {"text": "..."}} or
 * {@code {"words": ["...", ...]}}) or a batch ({@code {"batch": [utterance, ...]}}), each with an
 * optional {@code "top_k"}. Anything else is a {@link Refusal} naming what is wrong.
 */
record TagRequest(List<Item> items, boolean batch, int topK) {

    /** Text to tokenize, or words as given (exactly one is non-null). */
    record Item(String text, String[] words) {}

    private static final Set<String> TOP_KEYS = Set.of("text", "words", "batch", "top_k");
    private static final Set<String> ITEM_KEYS = Set.of("text", "words");

    /** Parses and checks {@code body}; {@code maxBatch} bounds a batch (more is 413). */
    static TagRequest parse(String body, int maxBatch) {
        Object doc;
        try {
            doc = Json.parse(body);
        } catch (JsonException e) {
            throw new Refusal(400, "malformed JSON: " + e.getMessage());
        }
        if (!(doc instanceof Map<?, ?> m)) {
            throw new Refusal(400, "expected a JSON object with \"text\", \"words\" or \"batch\"");
        }
        onlyKeys(m, TOP_KEYS, "the request");
        int topK = m.containsKey("top_k") ? topK(m.get("top_k")) : 0;
        if (!m.containsKey("batch")) {
            return new TagRequest(List.of(item(m, "the request")), false, topK);
        }
        if (m.containsKey("text") || m.containsKey("words")) {
            throw new Refusal(400, "give \"batch\" or one \"text\"/\"words\", not both");
        }
        return new TagRequest(batch(m.get("batch"), maxBatch), true, topK);
    }

    private static List<Item> batch(Object value, int maxBatch) {
        if (!(value instanceof List<?> list)) {
            throw new Refusal(400, "\"batch\" must be an array of {\"text\": ...} or {\"words\": [...]}");
        }
        if (list.size() > maxBatch) {
            throw new Refusal(413, "a batch of " + list.size() + " utterances is over the limit of " + maxBatch);
        }
        List<Item> items = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            String where = "batch[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> one)) {
                throw new Refusal(400, where + " must be an object with \"text\" or \"words\"");
            }
            onlyKeys(one, ITEM_KEYS, where);
            items.add(item(one, where));
        }
        return items;
    }

    private static void onlyKeys(Map<?, ?> m, Set<String> allowed, String where) {
        for (Object k : m.keySet()) {
            if (!allowed.contains(k)) {
                throw new Refusal(400, where + ": unknown key " + Json.quote(clip((String) k)) + " (expected "
                        + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
    }

    private static Item item(Map<?, ?> m, String where) {
        Object text = m.get("text");
        Object words = m.get("words");
        if ((text == null) == (words == null)) {
            throw new Refusal(400, where + " needs exactly one of \"text\" (a string) or \"words\" (an array of strings)");
        }
        if (text != null) {
            if (!(text instanceof String s)) {
                throw new Refusal(400, where + ": \"text\" must be a string");
            }
            return new Item(s, null);
        }
        if (!(words instanceof List<?> list)) {
            throw new Refusal(400, where + ": \"words\" must be an array of strings");
        }
        String[] w = new String[list.size()];
        for (int i = 0; i < w.length; i++) {
            if (!(list.get(i) instanceof String s) || !isOneWord(s)) {
                throw new Refusal(400, where + ": words[" + i + "] must be a non-empty string without whitespace");
            }
            w[i] = s;
        }
        return new Item(null, w);
    }

    /** A word as the data files hold it: non-empty, no whitespace (what {@link TextLines#tokens} splits on). */
    private static boolean isOneWord(String s) {
        String[] t = TextLines.tokens(s);
        return t.length == 1 && t[0].equals(s);
    }

    private static int topK(Object v) {
        if (v instanceof BigDecimal d) {
            try {
                int k = d.intValueExact();
                if (k >= 1 && k <= 1000) {
                    return k;
                }
            } catch (ArithmeticException e) {
                // the refusal below
            }
        }
        throw new Refusal(400, "\"top_k\" must be an integer from 1 to 1000");
    }

    static String clip(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "...";
    }

    /** A 4xx answer with its one-line reason. */
    static final class Refusal extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;

        Refusal(int status, String message) {
            super(message.replace('\n', ' ').replace('\r', ' '), null, false, false);
            this.status = status;
        }
    }
}
