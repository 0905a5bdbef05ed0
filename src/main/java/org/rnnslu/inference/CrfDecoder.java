package org.rnnslu.inference;

import org.rnnslu.kernels.Kernels;
import org.rnnslu.model.Activations;
import org.rnnslu.model.Crf;
import org.rnnslu.model.Params;

/**
 * What a CRF output layer reads off a forward pass: the best label sequence by {@link Viterbi} over
 * the emission scores z [n, nc] with the learned trans, start and end, and the per-word marginals
 * P(y_t = j | x) by forward–backward ({@link Crf}). One per thread (it holds the workspaces); the
 * parameters are shared read-only.
 */
public final class CrfDecoder {

    private final Params params;
    private final Kernels kernels;
    private final Transitions transitions;
    private final Viterbi.Workspace viterbi = new Viterbi.Workspace();
    private final Crf.Workspace crf;
    private boolean prepared;

    public CrfDecoder(Params params, Kernels kernels) {
        this(params, kernels, null);
    }

    /**
     * @param constraint scores added to the learned ones for decoding, such as the IOB constraint's
     *                   −∞ ({@code decode=iob}), or null; then the learned arrays are used as they are
     *                   (so a decoder made during training follows their updates)
     */
    public CrfDecoder(Params params, Kernels kernels, Transitions constraint) {
        if (!Params.isCrf(params.dims)) {
            throw new IllegalArgumentException("not a CRF model: " + params.dims.arch());
        }
        this.params = params;
        this.kernels = kernels;
        int nc = params.dims.nc();
        this.transitions = constraint == null ? new Transitions(nc, params.trans, params.start, params.end)
                : new Transitions(nc, sum(params.trans, constraint.matrix()), sum(params.start, constraint.startScores()),
                        sum(params.end, constraint.endScores()));
        this.crf = new Crf.Workspace(nc, 64);
    }

    private static float[] sum(float[] a, float[] b) {
        float[] s = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            s[i] = a[i] + b[i];
        }
        return s;
    }

    /** The learned transitions Viterbi decodes with (the model's own arrays). */
    public Transitions transitions() {
        return transitions;
    }

    /**
     * The highest-scoring labels of the sentence at sorted position pos of act into out[0..n);
     * returns their score start[y_0] + Σ_t z_t[y_t] + Σ trans[y_{t−1}, y_t] + end[y_{n−1}].
     */
    public double best(Activations act, int pos, int[] out) {
        try {
            return Viterbi.best(emissions(act, pos), act.lengthAt(pos), transitions, viterbi, out);
        } catch (IllegalArgumentException nonFinite) { // NaN scores: overflowing weights, as argmax reports them
            throw new org.rnnslu.model.NonFiniteScoresException("label");
        }
    }

    /**
     * The k most probable label sequences of the sentence at pos (list Viterbi under the same
     * transitions): sequence r into paths[r*n .. r*n+n), its log p(y | x) = score − log Z into
     * scores[r]. Returns how many.
     */
    public int nBest(Activations act, int pos, int k, int[] paths, double[] scores) {
        int found = Viterbi.kBest(emissions(act, pos), act.lengthAt(pos), transitions, k, viterbi, paths, scores);
        marginals(act, pos);
        for (int r = 0; r < found; r++) {
            scores[r] -= logZ;
        }
        return found;
    }

    /** z of the sentence at pos as Viterbi's emissions [n, nc]. */
    private double[] emissions(Activations act, int pos) {
        int n = act.lengthAt(pos);
        int nc = params.dims.nc();
        double[] e = viterbi.emissions(n, nc);
        for (int t = 0; t < n; t++) {
            int row = act.row(pos, t) * nc;
            for (int j = 0; j < nc; j++) {
                e[t * nc + j] = act.z[row + j];
            }
        }
        return e;
    }

    /**
     * P(y_t = j | x) of the sentence at sorted position pos, at [t * nc + j] of the returned buffer
     * (overwritten by the next call), by forward–backward; also log Z, α and β in {@link #workspace}.
     */
    public float[] marginals(Activations act, int pos) {
        int n = act.lengthAt(pos);
        int nc = params.dims.nc();
        float[] z = crf.emissions(n);
        for (int t = 0; t < n; t++) {
            System.arraycopy(act.z, act.row(pos, t) * nc, z, t * nc, nc);
        }
        if (!prepared) { // the parameters do not change while a decoder is in use
            Crf.prepare(params, crf);
            prepared = true;
        }
        logZ = Crf.forwardBackward(kernels, params, crf, n);
        return crf.marginals();
    }

    private double logZ;

    /** log Z of the last {@link #marginals} call. */
    public double logZ() {
        return logZ;
    }

    /** The forward–backward workspace of the last {@link #marginals} call (α, β, emissions). */
    public Crf.Workspace workspace() {
        return crf;
    }

    /**
     * P(y_s .. y_e = labels[s .. e] | x) of the last {@link #marginals} call: the probability of a
     * span's labelling, whatever the words around it carry,
     * exp(α_s[l_s] + Σ_{t=s+1..e} (trans[l_{t−1}, l_t] + z_t[l_t]) + β_e[l_e] − log Z).
     */
    public double spanProbability(int[] labels, int s, int e) {
        int nc = params.dims.nc();
        double[] alpha = crf.alpha();
        double[] beta = crf.beta();
        float[] z = crf.emissions(e + 1);
        double logP = alpha[s * nc + labels[s]] + beta[e * nc + labels[e]] - logZ;
        for (int t = s + 1; t <= e; t++) {
            logP += params.trans[labels[t - 1] * nc + labels[t]] + z[t * nc + labels[t]];
        }
        return Math.exp(logP);
    }
}
