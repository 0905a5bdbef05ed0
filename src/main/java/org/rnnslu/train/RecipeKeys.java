package org.rnnslu.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.rnnslu.data.Preprocessing;
import org.rnnslu.inference.Decoding;
import org.rnnslu.model.Architecture;
import org.rnnslu.model.Objective;
import org.rnnslu.model.Pooling;
import org.rnnslu.model.Task;

/**
 * The one table of a recipe's {@code key=value} settings: {@link TrainingRecipe#toMap}, a model
 * folder's {@code recipe.properties} and {@code train --config} all read it, so a setting added to
 * the recipe is written and read back in one place. The keys are the {@code train} flags' names;
 * {@code RecipeKeysTest} fails when a field of {@link TrainingRecipe}, {@link TrainSettings} or
 * {@link Preprocessing} has no key.
 */
public final class RecipeKeys {

    /**
     * One setting.
     *
     * @param name the key (and the {@code train} flag without its dashes)
     * @param fields the recipe fields it carries ({@code task}, {@code settings.lr}, {@code preprocessing.digits})
     * @param value the recipe's value as text, or null when the key does not apply (then it is not written)
     * @param apply sets the value on a builder; throws IllegalArgumentException saying what it expects
     */
    public record Key(String name, List<String> fields, Function<TrainingRecipe, String> value,
                      BiFunction<TrainingRecipe.Builder, String, TrainingRecipe.Builder> apply) {}

    /** In the order they are written (the order {@code toMap} always had). */
    public static final List<Key> KEYS = List.of(
            key("task", "task", r -> r.task().id(), (b, v) -> b.task(task(v))),
            key("intent-objective", "objective", r -> r.objective() == Objective.LAST_STEP ? "last-step" : "all-steps",
                    (b, v) -> b.objective(stepObjective(v))),
            key("intent-head", "intentHead", r -> String.valueOf(r.intentHead()), (b, v) -> b.intentHead(bool(v))),
            key("intent-pool", "pool", r -> r.pool().id(), (b, v) -> b.pool(pool(v))),
            // the architecture: only the components that differ from the tutorial's (its map stays as it was)
            key("recurrence", "architecture.recurrence", r -> r.architecture().recurrence() == Architecture.TUTORIAL.recurrence()
                    ? null : r.architecture().recurrence().id(),
                    (b, v) -> b.architecture(b.currentArchitecture().withRecurrence(parsed(Architecture.Recurrence.parse(v), "elman, jordan or hybrid")))),
            key("direction", "architecture.direction", r -> r.architecture().direction() == Architecture.TUTORIAL.direction()
                    ? null : r.architecture().direction().id(),
                    (b, v) -> b.architecture(b.currentArchitecture().withDirection(parsed(Architecture.Direction.parse(v), "forward or bi")))),
            key("output", "architecture.output", r -> r.architecture().output() == Architecture.TUTORIAL.output()
                    ? null : r.architecture().output().id(),
                    (b, v) -> b.architecture(b.currentArchitecture().withOutput(parsed(Architecture.Output.parse(v), "softmax or crf")))),
            key("digits", "preprocessing.digits", r -> String.valueOf(r.preprocessing().digits()),
                    (b, v) -> b.preprocessing(withDigits(b.currentPreprocessing(), bool(v)))),
            key("min-count", "preprocessing.minCount", r -> String.valueOf(r.preprocessing().minCount()),
                    (b, v) -> b.preprocessing(withMinCount(b.currentPreprocessing(), integer(v)))),
            key("lowercase", "preprocessing.lowercase", r -> String.valueOf(r.preprocessing().lowercase()),
                    (b, v) -> b.preprocessing(withLowercase(b.currentPreprocessing(), bool(v)))),
            key("lr", "settings.lr", r -> String.valueOf(r.settings().lr),
                    (b, v) -> b.settings(b.currentSettings().withLr(number(v)))),
            key("win", "settings.window", r -> String.valueOf(r.settings().window),
                    (b, v) -> b.settings(b.currentSettings().withWindow(integer(v)))),
            key("nh", "settings.hidden", r -> String.valueOf(r.settings().hidden),
                    (b, v) -> b.settings(b.currentSettings().withHidden(integer(v)))),
            key("de", "settings.embedding", r -> String.valueOf(r.settings().embedding),
                    (b, v) -> b.settings(b.currentSettings().withEmbedding(integer(v)))),
            key("seed", "settings.seed", r -> String.valueOf(r.settings().seed),
                    (b, v) -> b.settings(b.currentSettings().withSeed(longInteger(v)))),
            key("epochs", "settings.epochs", r -> String.valueOf(r.settings().epochs),
                    (b, v) -> b.settings(b.currentSettings().withEpochs(integer(v)))),
            key("patience", "settings.patience", r -> String.valueOf(r.settings().patience),
                    (b, v) -> b.settings(b.currentSettings().withPatience(integer(v)))),
            key("decay", "settings.decay", r -> String.valueOf(r.settings().decay),
                    (b, v) -> b.settings(b.currentSettings().withDecay(bool(v)))),
            key("min-lr", "settings.minLr", r -> String.valueOf(r.settings().minLr),
                    (b, v) -> b.settings(b.currentSettings().withMinLr(number(v)))),
            key("batch", "settings.batch", r -> String.valueOf(r.settings().batch),
                    (b, v) -> b.settings(b.currentSettings().withBatch(integer(v)))),
            // absent when off: the tutorial recipe's map stays as it was, and --objective is only for --bptt
            key("bptt", "settings.bptt", r -> r.settings().bptt > 0 ? String.valueOf(r.settings().bptt) : null,
                    (b, v) -> b.settings(b.currentSettings().withBptt(integer(v)))),
            key("objective", "objective", r -> r.settings().bptt == 0 ? null
                    : r.objective() == Objective.LAST_STEP ? "last-step" : "all-steps",
                    (b, v) -> b.objective(stepObjective(v))),
            // absent for argmax: the tutorial recipe's map stays as it was
            key("decode", "decoding", r -> r.decoding() == Decoding.ARGMAX ? null : r.decoding().id(),
                    (b, v) -> b.decoding(parsed(Decoding.parse(v), "argmax or viterbi"))),
            // absent when not used: the other recipes' maps stay as they were
            key("embeddings", "embeddingsFile", r -> r.embeddingsFile() == null ? null : r.embeddingsFile().toString(),
                    (b, v) -> b.embeddings(path(v))),
            key("embeddings-sha256", "embeddingsSha256", TrainingRecipe::embeddingsSha256, (b, v) -> b.embeddingsSha256(sha256(v))),
            key("freeze-embeddings", "settings.freezeEmbeddings", r -> r.settings().freezeEmbeddings ? "true" : null,
                    (b, v) -> b.settings(b.currentSettings().withFreezeEmbeddings(bool(v)))),
            // absent when off: the other recipes' maps stay as they were
            key("dropout", "settings.dropout", r -> r.settings().dropout > 0 ? String.valueOf(r.settings().dropout) : null,
                    (b, v) -> b.settings(b.currentSettings().withDropout(number(v)))),
            key("dropout-hidden", "settings.dropoutHidden", r -> r.settings().dropoutHidden > 0
                    ? String.valueOf(r.settings().dropoutHidden) : null,
                    (b, v) -> b.settings(b.currentSettings().withDropoutHidden(number(v)))),
            key("threads", "threads", r -> String.valueOf(r.threads()), (b, v) -> b.threads(positive(integer(v)))));

