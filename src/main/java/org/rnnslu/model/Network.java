package org.rnnslu.model;

import org.rnnslu.data.ContextWindows;
import org.rnnslu.kernels.Kernels;

/**
 * One Elman network being trained or run: the parameters plus every workspace a step needs, so a
 * step allocates nothing once the longest sentence (or pack) has been seen. Not thread-safe: give
 * each thread its own Network (they may share one read-only {@link Params} for inference).
 *
 * <p>One training step is the tutorial's {@code sentence_train} followed by {@code normalize}:
 * <pre>
 *   forward  (Forward)   words -> idxs -> x -> h -> p   (with dropout: x̃ = m ⊙ x / (1 − P), see Dropout)
 *   loss     (Backward)  L = Σ_t weight_t · −log p_t[y_t]   (a CRF output: w · −log p(y | x), see Crf)
 *   backward (Backward)  dθ for the seven parameters
 *   update   (Sgd)       θ -= lr·dθ, then unit-norm embedding rows
 * </pre>
 * A mini-batch step does the same for a pack of B sentences laid end to end (one matrix product
 * per layer over all their words) with θ −= (lr/B)·Σ_b dθ_b.
 */
public final class Network {

    public final Params params;
    private final Kernels kernels;
    private final Activations act;
    private final Gradients grads;
    /** Aliases params: backward into it with scale −lr is the SGD step. */
    private final Gradients update;
    private final Backward.Scratch scratch;
    private int[] targets;   // [W]
    private float[] weights; // [W]
    private int[] intents;   // [B], by sorted position
    private int[] sentenceTargets;   // one sentence's, before they go to its rows
    private float[] sentenceWeights;
    private int[] sentenceWindows;   // is13's cwords = contextwin(sentence, cs)   [n, cs]
    private int[] callWindows;       // one of its minibatch calls: the windows of its m words   [m, cs]
    /** False until the first update has unit-normed every embedding row. */
    private boolean embeddingsNormalized;
    /** True: training leaves the embedding table as it is (no gradient into it, no normalisation). */
    private boolean embeddingsFrozen;
    /** Inference only: the input projection precomputed from the parameters (null: x · wx). */
    private InputTable inputTable;
    /** Training only: the dropout of the training steps and its masks (null: none). */
    private DropoutMasks dropout;
    /** The epoch the training steps' masks are keyed by. */
    private int dropoutEpoch;

    public Network(Params params, Kernels kernels) {
        requireSupported(params.dims.arch());
        this.params = params;
        this.kernels = kernels;
        Dims d = params.dims;
        this.act = new Activations(d, 64);
        this.grads = new Gradients(d);
        this.update = Gradients.sgdInto(params);
        this.scratch = new Backward.Scratch(d, 64);
        this.targets = new int[64];
        this.weights = new float[64];
        this.intents = new int[1];
        this.sentenceTargets = new int[64];
        this.sentenceWeights = new float[64];
        this.sentenceWindows = new int[64 * d.cs()];
        this.callWindows = new int[64 * d.cs()];
    }

    /**
     * Refuses what this build cannot run: a Jordan or hybrid network is left to right only and reads
     * the softmax's distribution (no CRF).
     */
    public static void requireSupported(Architecture a) {
        String r = a.recurrence().id();
        if (a.output() == Architecture.Output.CRF && a.recurrence().feedsBackOutput()) {
            throw new IllegalArgumentException("output=crf runs on the Elman recurrence, not recurrence=" + r
                    + " (which feeds back each word's softmax)");
        }
        if (a.recurrence().feedsBackOutput() && a.direction() != Architecture.Direction.FORWARD) {
            throw new IllegalArgumentException("recurrence=" + r + " runs left to right only, not with direction="
                    + a.direction().id());
        }
    }

    public Kernels kernels() {
        return kernels;
    }

