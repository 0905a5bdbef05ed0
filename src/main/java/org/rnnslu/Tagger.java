package org.rnnslu;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rnnslu.data.LabelSet;
import org.rnnslu.data.Vocabulary;
import org.rnnslu.inference.Decoding;
import org.rnnslu.inference.Predictor;
import org.rnnslu.inference.Transitions;
import org.rnnslu.store.ModelFolder;
import org.rnnslu.kernels.KernelProvider;
import org.rnnslu.kernels.Kernels;
import org.rnnslu.model.Activations;
import org.rnnslu.model.Forward;
import org.rnnslu.model.InputTable;
import org.rnnslu.model.Model;
import org.rnnslu.model.Network;
import org.rnnslu.model.Params;
import org.rnnslu.model.Task;
import org.rnnslu.text.Token;
import org.rnnslu.text.Tokenizer;

/**
 * A trained model ready to tag raw text: the library's entry point.
 *
 * <pre>{@code
 *   Tagger tagger = Tagger.load(Path.of("model"));
 *   String[] labels = tagger.tag("show flights from boston to new york today".split(" "));
 * }</pre>
 *
 * <p>Immutable and thread-safe: it holds a private copy of the parameters that nothing writes, and
 * each call borrows a workspace (a {@link Network}) from the Tagger's own small pool, so one
 * Tagger can be shared by every request thread of a service. Results do not depend on which or how
 * many threads tag.
 *
 * <p>To share one: load or construct it once, then publish it safely (a final field, a static
 * initialiser, or before the threads start) and call it from any thread without locking. The
 * constructor copies the {@link Params} it is given and {@link #params()} returns a copy, so no caller
 * can change the weights under a running tagger. The Tagger keeps one workspace (about the size of
 * the parameters plus the longest sentence's activations) per thread that tagged at the same moment,
 * up to 64; they go when the Tagger goes (nothing stays in the callers' threads).
 */
public final class Tagger {

    private final Params params;
    private final Vocabulary vocabulary;
    private final LabelSet labels;
    private final LabelSet intents;
    private final Task task;
    private final Kernels kernels;
    private final Workspaces<Network> workspaces;
    private final Workspaces<Predictor> packs;
    private final Tokenizer tokenizer;
    private final Decoding decoding;
    private final Transitions transitions; // null: each word's argmax

    public Tagger(Params params, Vocabulary vocabulary, LabelSet labels, Task task, Kernels kernels) {
        this(params, vocabulary, labels, null, task, kernels);
    }

    /**
     * @param labels the per-word classes (slot labels; the intents for an intent model)
     * @param intents the intent head's labels (joint model, or an intent model with a head), else null
     */
    public Tagger(Params params, Vocabulary vocabulary, LabelSet labels, LabelSet intents, Task task, Kernels kernels) {
        this(params, vocabulary, labels, intents, task, kernels, Tokenizer.DEFAULT);
    }

    /** @param tokenizer how {@link #analyze(String)} turns text into words */
    public Tagger(Params params, Vocabulary vocabulary, LabelSet labels, LabelSet intents, Task task, Kernels kernels,
                  Tokenizer tokenizer) {
        this(params, vocabulary, labels, intents, task, kernels, tokenizer, Decoding.ARGMAX);
    }

    /**
     * @param decoding how slot labels are chosen: each word's argmax, or the most probable valid IOB
     *     sequence ({@link Decoding#VITERBI}); ignored by an intent model
     */
    public Tagger(Params params, Vocabulary vocabulary, LabelSet labels, LabelSet intents, Task task, Kernels kernels,
                  Tokenizer tokenizer, Decoding decoding) {
        if (params.dims.hasIntentHead() && (intents == null || intents.size() != params.dims.ni())) {
            throw new IllegalArgumentException("a model with an intent head needs its " + params.dims.ni() + " intent labels");
        }
        this.params = params.copy();
        this.vocabulary = vocabulary;
        this.labels = labels;
        this.intents = intents;
        this.task = task;
        this.kernels = kernels;
        this.tokenizer = tokenizer;
        this.decoding = task == Task.INTENT ? Decoding.ARGMAX : java.util.Objects.requireNonNull(decoding, "decoding");
        this.transitions = this.decoding.transitions(labels.labels());
        InputTable table = InputTable.build(kernels, this.params); // one for all threads: the params never change
        Params shared = this.params;
        this.workspaces = new Workspaces<>(() -> {
            Network net = new Network(shared, kernels);
            net.useInputTable(table);
            return net;
        });
        Transitions tr = this.transitions;
        this.packs = new Workspaces<>(() -> new Predictor(shared, kernels, table, tr));
    }

