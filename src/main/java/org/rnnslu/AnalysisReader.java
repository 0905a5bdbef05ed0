package org.rnnslu;

import java.util.ArrayList;
import java.util.List;
import org.rnnslu.data.LabelSet;
import org.rnnslu.inference.CrfDecoder;
import org.rnnslu.model.Activations;
import org.rnnslu.model.Dims;
import org.rnnslu.model.NonFiniteScoresException;
import org.rnnslu.model.Pooling;
import org.rnnslu.model.Task;
import org.rnnslu.text.Token;

/** Reads an {@link Analysis} off the activations of one sentence of a pack. */
final class AnalysisReader {

    private final Task task;
    private final Dims dims;
    private final LabelSet labels;
    private final LabelSet intents;
    private final int topK;
    /** A CRF model's decoder: labels by Viterbi, probabilities its marginals (null for a softmax model). */
    private final CrfDecoder crf;

    /** @param intents the intent head's labels, or null (then an intent model's intents are its labels) */
    AnalysisReader(Task task, Dims dims, LabelSet labels, LabelSet intents, int topK, CrfDecoder crf) {
        this.crf = crf;
        this.task = task;
        this.dims = dims;
        this.labels = labels;
        this.intents = intents;
        this.topK = topK;
    }

    /**
     * The sentence at sorted position pos of act, whose tokens came from text.
     *
     * @param chosen the decoded label of each word (Viterbi), or null: each word's most probable one
     */
    Analysis read(Activations act, int pos, String text, List<Token> tokens, int[] chosen) {
        if (crf != null && task != Task.INTENT) {
            return readCrf(act, pos, text, tokens);
        }
        List<Analysis.Word> words = new ArrayList<>(tokens.size());
        int nc = dims.nc();
        for (int t = 0; t < tokens.size(); t++) {
            Token tok = tokens.get(t);
            if (task == Task.INTENT) {
                words.add(new Analysis.Word(tok.text(), tok.start(), tok.end(), null, Double.NaN, List.of()));
            } else {
                int row = act.row(pos, t) * nc;
                List<Analysis.Scored> top = ranking(act.p, row, nc, labels, topK, "label");
                Analysis.Scored best = chosen == null ? top.get(0)
                        : new Analysis.Scored(labels.label(chosen[t]), act.p[row + chosen[t]]);
                words.add(new Analysis.Word(tok.text(), tok.start(), tok.end(), best.label(), best.probability(), top));
            }
        }
        List<Analysis.Slot> slots = task == Task.INTENT ? List.of() : slots(text, words);
        return new Analysis(text, words, slots, intentRanking(act, pos));
    }

    /**
     * A CRF model's: each word's label from the Viterbi path, its probability the marginal
     * P(y_t = label | x) and its top-k the labels of highest marginal; a slot's score the
     * probability of its span's labelling, P(y_s .. y_e = the slot's labels | x) (see
     * {@link CrfDecoder#spanProbability}).
     */
    private Analysis readCrf(Activations act, int pos, String text, List<Token> tokens) {
        int nc = dims.nc();
        int n = tokens.size();
        int[] path = new int[n];
        crf.best(act, pos, path);
        float[] marginals = crf.marginals(act, pos);
        List<Analysis.Word> words = new ArrayList<>(n);
        for (int t = 0; t < n; t++) {
            Token tok = tokens.get(t);
            List<Analysis.Scored> top = ranking(marginals, t * nc, nc, labels, topK, "label");
            words.add(new Analysis.Word(tok.text(), tok.start(), tok.end(), labels.label(path[t]),
                    marginals[t * nc + path[t]], top));
        }
        List<Analysis.Slot> slots = slots(text, words);
        List<Analysis.Slot> scored = new ArrayList<>(slots.size());
        for (Analysis.Slot s : slots) {
            scored.add(new Analysis.Slot(s.type(), s.start(), s.end(), s.charStart(), s.charEnd(), s.text(), s.source(),
                    crf.spanProbability(path, s.start(), s.end() - 1)));
        }
        return new Analysis(text, words, scored, intentRanking(act, pos));
    }

    /** Every intent by probability: the head's q, else an intent model's p at the last word or mean_t p_t. */
    private List<Analysis.Scored> intentRanking(Activations act, int pos) {
        if (dims.hasIntentHead()) {
            return ranking(act.q, pos * dims.ni(), dims.ni(), intents, dims.ni(), "intent");
        }
        if (task != Task.INTENT) {
            return List.of();
        }
        int nc = dims.nc();
        int n = act.lengthAt(pos);
        if (dims.pool() != Pooling.MEAN) {
            return ranking(act.p, act.row(pos, n - 1) * nc, nc, labels, nc, "label");
        }
        float[] mean = new float[nc]; // [nc] = (1/n) Σ_t p_t, summed in t order as Forward.meanArgmax
        for (int t = 0; t < n; t++) {
            int row = act.row(pos, t) * nc;
            for (int c = 0; c < nc; c++) {
                mean[c] += act.p[row + c];
            }
        }
        for (int c = 0; c < nc; c++) {
            mean[c] /= n;
        }
        return ranking(mean, 0, nc, labels, nc, "label");
    }

    /**
     * The k most probable classes of the distribution v[off, off + n), best first; ties keep the
     * lower index first, so the first is numpy's argmax (the label tag() chooses).
     *
     * @throws NonFiniteScoresException if the scores are NaN (overflowing weights)
     */
    static List<Analysis.Scored> ranking(float[] v, int off, int n, LabelSet names, int k, String what) {
        int m = Math.min(k, n);
        int[] best = new int[m];
        int size = 0;
        for (int c = 0; c < n; c++) {
            float x = v[off + c];
            if (size == m && !(x > v[off + best[m - 1]])) {
                continue;
            }
            int j = size < m ? size++ : m - 1;
            while (j > 0 && x > v[off + best[j - 1]]) {
                best[j] = best[j - 1];
                j--;
            }
            best[j] = c;
        }
        if (Float.isNaN(v[off + best[0]])) { // as Forward's argmax: NaN anywhere makes the softmax NaN everywhere
            throw new NonFiniteScoresException(what);
        }
        List<Analysis.Scored> out = new ArrayList<>(m);
        for (int i = 0; i < m; i++) {
            out.add(new Analysis.Scored(names.label(best[i]), v[off + best[i]]));
        }
        return out;
    }

    /** The IOB chunks (as {@link Tagger#slots}) with their char spans and scores. */
    private static List<Analysis.Slot> slots(String text, List<Analysis.Word> words) {
        String[] w = new String[words.size()];
        String[] iob = new String[words.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = words.get(i).text();
            iob[i] = words.get(i).label();
        }
        List<Analysis.Slot> out = new ArrayList<>();
        for (Tagger.Slot s : Tagger.slots(w, iob)) {
            double score = 1;
            for (int i = s.start(); i < s.end(); i++) {
                score *= words.get(i).probability();
            }
            int from = words.get(s.start()).start();
            int to = words.get(s.end() - 1).end();
            out.add(new Analysis.Slot(s.type(), s.start(), s.end(), from, to, s.text(), text.substring(from, to), score));
        }
        return out;
    }
}
