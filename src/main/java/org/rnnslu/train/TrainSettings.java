package org.rnnslu.train;

/**
 * The training recipe's settings; defaults are the RNNSLU tutorial's {@code main()}:
 * lr 0.0970806646812754, win 7, nhidden 200, emb_dimension 50, seed 345, nepochs 60, decay on.
 * Immutable: use the {@code with...} methods.
 */
public final class TrainSettings {

    public static final double TUTORIAL_LR = 0.0970806646812754;

    public final double lr;
    public final int window;
    public final int hidden;
    public final int embedding;
    public final long seed;
    public final int epochs;
    /** Epochs without a better validation score before lr is halved (the tutorial's 10). */
    public final int patience;
    public final boolean decay;
    /** Training stops when the learning rate falls below this (the tutorial's 1e-5). */
    public final double minLr;
    /** Sentences per update: 1 is the tutorial's per-sentence SGD; B > 1 averages B gradients. */
    public final int batch;

    public TrainSettings() {
        this(TUTORIAL_LR, 7, 200, 50, 345, 60, 10, true, 1e-5, 1);
    }

    private TrainSettings(double lr, int window, int hidden, int embedding, long seed, int epochs, int patience,
                          boolean decay, double minLr, int batch) {
        this.lr = check(lr > 0 && Double.isFinite(lr), lr, "--lr must be a positive number");
        this.window = (int) check(window >= 1 && window % 2 == 1, window, "--win must be odd and >= 1");
        this.hidden = (int) check(hidden >= 1, hidden, "--nh must be >= 1");
        this.embedding = (int) check(embedding >= 1, embedding, "--de must be >= 1");
        this.seed = seed;
        this.epochs = (int) check(epochs >= 1, epochs, "--epochs must be >= 1");
        this.patience = (int) check(patience >= 1, patience, "--patience must be >= 1");
        this.decay = decay;
        this.minLr = check(minLr >= 0, minLr, "--min-lr must be >= 0");
        this.batch = (int) check(batch >= 1, batch, "--batch must be >= 1");
    }

    private static double check(boolean ok, double value, String rule) {
        if (!ok) {
            throw new IllegalArgumentException(rule + ", got " + (value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value)));
        }
        return value;
    }

    public TrainSettings withLr(double v) { return new TrainSettings(v, window, hidden, embedding, seed, epochs, patience, decay, minLr, batch); }
    public TrainSettings withWindow(int v) { return new TrainSettings(lr, v, hidden, embedding, seed, epochs, patience, decay, minLr, batch); }
    public TrainSettings withHidden(int v) { return new TrainSettings(lr, window, v, embedding, seed, epochs, patience, decay, minLr, batch); }
    public TrainSettings withEmbedding(int v) { return new TrainSettings(lr, window, hidden, v, seed, epochs, patience, decay, minLr, batch); }
    public TrainSettings withSeed(long v) { return new TrainSettings(lr, window, hidden, embedding, v, epochs, patience, decay, minLr, batch); }
    public TrainSettings withEpochs(int v) { return new TrainSettings(lr, window, hidden, embedding, seed, v, patience, decay, minLr, batch); }
    public TrainSettings withPatience(int v) { return new TrainSettings(lr, window, hidden, embedding, seed, epochs, v, decay, minLr, batch); }
    public TrainSettings withDecay(boolean v) { return new TrainSettings(lr, window, hidden, embedding, seed, epochs, patience, v, minLr, batch); }
    public TrainSettings withMinLr(double v) { return new TrainSettings(lr, window, hidden, embedding, seed, epochs, patience, decay, v, batch); }
    public TrainSettings withBatch(int v) { return new TrainSettings(lr, window, hidden, embedding, seed, epochs, patience, decay, minLr, v); }

    /** Everything that shapes a run's numbers except the epoch limit (which --resume may raise). */
    public String fingerprint() {
        return "lr=" + lr + " win=" + window + " nh=" + hidden + " de=" + embedding + " seed=" + seed
                + " patience=" + patience + " decay=" + decay + " min_lr=" + minLr + " batch=" + batch;
    }

    @Override
    public String toString() {
        return "lr=" + lr + " win=" + window + " nh=" + hidden + " de=" + embedding + " seed=" + seed
                + " epochs=" + epochs + " patience=" + patience + " decay=" + decay + " min_lr=" + minLr
                + " batch=" + batch;
    }
}
