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
    /**
     * 0: the tutorial's one step per sentence. BS &gt; 0: is13's regime, one step per word over the
     * windows of the last BS words, each call from h0 ({@code Network#trainBpttSentence}).
     */
    public final int bptt;
    /**
     * The embedding table is not trained: SGD leaves it as initialised (no update, no
     * normalisation), the other parameters train as usual.
     */
    public final boolean freezeEmbeddings;
    /**
     * P of inverted dropout on the input windows during training (0: off): each element of x is
     * zeroed with probability P and the others scaled by 1/(1 − P) ({@link org.rnnslu.model.Dropout}).
     */
    public final double dropout;
    /**
     * Ph of inverted dropout on the hidden states the output layer and the intent head read, during
     * training (0: off); the recurrence carries the undropped states.
     */
    public final double dropoutHidden;

    /** is13's {@code elman-forward.py} learning rate. */
    public static final double IS13_LR = 0.0627142536696559;

    public TrainSettings() {
        this(TUTORIAL_LR, 7, 200, 50, 345, 60, 10, true, 1e-5, 1, 0, false, 0, 0);
    }

    /**
     * mesnilgr/is13's {@code elman-forward.py}: lr 0.0627142536696559, win 7, nhidden 100,
     * emb_dimension 100, seed 345, 50 epochs, no decay, bs 9 (per-word SGD, 9 steps of BPTT).
     */
    public static TrainSettings is13() {
        return new TrainSettings(IS13_LR, 7, 100, 100, 345, 50, 10, false, 1e-5, 1, 9, false, 0, 0);
    }

    private TrainSettings(double lr, int window, int hidden, int embedding, long seed, int epochs, int patience,
                          boolean decay, double minLr, int batch, int bptt, boolean freezeEmbeddings, double dropout,
                          double dropoutHidden) {
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
        this.bptt = (int) check(bptt >= 0, bptt, "--bptt must be >= 1 (0: off)");
        check(bptt == 0 || batch == 1, batch, "--bptt trains one word at a time: it needs --batch 1");
        this.freezeEmbeddings = freezeEmbeddings;
        this.dropout = check(dropout >= 0 && dropout < 1, dropout, "--dropout must be >= 0 and < 1");
        check(dropout == 0 || bptt == 0, bptt, "--dropout drops on whole sentences: not with --bptt");
        this.dropoutHidden = check(dropoutHidden >= 0 && dropoutHidden < 1, dropoutHidden, "--dropout-hidden must be >= 0 and < 1");
        check(dropoutHidden == 0 || bptt == 0, bptt, "--dropout-hidden drops on whole sentences: not with --bptt");
    }

    private static double check(boolean ok, double value, String rule) {
        if (!ok) {
            throw new IllegalArgumentException(rule + ", got " + (value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value)));
        }
        return value;
    }

    public TrainSettings withLr(double v) { return new TrainSettings(v, window, hidden, embedding, seed, epochs, patience, decay, minLr, batch, bptt, freezeEmbeddings, dropout, dropoutHidden); }
    public TrainSettings withWindow(int v) { return new TrainSettings(lr, v, hidden, embedding, seed, epochs, patience, decay, minLr, batch, bptt, freezeEmbeddings, dropout, dropoutHidden); }
    public TrainSettings withHidden(int v) { return new TrainSettings(lr, window, v, embedding, seed, epochs, patience, decay, minLr, batch, bptt, freezeEmbeddings, dropout, dropoutHidden); }
    public TrainSettings withEmbedding(int v) { return new TrainSettings(lr, window, hidden, v, seed, epochs, patience, decay, minLr, batch, bptt, freezeEmbeddings, dropout, dropoutHidden); }
    public TrainSettings withSeed(long v) { return new TrainSettings(lr, window, hidden, embedding, v, epochs, patience, decay, minLr, batch, bptt, freezeEmbeddings, dropout, dropoutHidden); }
    public TrainSettings withEpochs(int v) { return new TrainSettings(lr, window, hidden, embedding, seed, v, patience, decay, minLr, batch, bptt, freezeEmbeddings, dropout, dropoutHidden); }
    public TrainSettings withPatience(int v) { return new TrainSettings(lr, window, hidden, embedding, seed, epochs, v, decay, minLr, batch, bptt, freezeEmbeddings, dropout, dropoutHidden); }
    public TrainSettings withDecay(boolean v) { return new TrainSettings(lr, window, hidden, embedding, seed, epochs, patience, v, minLr, batch, bptt, freezeEmbeddings, dropout, dropoutHidden); }
    public TrainSettings withMinLr(double v) { return new TrainSettings(lr, window, hidden, embedding, seed, epochs, patience, decay, v, batch, bptt, freezeEmbeddings, dropout, dropoutHidden); }
    public TrainSettings withBatch(int v) { return new TrainSettings(lr, window, hidden, embedding, seed, epochs, patience, decay, minLr, v, bptt, freezeEmbeddings, dropout, dropoutHidden); }

    public TrainSettings withBptt(int v) { return new TrainSettings(lr, window, hidden, embedding, seed, epochs, patience, decay, minLr, batch, v, freezeEmbeddings, dropout, dropoutHidden); }
    public TrainSettings withFreezeEmbeddings(boolean v) { return new TrainSettings(lr, window, hidden, embedding, seed, epochs, patience, decay, minLr, batch, bptt, v, dropout, dropoutHidden); }
    public TrainSettings withDropout(double v) { return new TrainSettings(lr, window, hidden, embedding, seed, epochs, patience, decay, minLr, batch, bptt, freezeEmbeddings, v, dropoutHidden); }
    public TrainSettings withDropoutHidden(double v) { return new TrainSettings(lr, window, hidden, embedding, seed, epochs, patience, decay, minLr, batch, bptt, freezeEmbeddings, dropout, v); }

    /** Everything that shapes a run's numbers except the epoch limit (which --resume may raise). */
    public String fingerprint() {
        return "lr=" + lr + " win=" + window + " nh=" + hidden + " de=" + embedding + " seed=" + seed
                + " patience=" + patience + " decay=" + decay + " min_lr=" + minLr + " batch=" + batch + bpttText() + freezeText() + dropoutText();
    }

    @Override
    public String toString() {
        return "lr=" + lr + " win=" + window + " nh=" + hidden + " de=" + embedding + " seed=" + seed
                + " epochs=" + epochs + " patience=" + patience + " decay=" + decay + " min_lr=" + minLr
                + " batch=" + batch + bpttText() + freezeText() + dropoutText();
    }

    /** Only when on, so that the texts of the other recipes stay as they were. */
    private String dropoutText() {
        return (dropout > 0 ? " dropout=" + dropout : "") + (dropoutHidden > 0 ? " dropout_hidden=" + dropoutHidden : "");
    }

    /** Only when on, so that the texts of the other recipes stay as they were. */
    private String freezeText() {
        return freezeEmbeddings ? " freeze_embeddings=true" : "";
    }

    /** Only when on, so that the tutorial recipe's texts stay as they were. */
    private String bpttText() {
        return bptt > 0 ? " bptt=" + bptt : "";
    }
}