    /**
     * Makes {@link #forward} (and {@link #predict}) use a precomputed input projection of these
     * parameters, for inference: the caller promises not to change them while it is in use (the
     * training steps never use it). Null switches back to x · wx.
     */
    public void useInputTable(InputTable table) {
        if (table != null && !table.fits(params.dims)) {
            throw new IllegalArgumentException("an input table of other sizes than " + params.dims);
        }
        this.inputTable = table;
    }

    /**
     * From now on the training steps drop elements of x (and of the hidden states the output layer
     * reads) as {@code d} says (null: none), keyed by
     * {@link #dropoutEpoch} and each sentence's index in the training set; {@link #forward},
     * {@link #predict} and the other inference calls never drop. Not for is13's calls
     * ({@link #trainBpttSentence}, {@link #trainStepOnWindows}), which refuse it.
     */
    public void useDropout(Dropout d) {
        this.dropout = d == null ? null : new DropoutMasks(d, params.dims);
    }

    /** The masks the last training step drew (null without dropout): for the tests. */
    DropoutMasks dropoutMasks() {
        return dropout;
    }

    /** The epoch the masks of the next training steps are keyed by (0 until set). */
    public void dropoutEpoch(int epoch) {
        this.dropoutEpoch = epoch;
    }

    /** The forward pass of words[0..n); the returned buffers are overwritten by the next call. */
    public Activations forward(int[] words, int n) {
        act.packOne(words, n);
        Forward.forwardPacked(kernels, params, act, inputTable);
        return act;
    }

    /** The forward pass of sentences all[order[from]] .. all[order[to-1]], packed end to end. */
    public Activations forward(int[][] all, int[] order, int from, int to) {
        act.pack(all, order, from, to);
        Forward.forwardPacked(kernels, params, act, inputTable);
        return act;
    }

    /** The forward pass of one call whose context windows are given (idxs [n, cs], see {@link Activations#packWindows}). */
    public Activations forwardWindows(int[] idxs, int n) {
        act.packWindows(idxs, n);
        Forward.forwardPacked(kernels, params, act, inputTable);
        return act;
    }

    /** Predicted label (argmax) for each of the n words into out[0..n). */
    public void predict(int[] words, int n, int[] out) {
        forward(words, n);
        Forward.argmax(act, out);
    }

    /**
     * Forward and backward without an update (for the joint model {@code sentenceLabel} is the
     * intent): the loss, with the gradients left in {@link #gradients()} (zeroed first). Used by the
     * trace view and the gradient checks.
     */
    public double lossAndGradients(int[] words, int[] labels, int sentenceLabel, int n, Objective objective) {
        return lossAndGradients(0, words, labels, sentenceLabel, n, objective);
    }

    /** {@link #lossAndGradients} with dropout keyed by training sentence {@code sentence}. */
    public double lossAndGradients(int sentence, int[] words, int[] labels, int sentenceLabel, int n, Objective objective) {
        grads.zero();
        act.packOne(words, n);
        fillTargets(objective, labels, sentenceLabel, 0);
        keySentence(0, sentence);
        return backward(grads, 1f);
    }

    /**
     * {@link #lossAndGradients} of one call whose context windows are given (idxs [n, cs], row t =
     * step t's word indices), not computed from a sentence: the tutorial's {@code sentence_train(idxs, ...)}
     * with any idxs, such as one of is13's minibatches.
     */
    public double lossAndGradientsOfWindows(int[] idxs, int n, int[] labels, int sentenceLabel, Objective objective) {
        requireNoDropout();
        grads.zero();
        act.packWindows(idxs, n);
        fillTargets(objective, labels, sentenceLabel, 0);
        return backward(grads, 1f);
    }

    /** {@link #trainStep} on one call whose context windows are given (see {@link #lossAndGradientsOfWindows}). */
    public double trainStepOnWindows(int[] idxs, int n, int[] labels, int sentenceLabel, Objective objective, float lr) {
        requireNoDropout();
        act.packWindows(idxs, n);
        fillTargets(objective, labels, sentenceLabel, 0);
        return fusedUpdate(lr);
    }

