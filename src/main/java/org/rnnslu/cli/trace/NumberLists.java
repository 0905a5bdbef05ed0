package org.rnnslu.cli.trace;

import java.util.ArrayList;
import java.util.List;
import org.rnnslu.model.Dims;

/** The numbers of --idxs and --y read from the text typed, as numpy prints arrays, each checked against the model. */
final class NumberLists {

    private NumberLists() {}

    /** "[[-1,-1,-1,194,358,463,208], [...]]" (commas or spaces) -> the rows, flat.   [n*cs] */
    static int[] parseIdxs(String text, Dims d) {
        List<List<Integer>> rows = rows(text, d);
        int[] flat = new int[rows.size() * d.cs()];
        for (int t = 0; t < rows.size(); t++) {
            List<Integer> row = rows.get(t);
            if (row.size() != d.cs()) {
                throw new FlagException("trace: --idxs row " + t + " has " + row.size() + " indices; the model's window"
                        + " is cs = " + d.cs());
            }
            for (int j = 0; j < d.cs(); j++) {
                flat[t * d.cs() + j] = wordIndex(row.get(j), t, j, d);
            }
        }
        return flat;
    }

    /** The rows of a matrix "[[...], [...]]", each a list of integers (not yet checked against the model). */
    private static List<List<Integer>> rows(String text, Dims d) {
        List<List<Integer>> rows = new ArrayList<>();
        String s = text.strip();
        if (!s.startsWith("[[") || !s.endsWith("]]")) {
            throw new FlagException("trace: --idxs is a matrix, one row of " + d.cs() + " indices per step, like"
                    + " [[-1,-1,-1,194,358,463,208]]; got '" + abbreviate(text) + "'");
        }
        for (String row : s.substring(1, s.length() - 1).split("]")) {
            String r = row.strip();
            if (r.startsWith(",")) {
                r = r.substring(1).strip();
            }
            if (r.isEmpty()) {
                continue;
            }
            if (!r.startsWith("[")) {
                throw new FlagException("trace: --idxs: expected '[' before '" + abbreviate(r) + "'");
            }
            rows.add(integers(r.substring(1), "--idxs"));
        }
        if (rows.isEmpty()) {
            throw new FlagException("trace: --idxs has no rows");
        }
        return rows;
    }

    /** idxs[t][j] = v checked: a word 0..ne-1, or padding (-1, or ne as numpy's last row). */
    private static int wordIndex(int v, int t, int j, Dims d) {
        if (v < -1 || v > d.ne()) {
            throw new FlagException("trace: --idxs[" + t + "][" + j + "] = " + v + " is not a word index: the"
                    + " model has words 0.." + (d.ne() - 1) + " and -1 (or " + d.ne() + ") for padding");
        }
        return v;
    }

    /** "126", "[126]" or "[0, 0, 126]" -> the label numbers, each checked against nc. */
    static int[] parseY(String text, int nc) {
        String s = text.strip();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        List<Integer> ys = integers(s, "--y");
        if (ys.isEmpty()) {
            throw new FlagException("trace: --y is empty");
        }
        int[] out = new int[ys.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ys.get(i);
            if (out[i] < 0 || out[i] >= nc) {
                throw new FlagException("trace: --y " + out[i] + " is not a label number: the model has labels 0.."
                        + (nc - 1) + " (line numbers of labels.txt, from 0)");
            }
        }
        return out;
    }

    /** The integers of s, separated by commas or white space; a token that is not one names the flag. */
    private static List<Integer> integers(String s, String flag) {
        List<Integer> out = new ArrayList<>();
        for (String tok : s.split("[,\\s]+")) {
            if (tok.isEmpty()) {
                continue;
            }
            try {
                out.add(Integer.parseInt(tok));
            } catch (NumberFormatException e) {
                throw new FlagException("trace: " + flag + ": '" + abbreviate(tok) + "' is not an integer");
            }
        }
        return out;
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
