package org.rnnslu.train;

import org.rnnslu.kernels.Kernels;
import org.rnnslu.model.Network;
import org.rnnslu.model.Objective;

/**
 * is13's regime ({@code train --bptt BS}): per sentence, one SGD step + normalise per word, word t's
 * call being the windows of words max(0, t−BS+1) .. t from h0 ({@link Network#trainBpttSentence}).
 * The epoch's loss is the sum over sentences of their calls' losses.
 */
final class BpttEpoch implements Epoch {

    private final Trainer.State st;
    private final Network net;
    private final int bs;

    BpttEpoch(Trainer.State st, Kernels kernels, int bs) {
        this.st = st;
        this.net = Epoch.network(st, kernels);
        this.bs = bs;
    }

    @Override
    public EpochOutcome run(int epoch, Examples train, Objective objective, Trainer.Listener listener, long start,
                            ScoringAhead ahead) {
        int[] order = st.order;
        int reportEvery = Math.max(1, order.length / 100);
        double lossSum = 0;
        long tokens = 0;
        for (int i = 0; i < order.length; i++) {
            if (ahead != null && ahead.settleIfScored()) {
                return EpochOutcome.VOIDED;
            }
            if (listener.stopRequested()) {
                return EpochOutcome.STOPPED;
            }
            int s = order[i];
            int[] words = train.words()[s];
            double loss = net.trainBpttSentence(words, train.labels()[s], words.length, bs, objective, (float) st.lr);
            Epoch.checkFinite(loss, epoch, i);
            lossSum += loss;
            tokens += words.length;
            if (((i + 1) % reportEvery == 0 || i + 1 == order.length) && (ahead == null || !ahead.pending())) {
                listener.progress(epoch, i + 1, order.length, (System.nanoTime() - start) / 1e9, tokens);
            }
        }
        return EpochOutcome.trained(lossSum);
    }
}