    /**
     * Wraps a trained model (see {@link org.rnnslu.train.Training}); its parameters are copied. It
     * decodes as its recipe's {@code decode} says (argmax when absent).
     */
    public Tagger(Model model, Kernels kernels) {
        this(model.params(), model.vocabulary(), model.labels(), model.intents(), model.task(), kernels,
                Tokenizer.DEFAULT, decodingOf(model));
    }

    private static Decoding decodingOf(Model model) {
        Decoding d = Decoding.parse(model.recipe().getOrDefault("decode", Decoding.ARGMAX.id()));
        return d == null ? Decoding.ARGMAX : d;
    }

    /** This model decoding slot labels with {@code d} instead (a new Tagger; this one is unchanged). */
    public Tagger withDecoding(Decoding d) {
        return d == decoding ? this : new Tagger(params, vocabulary, labels, intents, task, kernels, tokenizer, d);
    }

    /** How slot labels are chosen (the model folder's decode, argmax by default). */
    public Decoding decoding() {
        return decoding;
    }

    /** Loads a model folder with the process's kernels ({@link KernelProvider#get()}). */
    public static Tagger load(Path dir) throws IOException {
        return load(dir, KernelProvider.get());
    }

    /** Loads a model folder, or a model zip ({@code train --out model.zip}), with these kernels. */
    public static Tagger load(Path dir, Kernels kernels) throws IOException {
        return ModelFolder.read(dir, files -> {
            ModelFolder.Contents c = ModelFolder.load(files);
            return new Tagger(c.params(), c.vocabulary(), c.labels(), c.intents(), c.task(), kernels, Tokenizer.load(files),
                    c.decodedWith());
        });
    }

    /** The word indices the model sees for raw words (preprocessing, then unknown words to UNK). */
    public int[] encode(String[] rawWords) {
        return vocabulary.encode(rawWords);
    }

    /**
     * Predicted label indices, one per word (for an intent model: each step's prediction), decoded
     * as {@link #decoding()} says.
     *
     * @throws IllegalArgumentException if an index is outside the vocabulary, [0, ne)
     */
    public int[] predictIndices(int[] wordIndices) {
        checkIndices(wordIndices);
        int[] out = new int[wordIndices.length];
        if (wordIndices.length > 0 && (transitions != null || Params.isCrf(params.dims))) { // Viterbi: the Predictor's
            Predictor predictor = packs.borrow();
            try {
                return predictor.perWord(new int[][] {wordIndices})[0];
            } finally {
                packs.release(predictor);
            }
        }
        if (wordIndices.length > 0) {
            Network net = workspaces.borrow();
            try {
                net.predict(wordIndices, wordIndices.length, out);
            } finally {
                workspaces.release(net);
            }
        }
        return out;
    }

    private void checkIndices(int[] wordIndices) {
        int ne = params.dims.ne();
        for (int i = 0; i < wordIndices.length; i++) {
            if (wordIndices[i] < 0 || wordIndices[i] >= ne) {
                throw new IllegalArgumentException("word index " + wordIndices[i] + " at position " + i
                        + " is outside the vocabulary [0, " + ne + ")");
            }
        }
    }

    /**
     * Labels for many sentences at once, tagged {@link Predictor#PACK} at a time as
     * one pack (matrix products over all their words): the same labels as {@link #tag} one by one,
     * several times the throughput. Empty sentences get empty label arrays.
     */
    public java.util.List<String[]> tagAll(java.util.List<String[]> sentences) {
        java.util.List<String[]> out = new java.util.ArrayList<>(sentences.size());
        java.util.List<int[]> nonEmpty = new java.util.ArrayList<>();
        for (String[] s : sentences) {
            if (s.length > 0) {
                nonEmpty.add(encode(s));
            }
        }
        Predictor predictor = packs.borrow();
        int[][] predicted;
        try {
            predicted = predictor.perWord(nonEmpty.toArray(new int[0][]));
        } finally {
            packs.release(predictor);
        }
        int next = 0;
        for (String[] s : sentences) {
            out.add(s.length == 0 ? new String[0] : labels.decode(predicted[next], predicted[next++].length));
        }
        return out;
    }

    /** One label per word: the slot labels (for a slot model). */
    public String[] tag(String[] rawWords) {
        return labels.decode(predictIndices(encode(rawWords)), rawWords.length);
    }

