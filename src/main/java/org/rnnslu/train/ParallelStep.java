package org.rnnslu.train;

import org.rnnslu.kernels.Kernels;
import org.rnnslu.model.Dropout;
import org.rnnslu.model.Gradients;
import org.rnnslu.model.Network;
import org.rnnslu.model.Objective;
import org.rnnslu.model.Sgd;
import org.rnnslu.util.Workers;

/**
 * One mini-batch step shared by worker threads: each worker accumulates the gradients of a
 * contiguous share of the batch, then the gradients are summed in worker order, so the result is
 * deterministic for a given thread count.
 */
final class ParallelStep {

    private final Trainer.State st;
    private final Kernels kernels;
    private final Workers workers;
    private final int threads;
    private final Network[] nets;    // one per worker, all on st.params
    private final Gradients[] grads; // each worker's
    private final double[] losses;   // each worker's summed loss of the current batch
    private final int[] bounds;      // worker shares of the current batch, see splitByWords
    private boolean normalized;      // the embedding rows are unit-norm (after the first step)
    private final boolean frozenEmbeddings; // the table is left as it is: no gradient, no update, no normalisation

    /**
     * @param frozenEmbeddings leave the embedding table as it is ({@link TrainSettings#freezeEmbeddings})
     * @param dropout the training steps' dropout (null: none); each sentence's masks are keyed by its
     *     index in the training set, so they do not depend on which worker runs it
     */
    ParallelStep(Trainer.State st, Kernels kernels, Workers workers, int threads, boolean frozenEmbeddings,
                 Dropout dropout) {
        this.st = st;
        this.kernels = kernels;
        this.workers = workers;
        this.threads = threads;
        this.nets = new Network[threads];
        this.grads = new Gradients[threads];
        for (int w = 0; w < threads; w++) {
            nets[w] = Epoch.network(st, kernels, frozenEmbeddings, dropout);
            grads[w] = nets[w].gradients();
        }
        this.losses = new double[threads];
        this.bounds = new int[threads + 1];
        this.normalized = st.embeddingsNormalized;
        this.frozenEmbeddings = frozenEmbeddings;
    }

    /** The epoch every worker's dropout masks are keyed by. */
    void dropoutEpoch(int epoch) {
        for (Network net : nets) {
            net.dropoutEpoch(epoch);
        }
    }

    /**
     * Workers take contiguous shares of the batch order[from..to) and accumulate their gradients;
     * then each sums all workers' gradients (in worker order) on its share of the dense parameters
     * and applies the step there; the embedding rows are summed and updated last, on this thread.
     * Returns the batch's summed loss.
     */
    double step(Examples train, Objective objective, int from, int to) {
        float scale = 1f / (to - from);
        splitByWords(train, from, to);
        workers.run(threads, w -> {
            Network net = nets[w];
            net.gradients().zero();
            int a = bounds[w];
            int b = bounds[w + 1];
            losses[w] = a == b ? 0 : net.accumulateGradients(train.words(), train.labels(), train.sentenceLabels(),
                    st.order, a, b, objective, scale);
        });
        float lr = (float) st.lr;
        workers.run(threads, w -> Sgd.updateDenseShare(kernels, st.params, grads, lr, w, threads));
        if (!frozenEmbeddings) {
            Sgd.updateEmbeddingsFromShares(kernels, st.params, grads, lr, !normalized);
            normalized = true;
        }
        double loss = 0;
        for (int w = 0; w < threads; w++) {
            loss += losses[w];
        }
        return loss;
    }

    /**
     * bounds[w] .. bounds[w+1]: worker w's contiguous share of order[from..to), cut where the
     * running word count passes w/threads of the batch's words (work is per word, not per sentence).
     */
    private void splitByWords(Examples train, int from, int to) {
        long total = 0;
        for (int i = from; i < to; i++) {
            total += train.words()[st.order[i]].length;
        }
        bounds[0] = from;
        long running = 0;
        int i = from;
        for (int w = 1; w < threads; w++) {
            long target = total * w / threads;
            while (i < to) { // sentence i goes to the earlier share while its middle is before the cut
                int n = train.words()[st.order[i]].length;
                if (running + n / 2 >= target) {
                    break;
                }
                running += n;
                i++;
            }
            bounds[w] = i;
        }
        bounds[threads] = to;
    }
}
