package org.rnnslu.train;

import org.rnnslu.kernels.Kernels;
import org.rnnslu.model.Dropout;
import org.rnnslu.model.Network;
import org.rnnslu.model.Objective;
import org.rnnslu.util.Workers;

/**
 * Mini-batches: the mean gradient of B sentences, one update; on one thread the network's fused
 * batch step, on several the {@link ParallelStep}.
 */
final class BatchEpoch implements Epoch {

    private final Trainer.State st;
    private final int batch;
    private final Network single;        // one thread (else null)
    private final ParallelStep parallel; // two or more (else null)

    /**
     * @param workers the threads that share each batch (null: the caller's thread)
     * @param frozenEmbeddings leave the embedding table as it is ({@link TrainSettings#freezeEmbeddings})
     * @param dropout the training steps' dropout (null: none)
     */
    BatchEpoch(Trainer.State st, Kernels kernels, Workers workers, int batch, boolean frozenEmbeddings, Dropout dropout) {
        this.st = st;
        this.batch = batch;
        int threads = workers == null ? 1 : Math.min(workers.threads(), batch);
        this.single = threads == 1 ? Epoch.network(st, kernels, frozenEmbeddings, dropout) : null;
        this.parallel = threads == 1 ? null : new ParallelStep(st, kernels, workers, threads, frozenEmbeddings, dropout);
    }

    @Override
    public EpochOutcome run(int epoch, Examples train, Objective objective, Trainer.Listener listener, long start,
                            ScoringAhead ahead) {
        int[] order = st.order;
        double lossSum = 0;
        long tokens = 0;
        int reports = 0;
        if (single != null) {
            single.dropoutEpoch(epoch);
        } else {
            parallel.dropoutEpoch(epoch);
        }
        for (int from = 0; from < order.length; from += batch) {
            if (listener.stopRequested()) {
                return EpochOutcome.STOPPED;
            }
            int to = Math.min(order.length, from + batch);
            double loss = single != null ? single.trainBatch(train.words(), train.labels(), train.sentenceLabels(),
                    order, from, to, objective, (float) st.lr) : parallel.step(train, objective, from, to);
            Epoch.checkFinite(loss, epoch, from);
            lossSum += loss;
            for (int i = from; i < to; i++) {
                tokens += train.words()[order[i]].length;
            }
            if (to * 100L / order.length > reports || to == order.length) {
                reports = (int) (to * 100L / order.length);
                listener.progress(epoch, to, order.length, (System.nanoTime() - start) / 1e9, tokens);
            }
        }
        return EpochOutcome.trained(lossSum);
    }
}
