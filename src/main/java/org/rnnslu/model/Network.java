package org.rnnslu.model;

import org.rnnslu.kernels.Kernels;

/**
 * One Elman network being trained or run: the parameters plus every workspace a step needs, so a
 * step allocates nothing once the longest sentence has been seen. Not thread-safe: give each thread
 * its own Network (they may share one read-only {@link Params} for inference).
 *
 * <p>One training step is the tutorial's {@code sentence_train} followed by {@code normalize}:
 * <pre>
 *   forward  (Forward)   words -> idxs -> x -> h -> p
 *   loss     (Backward)  L = Σ_t weight_t · −log p_t[y_t]
 *   backward (Backward)  dθ for the seven parameters
 *   update   (Sgd)       θ -= lr·dθ, then unit-norm embedding rows
 * </pre>
 */
public final class Network {

    public final Params params;
    private final Kernels kernels;
    private final Activations act;
    private final Gradients grads;
    /** Aliases params: backward into it with scale −lr is the SGD step. */
    private final Gradients update;
    private final Backward.Scratch scratch;
    private int[] targets;
    private float[] weights;
    /** False until the first update has unit-normed every embedding row. */
    private boolean embeddingsNormalized;

    public Network(Params params, Kernels kernels) {
        this.params = params;
        this.kernels = kernels;
        Dims d = params.dims;
        this.act = new Activations(d, 64);
        this.grads = new Gradients(d);
        this.update = Gradients.sgdInto(params);
        this.scratch = new Backward.Scratch(d, 64);
        this.targets = new int[64];
        this.weights = new float[64];
    }

    public Kernels kernels() {
        return kernels;
    }

    /** The forward pass of words[0..n); the returned buffers are overwritten by the next call. */
    public Activations forward(int[] words, int n) {
        Forward.forward(kernels, params, words, n, act);
        return act;
    }

    /** Predicted label (argmax) for each of the n words into out[0..n). */
    public void predict(int[] words, int n, int[] out) {
        forward(words, n);
        Forward.argmax(act, out);
    }

    /**
     * Forward and backward without an update (for the joint model {@code sentenceLabel} is the intent): the loss, with the gradients left in
     * {@link #gradients()} (zeroed first). Used by the trace view and the gradient checks.
     */
    public double lossAndGradients(int[] words, int[] labels, int sentenceLabel, int n, Objective objective) {
        fillTargets(labels, sentenceLabel, n, objective);
        grads.zero();
        forward(words, n);
        return Backward.backward(kernels, params, act, targets, weights, sentenceLabel, grads, scratch, 1f);
    }

    /**
     * Adds {@code scale · dL/dθ} of one sentence to {@link #gradients()} without zeroing them first
     * (mini-batches: scale = 1/B); returns the sentence's loss.
     */
    public double accumulateGradients(int[] words, int[] labels, int sentenceLabel, int n, Objective objective,
                                      float scale) {
        fillTargets(labels, sentenceLabel, n, objective);
        forward(words, n);
        return Backward.backward(kernels, params, act, targets, weights, sentenceLabel, grads, scratch, scale);
    }

    /** Applies (and keeps) the accumulated gradients: θ −= lr·g, then renormalise the touched rows. */
    public void applyGradients(float lr) {
        Sgd.update(kernels, params, grads, lr, !embeddingsNormalized);
        embeddingsNormalized = true;
    }

    /**
     * One SGD step on one sentence; returns its loss before the update. The backward pass adds
     * −lr·dθ straight into the parameters ({@link Gradients#sgdInto}), which is θ − lr·dθ without
     * gradient buffers; then the touched embedding rows are renormalised.
     */
    public double trainStep(int[] words, int[] labels, int sentenceLabel, int n, Objective objective, float lr) {
        fillTargets(labels, sentenceLabel, n, objective);
        forward(words, n);
        update.clearTouched();
        double loss = Backward.backward(kernels, params, act, targets, weights, sentenceLabel, update, scratch, -lr);
        Sgd.normalizeTouched(kernels, params, update, !embeddingsNormalized);
        embeddingsNormalized = true;
        return loss;
    }

    private void fillTargets(int[] labels, int sentenceLabel, int n, Objective objective) {
        if (targets.length < n) {
            targets = new int[Math.max(n, 2 * targets.length)];
            weights = new float[targets.length];
        }
        objective.fill(labels, sentenceLabel, n, targets, weights);
    }

    /** Tells the network its embedding rows are already unit-norm (a resumed or loaded model). */
    public void markEmbeddingsNormalized() {
        embeddingsNormalized = true;
    }

    public Gradients gradients() {
        return grads;
    }

    public Activations activations() {
        return act;
    }
}
