package org.rnnslu.train;

import org.rnnslu.kernels.Kernels;
import org.rnnslu.model.Network;
import org.rnnslu.model.Objective;

/** The tutorial's per-sentence SGD: one update per sentence, straight into the parameters. */
final class SgdEpoch implements Epoch {

    private final Trainer.State st;
    private final Network net;

    SgdEpoch(Trainer.State st, Kernels kernels) {
        this.st = st;
        this.net = Epoch.network(st, kernels);
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
            double loss = net.trainStep(words, Epoch.labelsOf(train, s), Epoch.sentenceLabelOf(train, s), words.length,
                    objective, (float) st.lr);
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
