package org.rnnslu.cli.trace;

import org.rnnslu.inference.CrfDecoder;
import org.rnnslu.inference.Predictor;
import org.rnnslu.kernels.Kernels;
import org.rnnslu.model.Activations;
import org.rnnslu.model.Dims;
import org.rnnslu.model.Forward;
import org.rnnslu.model.Params;

/** What the model itself reads from a call's forward pass: each row's label, and the sentence's intent. */
final class Predictions {

    private Predictions() {}

    /** y_pred: argmax p per row, or a CRF model's Viterbi path.   [n] */
    static int[] labels(Params p, Kernels k, Activations act, int n) {
        int[] pred = new int[n];
        if (Params.isCrf(p.dims)) {
            new CrfDecoder(p, k).best(act, 0, pred);
        } else {
            Forward.argmax(act, pred);
        }
        return pred;
    }

    /** The intent as tag and the Tagger read it (the intent head, or the softmax's last or mean row). */
    static int intent(Dims d, Activations act) {
        return Predictor.intentOf(d, act, 0, new float[d.nc()]);
    }
}
