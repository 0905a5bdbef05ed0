package org.rnnslu.cli.trace;

import java.util.Arrays;
import org.rnnslu.kernels.Kernels;
import org.rnnslu.model.Activations;
import org.rnnslu.model.Backward;
import org.rnnslu.model.Gradients;
import org.rnnslu.model.Network;
import org.rnnslu.model.Params;
import org.rnnslu.model.Sgd;

/**
 * One call through one training step, run by the library: the forward pass, the loss and the
 * gradients at the parameters before ({@link Network#lossAndGradientsOfWindows}), the update and
 * normalize() ({@link Sgd#update}), then the same call's loss again. Every number the sections
 * print comes from here (or is recomputed from it by {@link Terms}); nothing here prints.
 *
 * <p>{@code act}, {@code grads} and {@code scratch} are the network's own buffers: valid until it runs again.
 */
final class Step {
    final Call call;
    final float lr;
    final Kernels kernels;
    /** A copy of the parameters the call ran at. */
    final Params before;
    /** The network's parameters, after the update and normalize(). */
    final Params after;
    final Activations act;
    /** dθ at {@link #before}; its touched rows are the embedding rows the windows used. */
    final Gradients grads;
    /** dz, da and dx of every row. */
    final Backward.Scratch scratch;
    final double loss;
    /** The label each row's loss term reads (the objective's).   [n] */
    final int[] targets;
    /** weight_t: what each row's term counts in the loss (0: not in it).   [n] */
    final double[] weights;
    /** Embedding rows that were not unit length before the call: then normalize() rescales every row. */
    final int rowsNotUnit;
    final double lossAfter;
    private int[] predicted;
    private CrfNumbers crf;

    private Step(Call call, float lr, Network net, double loss) {
        int n = call.n();
        this.call = call;
        this.lr = lr;
        this.kernels = net.kernels();
        this.loss = loss;
        this.act = net.activations();
        this.grads = net.gradients();
        this.scratch = net.scratch();
        this.before = net.params.copy();
        this.targets = new int[n];
        this.weights = Params.isCrf(before.dims) ? sentenceWeights(call, targets) : objectiveWeights(call, targets);
        this.rowsNotUnit = Terms.rowsNotUnit(before);
        Sgd.update(kernels, net.params, grads, lr, rowsNotUnit > 0);
        this.after = net.params;
        this.lossAfter = lossAt(after, kernels, call); // not on net: its buffers are this step's
    }

    /** Runs the call through one step on net, leaving the updated parameters in it (the next call starts there). */
    static Step run(Network net, Call call, float lr) {
        return new Step(call, lr, net, lossAt(net, call));
    }

    private static double lossAt(Network net, Call call) {
        return net.lossAndGradientsOfWindows(call.idxs(), call.n(), call.labels(), call.sentenceLabel(), call.objective());
    }

    private static double lossAt(Params p, Kernels k, Call call) {
        return lossAt(new Network(p, k), call);
    }

    /** A softmax's rows: the objective's targets and weights (per-word, all-steps or last-step). */
    private static double[] objectiveWeights(Call call, int[] targets) {
        int n = call.n();
        float[] w = new float[n];
        call.objective().fill(call.labels(), call.sentenceLabel(), n, targets, w);
        double[] weights = new double[n];
        for (int t = 0; t < n; t++) {
            weights[t] = w[t];
        }
        return weights;
    }

    /** A CRF's: the gold labels, 1/n each (the sentence loss is divided by n). */
    private static double[] sentenceWeights(Call call, int[] targets) {
        System.arraycopy(call.labels(), 0, targets, 0, call.n());
        double[] weights = new double[call.n()];
        Arrays.fill(weights, 1.0 / call.n());
        return weights;
    }

    int n() {
        return call.n();
    }

    /**
     * y_pred: argmax p per row, or the CRF's Viterbi path.   [n]
     * Decoded when a section first reads it, as is {@link #crf()}: scores that overflowed to NaN
     * fail there (exit 2), after the sections before it.
     */
    int[] predicted() {
        if (predicted == null) {
            predicted = Predictions.labels(before, kernels, act, call.n());
        }
        return predicted;
    }

    /** A CRF output layer's path, log Z and marginals (a CRF model only). */
    CrfNumbers crf() {
        if (crf == null) {
            crf = CrfNumbers.of(before, kernels, act, call.labels(), call.n());
        }
        return crf;
    }

    boolean isCrf() {
        return Params.isCrf(before.dims);
    }
}