    /**
     * The utterance's intent: the model's intent head if it has one (joint), else an intent model's
     * per-word softmax at the last word or averaged over the words (its intent_pool).
     */
    public String classify(String[] rawWords) {
        if (rawWords.length == 0) {
            throw new IllegalArgumentException("cannot classify an empty utterance");
        }
        int[] idx = encode(rawWords);
        if (params.dims.hasIntentHead()) {
            Network net = workspaces.borrow();
            try {
                return intents.label(Forward.intentArgmax(net.forward(idx, idx.length)));
            } finally {
                workspaces.release(net);
            }
        }
        if (task != Task.INTENT) {
            throw new IllegalStateException("a slot model has no intent");
        }
        Predictor predictor = packs.borrow();
        try {
            return labels.label(predictor.intents(new int[][] {idx})[0]);
        } finally {
            packs.release(predictor);
        }
    }

    /**
     * The softmax p_t of each word, [n][nc] (a copy); none for no words, as {@link #tag}. For a CRF
     * model, its marginals P(y_t = c | x) by forward–backward (the distribution its labels come from).
     */
    public float[][] probabilities(String[] rawWords) {
        int[] idx = encode(rawWords);
        int nc = params.dims.nc();
        float[][] p = new float[idx.length][nc];
        if (idx.length == 0) {
            return p;
        }
        if (Params.isCrf(params.dims)) {
            Predictor predictor = packs.borrow();
            try {
                predictor.forEach(new int[][] {idx}, (act, pos, i) -> {
                    float[] m = predictor.crf().marginals(act, pos);
                    for (int t = 0; t < idx.length; t++) {
                        System.arraycopy(m, t * nc, p[t], 0, nc);
                    }
                });
            } finally {
                packs.release(predictor);
            }
            return p;
        }
        Network net = workspaces.borrow();
        try {
            Activations act = net.forward(idx, idx.length);
            for (int t = 0; t < idx.length; t++) {
                System.arraycopy(act.p, t * nc, p[t], 0, nc);
            }
        } finally {
            workspaces.release(net);
        }
        return p;
    }

    /** Text through the model's tokenizer, then {@link #analyzeAll(List, int)} with the default top-k. */
    public Analysis analyze(String text) {
        return analyzeAll(List.of(text), Analysis.DEFAULT_TOP_K).get(0);
    }

    /** Words as given (no tokenizer; the text is the words joined by spaces), default top-k. */
    public Analysis analyze(String[] words) {
        return analyzeAllWords(java.util.Collections.singletonList(words), Analysis.DEFAULT_TOP_K).get(0);
    }

    /**
     * Many texts, each through the model's {@link #tokenizer()}, tagged as packs as {@link #tagAll}
     * does (the same labels), with each word's top {@code topK} labels.
     */
    public List<Analysis> analyzeAll(List<String> texts, int topK) {
        List<List<Token>> tokens = new ArrayList<>(texts.size());
        for (String text : texts) {
            tokens.add(tokenizer.tokenize(text));
        }
        return analyze(texts, tokens, topK);
    }

    /** Many sentences of words as given (see {@link #analyze(String[])}). Empty words are refused. */
    public List<Analysis> analyzeAllWords(List<String[]> sentences, int topK) {
        List<String> texts = new ArrayList<>(sentences.size());
        List<List<Token>> tokens = new ArrayList<>(sentences.size());
        for (String[] words : sentences) {
            List<Token> t = new ArrayList<>(words.length);
            int at = 0;
            for (int i = 0; i < words.length; i++) {
                if (words[i] == null || words[i].isEmpty()) {
                    throw new IllegalArgumentException("word " + (i + 1) + " is empty");
                }
                t.add(new Token(words[i], at, at + words[i].length()));
                at += words[i].length() + 1;
            }
            texts.add(String.join(" ", words));
            tokens.add(t);
        }
        return analyze(texts, tokens, topK);
    }

    private List<Analysis> analyze(List<String> texts, List<List<Token>> tokens, int topK) {
        if (topK < 1) {
            throw new IllegalArgumentException("top-k must be at least 1, got " + topK);
        }
        Analysis[] out = new Analysis[texts.size()];
        List<int[]> encoded = new ArrayList<>();
        int[] which = new int[texts.size()];
        for (int i = 0; i < out.length; i++) {
            List<Token> t = tokens.get(i);
            if (t.isEmpty()) {
                out[i] = new Analysis(texts.get(i), List.of(), List.of(), List.of());
                continue;
            }
            String[] words = new String[t.size()];
            for (int j = 0; j < words.length; j++) {
                words[j] = t.get(j).text();
            }
            which[encoded.size()] = i;
            encoded.add(encode(words));
        }
        Predictor predictor = packs.borrow();
        AnalysisReader reader = new AnalysisReader(task, params.dims, labels, intents, topK, predictor.crf());
        try {
            predictor.forEach(encoded.toArray(new int[0][]), (act, pos, s) -> {
                int i = which[s];
                out[i] = reader.read(act, pos, texts.get(i), tokens.get(i), chosen(predictor, act, pos));
            });
        } finally {
            packs.release(predictor);
        }
        return List.of(out);
    }

