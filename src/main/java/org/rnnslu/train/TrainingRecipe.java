package org.rnnslu.train;

import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;
import org.rnnslu.data.Preprocessing;
import org.rnnslu.inference.Decoding;
import org.rnnslu.model.Architecture;
import org.rnnslu.model.Objective;
import org.rnnslu.model.Pooling;
import org.rnnslu.model.Task;

/**
 * Everything that decides what a training run computes: the recipe's numbers ({@link TrainSettings}),
 * the task and its objective, the intent head and pooling, the decoding of slot labels, the network's architecture (recurrence,
 * direction, output layer), the preprocessing of words, the pretrained word vectors that initialise the embeddings (if any), and the
 * worker threads (with mini-batches they fix the order of the gradient sums). Immutable; build one
 * with {@link #builder()}:
 *
 * <pre>{@code
 *   TrainingRecipe recipe = TrainingRecipe.builder().task(Task.JOINT).settings(new TrainSettings().withEpochs(20)).build();
 * }</pre>
 */
public final class TrainingRecipe {

    private final TrainSettings settings;
    private final Task task;
    private final Objective objective;
    private final boolean intentHead;
    private final Pooling pool;
    private final Architecture architecture;
    private final Preprocessing preprocessing;
    private final Decoding decoding;
    private final int threads;
    private final Path embeddingsFile;    // null: every embedding row random
    private final String embeddingsSha256; // null: the file is not checked against a hash

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private TrainingRecipe(Builder b) {
        this.settings = b.settings;
        this.task = b.task;
        this.objective = b.settings.bptt > 0 ? bpttObjective(b.task, b.objective) : objectiveOf(b.task, b.objective);
        this.intentHead = checkHead(b.task, b.intentHead);
        this.pool = checkPool(b.task, b.intentHead, b.pool);
        this.architecture = checkArchitecture(b.architecture, b.task, b.settings);
        this.preprocessing = b.preprocessing;
        if (b.decoding != Decoding.ARGMAX && !b.task.hasSlots()) {
            throw new IllegalArgumentException("--decode " + b.decoding.id() + " decodes slot labels: it needs --task slots or joint");
        }
        this.decoding = b.decoding;
        if (b.threads < 1) {
            throw new IllegalArgumentException("--threads must be >= 1, got " + b.threads);
        }
        this.threads = b.threads;
        if (b.embeddingsSha256 != null && b.embeddingsFile == null) {
            throw new IllegalArgumentException("--embeddings-sha256 checks the file of --embeddings: give that too");
        }
        if (b.embeddingsSha256 != null && !SHA256.matcher(b.embeddingsSha256).matches()) {
            throw new IllegalArgumentException("--embeddings-sha256 takes 64 lower-case hex digits, got '" + b.embeddingsSha256 + "'");
        }
        this.embeddingsFile = b.embeddingsFile;
        this.embeddingsSha256 = b.embeddingsSha256;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this recipe's values. */
    public Builder toBuilder() {
        return new Builder().settings(settings).task(task).objective(objective).intentHead(intentHead).pool(pool)
                .architecture(architecture).preprocessing(preprocessing).decoding(decoding).threads(threads)
                .embeddings(embeddingsFile).embeddingsSha256(embeddingsSha256);
    }

    public TrainSettings settings() {
        return settings;
    }

    public Task task() {
        return task;
    }

    /**
     * The loss: {@link Objective#PER_WORD} for slots and joint; all-steps or last-step for intent; with
     * {@code bptt}, last-step (is13's) or all-steps (the hybrid) of each per-word call.
     */
    public Objective objective() {
        return objective;
    }

    /** Whether an intent model has an intent head of its own (a joint model always has one). */
    public boolean intentHead() {
        return intentHead;
    }

    /** Whether the network has an intent softmax on its hidden states. */
    public boolean hasIntentHead() {
        return task == Task.JOINT || intentHead;
    }

    public Pooling pool() {
        return pool;
    }

    /** The network: {@link Architecture#TUTORIAL} unless chosen otherwise. */
    public Architecture architecture() {
        return architecture;
    }

    public Preprocessing preprocessing() {
        return preprocessing;
    }

    /**
     * How dev and test decode slot labels while training (so also which epoch is best), recorded in
     * the model folder for tag and eval: argmax (the tutorial's) unless chosen otherwise.
     */
    public Decoding decoding() {
        return decoding;
    }

    public int threads() {
        return threads;
    }

    /**
     * The word2vec/GloVe text file whose vectors initialise the embedding rows of the vocabulary
     * words it holds (see {@link org.rnnslu.data.WordVectors}), or null: all rows random.
     */
    public Path embeddingsFile() {
        return embeddingsFile;
    }

    /** The SHA-256 the embeddings file must have (hex), or null: not checked. */
    public String embeddingsSha256() {
        return embeddingsSha256;
    }

    /**
     * Every setting as {@code key=value} pairs, in a fixed order (the names are the {@code train}
     * flags'; the table is {@link RecipeKeys}).
     */
    public Map<String, String> toMap() {
        return RecipeKeys.toMap(this);
    }


    @Override
    public String toString() {
        return settings + " task=" + task.id() + " objective=" + objective + " intent_head=" + intentHead + " pool="
                + pool.id() + (architecture.isTutorial() ? "" : " architecture=" + architecture)
                + " preprocessing=" + preprocessing + (decoding == Decoding.ARGMAX ? "" : " decode=" + decoding.id())
                + (embeddingsFile == null ? "" : " embeddings=" + embeddingsFile)
                + (embeddingsSha256 == null ? "" : " embeddings_sha256=" + embeddingsSha256) + " threads=" + threads;
    }

    private static Objective objectiveOf(Task task, Objective given) {
        if (task != Task.INTENT) {
            return Objective.PER_WORD; // slots and joint learn each word's slot label
        }
        if (given == Objective.PER_WORD) {
            throw new IllegalArgumentException("--task intent learns the sentence label: its objective is all-steps or last-step");
        }
        return given == null ? Objective.ALL_STEPS : given;
    }

    /** is13's regime trains slots, with the loss on each call's last row (default) or on every row. */
    private static Objective bpttObjective(Task task, Objective given) {
        if (task != Task.SLOTS) {
            throw new IllegalArgumentException("--bptt trains slot filling (is13's regime), got --task " + task.id());
        }
        if (given == Objective.PER_WORD) {
            throw new IllegalArgumentException("--bptt's objective is last-step or all-steps");
        }
        return given == null ? Objective.LAST_STEP : given;
    }

    /** Only an intent model may add an intent head (joint has one, slots none). */
    private static boolean checkHead(Task task, boolean head) {
        if (head && task != Task.INTENT) {
            throw new IllegalArgumentException("--intent-head is for --task intent (joint always has an intent head), got --task "
                    + task.id());
        }
        return head;
    }

    /**
     * What this build can run (a Jordan or hybrid network is left to right only and reads a softmax). A CRF
     * output scores each sentence's label sequence: it labels words (slots, joint) with the
     * sentence's loss, so not an intent model's per-word softmax nor is13's per-word calls.
     */
    private static Architecture checkArchitecture(Architecture a, Task task, TrainSettings settings) {
        if (a.output() == Architecture.Output.CRF && task == Task.INTENT) {
            throw new IllegalArgumentException("--output crf labels words: it needs --task slots or joint, got --task intent");
        }
        if (settings.dropoutHidden > 0 && a.recurrence().feedsBackOutput()) {
            throw new IllegalArgumentException("--dropout-hidden drops the output layer's input: not with --recurrence "
                    + a.recurrence().id() + ", whose output feeds back into the recurrence");
        }
        if (a.output() == Architecture.Output.CRF && settings.bptt > 0) {
            throw new IllegalArgumentException("--output crf trains on whole sentences, not with --bptt " + settings.bptt);
        }
        try {
            org.rnnslu.model.Network.requireSupported(a);
        } catch (UnsupportedOperationException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        return a;
    }

    private static Pooling checkPool(Task task, boolean head, Pooling pool) {
        if (pool == Pooling.MAX && task != Task.JOINT && !head) {
            throw new IllegalArgumentException("--intent-pool max needs an intent head (--task joint, or --intent-head true)");
        }
        if (pool != Pooling.LAST && !task.hasIntent()) {
            throw new IllegalArgumentException("--intent-pool " + pool.id() + " needs --task intent or joint");
        }
        return pool;
    }

    /** Starts from the tutorial's recipe: slot filling, its settings, default preprocessing, all processors. */
    public static final class Builder {
        private TrainSettings settings = new TrainSettings();
        private Task task = Task.SLOTS;
        private Objective objective;
        private boolean intentHead;
        private Pooling pool = Pooling.LAST;
        private Architecture architecture = Architecture.TUTORIAL;
        private Preprocessing preprocessing = Preprocessing.DEFAULT;
        private Decoding decoding = Decoding.ARGMAX;
        private int threads = Runtime.getRuntime().availableProcessors();
        private Path embeddingsFile;
        private String embeddingsSha256;

        private Builder() {}

        /** The settings so far (for {@link RecipeKeys}, which changes one of them at a time). */
        TrainSettings currentSettings() {
            return settings;
        }

        Preprocessing currentPreprocessing() {
            return preprocessing;
        }

        Architecture currentArchitecture() {
            return architecture;
        }

        public Builder settings(TrainSettings v) {
            settings = java.util.Objects.requireNonNull(v, "settings");
            return this;
        }

        public Builder task(Task v) {
            task = java.util.Objects.requireNonNull(v, "task");
            return this;
        }

        /**
         * The intent task's loss (all-steps by default), or with {@code bptt} the per-word calls'
         * (last-step by default); the other tasks' is per-word.
         */
        public Builder objective(Objective v) {
            objective = v;
            return this;
        }

        public Builder intentHead(boolean v) {
            intentHead = v;
            return this;
        }

        public Builder pool(Pooling v) {
            pool = java.util.Objects.requireNonNull(v, "pool");
            return this;
        }

        /** The recurrence, direction and output layer (the tutorial's by default). */
        public Builder architecture(Architecture v) {
            architecture = java.util.Objects.requireNonNull(v, "architecture");
            return this;
        }

        public Builder preprocessing(Preprocessing v) {
            preprocessing = java.util.Objects.requireNonNull(v, "preprocessing");
            return this;
        }

        /** How dev and test decode slot labels (argmax by default); saved as the model's decode. */
        public Builder decoding(Decoding v) {
            decoding = java.util.Objects.requireNonNull(v, "decoding");
            return this;
        }

        public Builder threads(int v) {
            threads = v;
            return this;
        }

        /** A word2vec/GloVe text file to initialise the embedding rows from (null: none, the default). */
        public Builder embeddings(Path v) {
            embeddingsFile = v;
            return this;
        }

        /** The SHA-256 (hex) the embeddings file must have; null (the default): any. */
        public Builder embeddingsSha256(String v) {
            embeddingsSha256 = v;
            return this;
        }

        /** @throws IllegalArgumentException naming the setting when the combination is not valid */
        public TrainingRecipe build() {
            return new TrainingRecipe(this);
        }
    }
}
