package org.rnnslu.train;

import org.rnnslu.kernels.Kernels;
import org.rnnslu.model.Dropout;
import org.rnnslu.model.Network;
import org.rnnslu.model.Objective;

/** One pass over the shuffled training set (a strategy: per-sentence SGD or mini-batches). */
interface Epoch extends AutoCloseable {

    /**
     * Trains one epoch in the state's order. With scoring ahead, settles the last epoch's scores
     * between steps and returns {@link EpochOutcome#VOIDED} at once if they void this epoch (see
     * {@link ScoringAhead}); returns {@link EpochOutcome#STOPPED} at once when the listener asks to stop.
     *
     * @param start when the epoch started (System.nanoTime), for its progress reports
     * @param ahead the scoring thread, or null when each epoch is scored before the next one
     */
    EpochOutcome run(int epoch, Examples train, Objective objective, Trainer.Listener listener, long start,
                     ScoringAhead ahead);

    @Override
    default void close() {}

    /**
     * A network on the state's parameters that knows whether the embedding rows are unit-norm yet,
     * whether the embedding table is frozen ({@link TrainSettings#freezeEmbeddings}), and the
     * dropout of its training steps (null: none).
     */
    static Network network(Trainer.State st, Kernels kernels, boolean frozenEmbeddings, Dropout dropout) {
        Network net = new Network(st.params, kernels);
        net.useDropout(dropout);
        if (st.embeddingsNormalized) {
            net.markEmbeddingsNormalized();
        }
        if (frozenEmbeddings) {
            net.freezeEmbeddings();
        }
        return net;
    }

    static void checkFinite(double loss, int epoch, int sentence) {
        if (!Double.isFinite(loss)) {
            throw new Trainer.DivergedException(epoch, sentence, loss);
        }
    }

    /** Sentence s's per-word labels (null for the intent objectives). */
    static int[] labelsOf(Examples ex, int s) {
        return ex.labels() == null ? null : ex.labels()[s];
    }

    /** Sentence s's label (-1 for slot filling). */
    static int sentenceLabelOf(Examples ex, int s) {
        return ex.sentenceLabels() == null ? -1 : ex.sentenceLabels()[s];
    }
}
