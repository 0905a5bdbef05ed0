package org.rnnslu.cli.trace;

import org.rnnslu.inference.CrfDecoder;
import org.rnnslu.kernels.Kernels;
import org.rnnslu.model.Activations;
import org.rnnslu.model.Crf;
import org.rnnslu.model.Params;

/**
 * What a CRF output layer makes of a call's emission scores z, by the library's decoder: the Viterbi
 * path and its score, log Z, each word's marginals P(y_t = c | x), and the gold labels' score.
 *
 * @param marginals [n, nc]
 * @param expSpace whether the forward algorithm ran in exp space (else log space)
 */
record CrfNumbers(int[] path, double pathScore, float[] marginals, double logZ, boolean expSpace, double goldScore) {

    static CrfNumbers of(Params p, Kernels k, Activations act, int[] gold, int n) {
        CrfDecoder decoder = new CrfDecoder(p, k);
        int[] path = new int[n];
        double best = decoder.best(act, 0, path);
        float[] marginals = decoder.marginals(act, 0);
        double score = Crf.score(p, decoder.workspace().emissions(n), gold, n);
        return new CrfNumbers(path, best, marginals, decoder.logZ(), decoder.workspace().expSpace(), score);
    }
}
