package org.rnnslu.inference;

import java.util.List;

/** The IOB labelling scheme: which labels continue a chunk and which label sequences are well formed. */
public final class Iob {

    private Iob() {}

    /** The chunk type of an {@code I-x} label ("x"), else null. */
    public static String insideType(String label) {
        return label.startsWith("I-") ? label.substring(2) : null;
    }

    /**
     * True when every label is {@code O}, {@code B-x} or {@code I-x} and at least one is not {@code I-x}
     * (else no sequence could satisfy the constraint).
     */
    public static boolean isIobScheme(List<String> labels) {
        boolean startable = false;
        for (String l : labels) {
            boolean inside = l.startsWith("I-") && l.length() > 2;
            if (!inside && !l.equals("O") && !(l.startsWith("B-") && l.length() > 2)) {
                return false;
            }
            startable |= !inside;
        }
        return startable;
    }

    /** True when no {@code I-x} starts the sequence or follows a label other than {@code B-x} / {@code I-x}. */
    public static boolean isValid(String[] labels) {
        String prev = "O";
        for (String l : labels) {
            String type = insideType(l);
            if (type != null && !prev.equals("B-" + type) && !prev.equals("I-" + type)) {
                return false;
            }
            prev = l;
        }
        return true;
    }

    /** How many of the sequences are not valid IOB ({@link #isValid}). */
    public static int countInvalid(List<String[]> sequences) {
        int bad = 0;
        for (String[] s : sequences) {
            bad += isValid(s) ? 0 : 1;
        }
        return bad;
    }
}