    private RecipeKeys() {}

    private static Key key(String name, String field, Function<TrainingRecipe, String> value,
                           BiFunction<TrainingRecipe.Builder, String, TrainingRecipe.Builder> apply) {
        return new Key(name, List.of(field), value, apply);
    }

    /** The key called {@code name}, or null. */
    public static Key byName(String name) {
        for (Key k : KEYS) {
            if (k.name().equals(name)) {
                return k;
            }
        }
        return null;
    }

    /** The recipe's settings, every key that applies, in table order. */
    static Map<String, String> toMap(TrainingRecipe recipe) {
        Map<String, String> m = new LinkedHashMap<>();
        for (Key k : KEYS) {
            String v = k.value().apply(recipe);
            if (v != null) {
                m.put(k.name(), v);
            }
        }
        return m;
    }

    /** The key names, joined for messages. */
    public static String names() {
        StringBuilder sb = new StringBuilder();
        for (Key k : KEYS) {
            sb.append(sb.length() == 0 ? "" : ", ").append(k.name());
        }
        return sb.toString();
    }

    private static <T> T parsed(T value, String expected) {
        if (value == null) {
            throw new IllegalArgumentException("expected " + expected);
        }
        return value;
    }

    private static Task task(String v) {
        Task t = Task.parse(v);
        if (t == null) {
            throw new IllegalArgumentException("expected slots, intent or joint");
        }
        return t;
    }

    private static Pooling pool(String v) {
        Pooling p = Pooling.parse(v);
        if (p == null) {
            throw new IllegalArgumentException("expected last, mean or max");
        }
        return p;
    }

    private static Objective stepObjective(String v) {
        switch (v) {
            case "all-steps": return Objective.ALL_STEPS;
            case "last-step": return Objective.LAST_STEP;
            default: throw new IllegalArgumentException("expected all-steps or last-step");
        }
    }

    private static boolean bool(String v) {
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException("expected true or false");
        }
        return v.equals("true");
    }

    private static String sha256(String v) {
        if (!v.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("expected 64 lower-case hex digits (sha256sum's)");
        }
        return v;
    }

    private static java.nio.file.Path path(String v) {
        if (v.isEmpty()) {
            throw new IllegalArgumentException("expected a file name");
        }
        try {
            return java.nio.file.Path.of(v);
        } catch (java.nio.file.InvalidPathException e) {
            throw new IllegalArgumentException("not a file name: " + e.getReason());
        }
    }

    private static long longInteger(String v) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected an integer");
        }
    }

    private static int integer(String v) {
        long x = longInteger(v);
        if (x != (int) x) {
            throw new IllegalArgumentException("out of range");
        }
        return (int) x;
    }

    private static int positive(int v) {
        if (v < 1) {
            throw new IllegalArgumentException("must be >= 1");
        }
        return v;
    }

    private static double number(String v) {
        try {
            double d = Double.parseDouble(v);
            if (Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException("expected a number");
    }

    private static Preprocessing withDigits(Preprocessing p, boolean v) {
        return new Preprocessing(v, p.minCount(), p.lowercase());
    }

    private static Preprocessing withMinCount(Preprocessing p, int v) {
        return new Preprocessing(p.digits(), v, p.lowercase());
    }

    private static Preprocessing withLowercase(Preprocessing p, boolean v) {
        return new Preprocessing(p.digits(), p.minCount(), v);
    }
}