    /** The decoded labels of the sentence at pos (null for argmax: then each word's top label). */
    private int[] chosen(Predictor predictor, Activations act, int pos) {
        if (transitions == null || task == Task.INTENT) {
            return null;
        }
        int[] out = new int[act.lengthAt(pos)];
        predictor.decoder().decode(act, pos, out);
        return out;
    }

    /** One of the k best labellings of a sentence: its labels and Σ_t log p_t[label_t]. */
    public record Labelling(List<String> labels, double logProbability) {
        public Labelling {
            labels = List.copyOf(labels);
        }
    }

    /**
     * The k most probable labellings of the words (as given), best first, by Σ_t log p_t; under
     * Viterbi decoding only valid IOB sequences; for a CRF model by log p(y | x) under its learned
     * transitions. Fewer than k when there are fewer sequences; none for no words. The first is
     * {@link #tag}'s labels.
     */
    public List<Labelling> nBest(String[] rawWords, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("n-best needs k >= 1, got " + k);
        }
        if (task == Task.INTENT) {
            throw new IllegalStateException("an intent model has no label sequences");
        }
        int n = rawWords.length;
        if (n == 0) {
            return List.of();
        }
        int[] idx = encode(rawWords);
        int[] paths = new int[k * n];
        double[] scores = new double[k];
        int[] found = new int[1];
        Predictor predictor = packs.borrow();
        try {
            predictor.forEach(new int[][] {idx}, (act, pos, s) -> found[0] = predictor.crf() != null
                    ? predictor.crf().nBest(act, pos, k, paths, scores) : predictor.decoder().nBest(act, pos, k, paths, scores));
        } finally {
            packs.release(predictor);
        }
        List<Labelling> out = new ArrayList<>(found[0]);
        for (int r = 0; r < found[0]; r++) {
            out.add(new Labelling(List.of(labels.decode(java.util.Arrays.copyOfRange(paths, r * n, r * n + n), n)), scores[r]));
        }
        return out;
    }

    /** The tokenizer {@link #analyze(String)} uses (the model folder's, or the default). */
    public Tokenizer tokenizer() {
        return tokenizer;
    }

    /** A slot: its type and the words it covers, e.g. fromloc.city_name = "new york". */
    public record Slot(String type, int start, int end, String text) {
        @Override
        public String toString() {
            return type + "=" + text;
        }
    }

    /** The IOB chunks of a labelled sentence (B- starts; I- continues a chunk of the same type or starts one). */
    public static List<Slot> slots(String[] words, String[] iob) {
        List<Slot> out = new ArrayList<>();
        int start = -1;
        String type = null;
        for (int i = 0; i <= words.length; i++) {
            String label = i < words.length ? iob[i] : "O";
            boolean inside = label.startsWith("I-") && type != null && label.substring(2).equals(type);
            if (!inside && type != null) {
                out.add(new Slot(type, start, i, String.join(" ", java.util.Arrays.copyOfRange(words, start, i))));
                type = null;
            }
            if (!inside && (label.startsWith("B-") || label.startsWith("I-"))) {
                type = label.substring(2);
                start = i;
            }
        }
        return out;
    }

    public Task task() {
        return task;
    }

    /** The model this tagger runs, with a copy of its parameters. */
    public Model model() {
        return new Model(params.copy(), vocabulary, labels, intents, task);
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    public LabelSet labels() {
        return labels;
    }

    /** The joint model's intent labels (null for the other tasks). */
    public LabelSet intents() {
        return intents;
    }

    public Kernels kernels() {
        return kernels;
    }

    /** A copy of the parameters. */
    public Params params() {
        return params.copy();
    }

    /** The k vocabulary words whose embeddings are closest by cosine similarity to the given word's. */
    public List<Neighbor> neighbors(String rawWord, int k) {
        int target = vocabulary.indexOf(rawWord);
        int de = params.dims.de();
        float[] e = params.embeddings;
        double targetNorm = Math.sqrt(kernels.dot(e, target * de, e, target * de, de));
        List<Neighbor> all = new ArrayList<>();
        for (int i = 0; i < vocabulary.size(); i++) {
            if (i == target) {
                continue;
            }
            double norm = Math.sqrt(kernels.dot(e, i * de, e, i * de, de));
            double cos = kernels.dot(e, target * de, e, i * de, de) / Math.max(1e-12, norm * targetNorm);
            all.add(new Neighbor(vocabulary.word(i), cos));
        }
        all.sort((a, b) -> Double.compare(b.similarity(), a.similarity()));
        return all.subList(0, Math.min(k, all.size()));
    }

    public record Neighbor(String word, double similarity) {}
}
