package org.rnnslu.train;

import org.rnnslu.kernels.Kernels;
import org.rnnslu.model.Dropout;
import org.rnnslu.model.Network;
import org.rnnslu.model.Objective;

/**
 * SGD one sentence at a time, straight into the parameters: the tutorial's one update per sentence,
 * or with {@code bptt} > 0 is13's regime ({@code train --bptt BS}): one update + normalise per word,
 * word t's call being the windows of words max(0, t−BS+1) .. t from h0
 * ({@link Network#trainBpttSentence}); the sentence's loss is then the sum of its calls' losses.
 */
final class SgdEpoch implements Epoch {

    private final Trainer.State st;
    private final Network net;
    private final int bptt; // 0: the tutorial's whole-sentence step

    /**
     * @param frozenEmbeddings leave the embedding table as it is ({@link TrainSettings#freezeEmbeddings})
     * @param dropout the training steps' dropout (null: none)
     */
    SgdEpoch(Trainer.State st, Kernels kernels, int bptt, boolean frozenEmbeddings, Dropout dropout) {
        this.st = st;
        this.net = Epoch.network(st, kernels, frozenEmbeddings, dropout);
        this.bptt = bptt;
    }

    @Override
    public EpochOutcome run(int epoch, Examples train, Objective objective, Trainer.Listener listener, long start,
                            ScoringAhead ahead) {
        int[] order = st.order;
        int reportEvery = Math.max(1, order.length / 100);
        double lossSum = 0;
        long tokens = 0;
        net.dropoutEpoch(epoch);
        for (int i = 0; i < order.length; i++) {
            if (ahead != null && ahead.settleIfScored()) {
                return EpochOutcome.VOIDED;
            }
            if (listener.stopRequested()) {
                return EpochOutcome.STOPPED;
            }
            int s = order[i];
            int[] words = train.words()[s];
            double loss = step(train, s, objective);
            Epoch.checkFinite(loss, epoch, i);
            lossSum += loss;
            tokens += words.length;
            if (((i + 1) % reportEvery == 0 || i + 1 == order.length) && (ahead == null || !ahead.pending())) {
                listener.progress(epoch, i + 1, order.length, (System.nanoTime() - start) / 1e9, tokens);
            }
        }
        return EpochOutcome.trained(lossSum);
    }

    /** One sentence's update(s); returns its loss before them. */
    private double step(Examples train, int s, Objective objective) {
        int[] words = train.words()[s];
        float lr = (float) st.lr;
        if (bptt > 0) {
            return net.trainBpttSentence(words, train.labels()[s], words.length, bptt, objective, lr);
        }
        return net.trainStep(s, words, Epoch.labelsOf(train, s), Epoch.sentenceLabelOf(train, s), words.length, objective, lr);
    }
}
