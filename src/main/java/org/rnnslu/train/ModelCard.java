package org.rnnslu.train;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.rnnslu.data.Utterance;
import org.rnnslu.eval.Conlleval;
import org.rnnslu.eval.Evaluation;
import org.rnnslu.eval.IntentEval;
import org.rnnslu.json.JsonWriter;
import org.rnnslu.kernels.Kernels;
import org.rnnslu.model.Dims;

/**
 * A model folder's {@code card.json}: what the run that saved it found (the best epoch's scores on
 * validation and test, per slot type and per intent), what it trained on (each split's size and
 * content hash, {@link DataHash}), and where (rnnslu's version, kernels, threads, the JDK) and how
 * fast. Every member but {@code run.jdk}, {@code run.train_seconds}, {@code run.wall_seconds} and
 * {@code run.words_per_second} is the same for the same recipe, data, kernels and threads.
 */
public final class ModelCard {

    /** The value of the card's {@code format} member. */
    public static final String FORMAT = "rnnslu-card 1";

    /**
     * How long the run took: so far for a card saved at a new best, in total at the end.
     *
     * @param epochsRun epochs run when the card was written
     * @param finished whether the run had ended (else the card is a new best's, mid-run)
     * @param trainSeconds time spent in SGD over those epochs
     * @param trainTokens words trained on over those epochs
     * @param wallSeconds this process's time since the run started, scoring included
     */
    public record Timing(int epochsRun, boolean finished, double trainSeconds, long trainTokens, double wallSeconds) {}

    private ModelCard() {}

    /** The card's JSON text (see the class comment; docs/model-folder.md lists every member). */
    static String json(Training training, Kernels kernels, int bestEpoch, Evaluation.Result valid,
                       Evaluation.Result test, Timing timing) {
        TrainingRecipe recipe = training.recipe();
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("format", FORMAT);
        card.put("rnnslu_version", version());
        card.put("task", recipe.task().id());
        card.put("seed", recipe.settings().seed);
        if (recipe.settings().dropout > 0) {
            card.put("dropout", recipe.settings().dropout);
        }
        if (recipe.settings().dropoutHidden > 0) {
            card.put("dropout_hidden", recipe.settings().dropoutHidden);
        }
        Map<String, Object> best = new LinkedHashMap<>();
        best.put("epoch", bestEpoch);
        best.put("valid", scores(valid));
        best.put("test", scores(test));
        card.put("best", best);
        card.put("epochs_run", timing.epochsRun());
        card.put("finished", timing.finished());
        if (valid.slots() != null) {
            card.put("slot_f1_by_type", splitMap(byType(valid.slots()), byType(test.slots())));
        }
        if (valid.intents() != null) {
            card.put("intent_accuracy_by_intent", splitMap(byIntent(valid.intents()), byIntent(test.intents())));
        }
        card.put("model", dims(training.dims()));
        if (recipe.embeddingsFile() != null || recipe.settings().freezeEmbeddings) {
            card.put("embeddings", embeddings(training));
        }
        card.put("data", data(training));
        card.put("run", run(recipe, kernels, timing));
        return JsonWriter.pretty(card);
    }

    private static Map<String, Object> splitMap(Object valid, Object test) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("valid", valid);
        m.put("test", test);
        return m;
    }

    /** The BEST RESULT line's numbers, in percent, unrounded. */
    private static Map<String, Object> scores(Evaluation.Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (r.slots() != null) {
            m.put("f1", r.f1());
            m.put("precision", r.slots().precision());
            m.put("recall", r.slots().recall());
        }
        if (r.intents() != null) {
            m.put("intent_accuracy", r.accuracy());
        }
        m.put("sentence_accuracy", r.sentenceAccuracy());
        return m;
    }

    /** Per slot type (conlleval's chunk types): F1 and the gold chunk count. */
    private static Map<String, Object> byType(Conlleval c) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Conlleval.TypeScore t : c.byType().values()) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("f1", t.f1());
            s.put("gold", t.goldChunks());
            m.put(t.type(), s);
        }
        return m;
    }

    /** Per gold intent: accuracy (the share of its utterances classified right) and its count. */
    private static Map<String, Object> byIntent(IntentEval e) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (IntentEval.IntentScore s : e.byIntent().values()) {
            if (s.support() == 0) {
                continue; // only predicted, never the gold intent: no accuracy
            }
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("accuracy", s.recall());
            x.put("support", s.support());
            m.put(s.intent(), x);
        }
        return m;
    }

    private static Map<String, Object> dims(Dims d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ne", d.ne());
        m.put("de", d.de());
        m.put("cs", d.cs());
        m.put("nh", d.nh());
        m.put("nc", d.nc());
        m.put("ni", d.ni());
        return m;
    }

    /** Where the embedding rows came from: the file (its path, SHA-256, size), how many were found, frozen or not. */
    private static Map<String, Object> embeddings(Training t) {
        Map<String, Object> m = new LinkedHashMap<>();
        org.rnnslu.data.WordVectors v = t.wordVectors();
        m.put("file", v == null ? null : t.recipe().embeddingsFile().toString());
        m.put("sha256", v == null ? null : v.sha256());
        m.put("bytes", v == null ? null : v.bytes());
        m.put("found", v == null ? 0 : v.foundCount());
        m.put("vocabulary", t.dims().ne());
        m.put("frozen", t.recipe().settings().freezeEmbeddings);
        return m;
    }

    private static Map<String, Object> data(Training t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("train", split(t.splits().train()));
        m.put("dev", split(t.splits().dev()));
        m.put("test", split(t.splits().test()));
        m.put("vocabulary_and_labels", DataHash.of(t.vocabulary(), t.labels(), t.intents()));
        return m;
    }

    private static Map<String, Object> split(List<Utterance> split) {
        long words = 0;
        for (Utterance u : split) {
            words += u.words().length;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("utterances", split.size());
        m.put("words", words);
        m.put("hash", DataHash.of(split));
        return m;
    }

    private static Map<String, Object> run(TrainingRecipe recipe, Kernels kernels, Timing timing) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kernels", kernels.name());
        m.put("vector_bits", vectorBits(kernels));
        m.put("threads", recipe.threads());
        Map<String, Object> jdk = new LinkedHashMap<>();
        jdk.put("version", System.getProperty("java.runtime.version", System.getProperty("java.version")));
        jdk.put("vendor", System.getProperty("java.vendor"));
        m.put("jdk", jdk);
        m.put("train_seconds", timing.trainSeconds());
        m.put("wall_seconds", timing.wallSeconds());
        m.put("words_per_second", timing.trainSeconds() > 0 ? (double) Math.round(timing.trainTokens() / timing.trainSeconds()) : null);
        return m;
    }

    private static final Pattern BITS = Pattern.compile("\\((\\d+) bit\\)");

    /** The vector kernels' width (their name says it: "vector(256 bit)"); null for the scalar ones. */
    static Integer vectorBits(Kernels kernels) {
        Matcher m = BITS.matcher(kernels.name());
        return m.find() ? Integer.valueOf(m.group(1)) : null;
    }

    /** rnnslu's version (the build writes it into the jar), or "unknown". */
    public static String version() {
        try (InputStream in = ModelCard.class.getResourceAsStream("/org/rnnslu/version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
