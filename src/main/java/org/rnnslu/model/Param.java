package org.rnnslu.model;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The parameters a network can have: each one's file name ({@code <name>.npy} in a model folder or
 * checkpoint), its shape as a function of {@link Dims}, and the networks that have it. The
 * declaration order is the order of parameters in files, MANIFEST and checkpoints: the tutorial's
 * {@code self.params} order (a Jordan network's ws and s0 in the places of wh and h0, a hybrid's
 * each right after them), then the
 * intent head, then the backward direction, then a CRF's.
 */
public enum Param {
    EMBEDDINGS("embeddings", d -> shape(d.ne() + 1, d.de()), Has.ALWAYS),
    WX("wx", d -> shape(d.inputDim(), d.nh()), Has.ALWAYS),
    WH("wh", d -> shape(d.nh(), d.nh()), Has.HIDDEN_FEEDBACK),
    WS("ws", d -> shape(d.nc(), d.nh()), Has.OUTPUT_FEEDBACK),
    W("w", d -> shape(d.readWidth(), d.nc()), Has.ALWAYS),
    BH("bh", d -> shape(d.nh()), Has.ALWAYS),
    B("b", d -> shape(d.nc()), Has.ALWAYS),
    H0("h0", d -> shape(d.nh()), Has.HIDDEN_FEEDBACK),
    S0("s0", d -> shape(d.nc()), Has.OUTPUT_FEEDBACK),
    WI("wi", d -> shape(d.readWidth(), d.ni()), Has.INTENT_HEAD),
    BI("bi", d -> shape(d.ni()), Has.INTENT_HEAD),
    WXB("wxb", d -> shape(d.inputDim(), d.nh()), Has.BACKWARD_DIRECTION),
    WHB("whb", d -> shape(d.nh(), d.nh()), Has.BACKWARD_DIRECTION),
    BHB("bhb", d -> shape(d.nh()), Has.BACKWARD_DIRECTION),
    H0B("h0b", d -> shape(d.nh()), Has.BACKWARD_DIRECTION),
    TRANS("trans", d -> shape(d.nc(), d.nc()), Has.CRF),
    START("start", d -> shape(d.nc()), Has.CRF),
    END("end", d -> shape(d.nc()), Has.CRF);

    /** Which networks have a parameter. */
    private enum Has {
        /** HIDDEN_FEEDBACK: wh, h0 (Elman, hybrid); OUTPUT_FEEDBACK: ws, s0 (Jordan, hybrid). */
        ALWAYS, HIDDEN_FEEDBACK, OUTPUT_FEEDBACK, INTENT_HEAD, BACKWARD_DIRECTION, CRF;

        boolean in(Architecture a, boolean intentHead) {
            return switch (this) {
                case ALWAYS -> true;
                case HIDDEN_FEEDBACK -> a.recurrence().feedsBackHidden();
                case OUTPUT_FEEDBACK -> a.recurrence().feedsBackOutput();
                case INTENT_HEAD -> intentHead;
                case BACKWARD_DIRECTION -> a.direction() == Architecture.Direction.BI;
                case CRF -> a.output() == Architecture.Output.CRF;
            };
        }
    }

    private static final Param[] ALL = values();

    private final String fileName;
    private final Function<Dims, int[]> shape;
    private final Has has;

    Param(String fileName, Function<Dims, int[]> shape, Has has) {
        this.fileName = fileName;
        this.shape = shape;
        this.has = has;
    }

    /** The name in files: {@code <fileName>.npy}, and Theano's name of the parameter. */
    public String fileName() {
        return fileName;
    }

    /** Theano's shape of this parameter in a network of dims d (whether or not it has it). */
    public int[] shape(Dims d) {
        return shape.apply(d);
    }

    /** The number of floats of this parameter in a network of dims d (0 if it has none). */
    public int size(Dims d) {
        if (!in(d)) {
            return 0;
        }
        int n = 1;
        for (int s : shape(d)) {
            n *= s;
        }
        return n;
    }

    /** Whether a network of dims d has this parameter. */
    public boolean in(Dims d) {
        return in(d.arch(), d.hasIntentHead());
    }

    /** Whether a network of architecture a, with or without an intent head, has this parameter. */
    public boolean in(Architecture a, boolean intentHead) {
        return has.in(a, intentHead);
    }

    /** True for the right-to-left recurrence's own parameters (wxb, whb, bhb, h0b). */
    public boolean ofBackwardDirection() {
        return has == Has.BACKWARD_DIRECTION;
    }

    /** True for a CRF output layer's own parameters (trans, start, end). */
    public boolean ofCrf() {
        return has == Has.CRF;
    }

    /** The parameters of a network of dims d, in file order. */
    public static List<Param> of(Dims d) {
        return of(d.arch(), d.hasIntentHead());
    }

    /** The parameters of a network of architecture a, with or without an intent head, in file order. */
    public static List<Param> of(Architecture a, boolean intentHead) {
        List<Param> present = new ArrayList<>(ALL.length);
        for (Param p : ALL) {
            if (p.in(a, intentHead)) {
                present.add(p);
            }
        }
        return List.copyOf(present);
    }

    /** The parameter whose file name is {@code name}. */
    public static Param named(String name) {
        for (Param p : ALL) {
            if (p.fileName.equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("no parameter named '" + name + "'");
    }

    /** The file names of {@code params}, in their order. */
    public static List<String> fileNames(List<Param> params) {
        List<String> names = new ArrayList<>(params.size());
        for (Param p : params) {
            names.add(p.fileName);
        }
        return List.copyOf(names);
    }

    private static int[] shape(int... dims) {
        return dims;
    }
}