    /**
     * is13's training of one sentence (mesnilgr/is13 {@code elman-forward.py}): one SGD step per word.
     * <pre>
     *   cwords = contextwin(sentence, cs)         [n, cs]
     *   words  = minibatch(cwords, bs)            call t: the windows of words max(0, t−bs+1) .. t   [m, cs], m ≤ bs
     *   for word_batch, y_t in zip(words, labels):
     *       train(word_batch, y_t, lr)            a forward from h0 over the m rows, the loss, θ −= lr·dθ
     *       normalize()                           every embedding row to unit norm
     * </pre>
     * The loss of call t is {@link Objective#LAST_STEP} with y = y_t (is13's
     * {@code nll = −log s[−1,0,:][y]}: the last row only) or {@link Objective#ALL_STEPS} with y = y_t
     * (the hybrid: a scalar y in the tutorial's {@code −mean(log p[arange(m), y])} broadcasts, so every
     * row gets word t's label). {@link Backward} differentiates both, as for any other objective.
     * Returns the sum of the n calls' losses, each before its update.
     */
    public double trainBpttSentence(int[] words, int[] labels, int n, int bs, Objective objective, float lr) {
        if (objective != Objective.LAST_STEP && objective != Objective.ALL_STEPS) {
            throw new IllegalArgumentException("is13's calls take last-step or all-steps, got " + objective);
        }
        if (bs < 1) {
            throw new IllegalArgumentException("bptt steps must be >= 1, got " + bs);
        }
        int cs = params.dims.cs();
        if (sentenceWindows.length < n * cs) {
            sentenceWindows = new int[Math.max(n, 2 * sentenceWindows.length / cs) * cs];
        }
        if (callWindows.length < Math.min(bs, n) * cs) {
            callWindows = new int[Math.min(bs, n) * cs];
        }
        ContextWindows.contextWindow(words, 0, n, cs, sentenceWindows, 0);
        double loss = 0;
        for (int t = 0; t < n; t++) {
            int from = Math.max(0, t - bs + 1);
            int m = t - from + 1;
            System.arraycopy(sentenceWindows, from * cs, callWindows, 0, m * cs);
            loss += trainStepOnWindows(callWindows, m, null, labels[t], objective, lr);
        }
        return loss;
    }

    /**
     * One SGD step on one sentence; returns its loss before the update. The backward pass adds
     * −lr·dθ straight into the parameters ({@link Gradients#sgdInto}), which is θ − lr·dθ without
     * gradient buffers; then the touched embedding rows are renormalised.
     */
    public double trainStep(int[] words, int[] labels, int sentenceLabel, int n, Objective objective, float lr) {
        return trainStep(0, words, labels, sentenceLabel, n, objective, lr);
    }

    /**
     * {@link #trainStep} of training sentence {@code sentence} (its index in the training set: the
     * key of its dropout masks, see {@link #useDropout}).
     */
    public double trainStep(int sentence, int[] words, int[] labels, int sentenceLabel, int n, Objective objective,
                            float lr) {
        act.packOne(words, n);
        fillTargets(objective, labels, sentenceLabel, 0);
        keySentence(0, sentence);
        return fusedUpdate(lr);
    }

    /**
     * One mini-batch step: the sentences order[from..to) of {@code ex} packed, θ −= (lr/B)·Σ_b dθ_b
     * straight into the parameters, then renormalise. Returns the summed loss.
     */
    public double trainBatch(int[][] words, int[][] labels, int[] sentenceLabels, int[] order, int from, int to,
                             Objective objective, float lr) {
        packWithTargets(words, labels, sentenceLabels, order, from, to, objective);
        return fusedUpdate(lr / (to - from));
    }

    /**
     * Adds {@code scale · Σ_b dL_b/dθ} of the packed sentences order[from..to) to {@link #gradients()}
     * without zeroing them first (data-parallel mini-batches); returns the summed loss.
     */
    public double accumulateGradients(int[][] words, int[][] labels, int[] sentenceLabels, int[] order, int from,
                                      int to, Objective objective, float scale) {
        packWithTargets(words, labels, sentenceLabels, order, from, to, objective);
        return backward(grads, scale);
    }

    /** Applies the accumulated gradients: θ −= lr·g, then renormalise the touched rows. */
    public void applyGradients(float lr) {
        Sgd.update(kernels, params, grads, lr, !embeddingsNormalized);
        embeddingsNormalized = true;
    }

    /** Tells the network its embedding rows are already unit-norm (a resumed or loaded model). */
    public void markEmbeddingsNormalized() {
        embeddingsNormalized = true;
    }

    /**
     * From now on the training steps leave the embedding table as it is: its gradient is not
     * computed (no row is touched, in {@link #gradients()} either) and its rows are not normalised;
     * the other parameters get the updates they would get with the table held fixed.
     */
    public void freezeEmbeddings() {
        embeddingsFrozen = true;
        embeddingsNormalized = true; // nothing to normalise: no row ever changes
    }

    public Gradients gradients() {
        return grads;
    }

    public Activations activations() {
        return act;
    }

    /** What the last backward pass left in its scratch: dz, da and dx of every row (trace view). */
    public Backward.Scratch scratch() {
        return scratch;
    }

    private double fusedUpdate(float lr) {
        update.clearTouched();
        double loss = backward(update, -lr);
        Sgd.normalizeTouched(kernels, params, update, !embeddingsNormalized);
        embeddingsNormalized = true;
        return loss;
    }

    /** Forward the pack already in {@code act}, then backward into {@code sink}. */
    private double backward(Gradients sink, float scale) {
        Forward.forwardTraining(kernels, params, act, dropout); // x dropped by the masks (training only)
        return Backward.backward(kernels, params, act, targets, weights, intents, sink, scratch, scale, !embeddingsFrozen,
                dropout);
    }

    private void packWithTargets(int[][] words, int[][] labels, int[] sentenceLabels, int[] order, int from, int to,
                                 Objective objective) {
        act.pack(words, order, from, to);
        for (int pos = 0; pos < act.sentences(); pos++) {
            int s = order[from + act.packIndex(pos)];
            fillTargets(objective, labels == null ? null : labels[s], sentenceLabels == null ? -1 : sentenceLabels[s],
                    pos);
            keySentence(pos, s);
        }
    }

    /** With dropout: the masks of the sentence at sorted position pos are keyed by training sentence s. */
    private void keySentence(int pos, int s) {
        if (dropout != null) {
            dropout.ensureSentences(act.sentences);
            dropout.keys[pos] = dropout.dropout.sentenceKey(dropoutEpoch, s);
        }
    }

    /** is13's calls are windows of a sentence's last few words: their masks have no key of their own here. */
    private void requireNoDropout() {
        if (dropout != null) {
            throw new IllegalStateException("dropout trains whole sentences, not is13's per-word calls");
        }
    }

    /**
     * Targets and weights of the words of the sentence at sorted position pos (already packed), each
     * at its row, and its intent.
     */
    private void fillTargets(Objective objective, int[] labels, int sentenceLabel, int pos) {
        int w = act.words;
        if (targets.length < w) {
            targets = new int[Math.max(w, 2 * targets.length)];
            weights = new float[targets.length];
            sentenceTargets = new int[targets.length];
            sentenceWeights = new float[targets.length];
        }
        if (intents.length < act.sentences) {
            intents = new int[Math.max(act.sentences, 2 * intents.length)];
        }
        int n = act.lengthAt(pos);
        objective.fill(labels, sentenceLabel, n, sentenceTargets, sentenceWeights, 0);
        for (int t = 0; t < n; t++) {
            int row = act.row(pos, t);
            targets[row] = sentenceTargets[t];
            weights[row] = sentenceWeights[t];
        }
        intents[pos] = sentenceLabel;
    }
}
