package org.rnnslu.train;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import org.rnnslu.data.LabelSet;
import org.rnnslu.data.Utterance;
import org.rnnslu.data.Vocabulary;

/**
 * Content hashes for the resume fingerprint: the first 64 bits of SHA-256, in hex, over a split's
 * utterances (words, slot labels, intent) or over the encoding (the vocabulary in index order, its
 * preprocessing, the label sets). Two runs whose data differ anywhere, even with the same counts,
 * get different hashes.
 */
final class DataHash {

    private DataHash() {}

    /** A split's words, slots and intents, utterance by utterance. */
    static String of(List<Utterance> split) {
        MessageDigest md = sha256();
        for (Utterance u : split) {
            add(md, u.words());
            add(md, u.slots());
            add(md, u.intent());
        }
        return hex(md.digest());
    }

    /** What maps words and labels to indices. */
    static String of(Vocabulary vocabulary, LabelSet outputs, LabelSet intents) {
        MessageDigest md = sha256();
        add(md, vocabulary.preprocessing().toString());
        add(md, vocabulary.words().toArray(new String[0]));
        add(md, outputs == null ? null : outputs.labels().toArray(new String[0]));
        add(md, intents == null ? null : intents.labels().toArray(new String[0]));
        return hex(md.digest());
    }

    /** Items with their lengths, so that no two different sequences give the same bytes. */
    private static void add(MessageDigest md, String[] items) {
        if (items == null) {
            md.update((byte) 0);
            return;
        }
        md.update((byte) 1);
        lengthOf(md, items.length);
        for (String s : items) {
            add(md, s);
        }
    }

    private static void add(MessageDigest md, String s) {
        if (s == null) {
            md.update((byte) 0);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        md.update((byte) 1);
        lengthOf(md, b.length);
        md.update(b);
    }

    private static void lengthOf(MessageDigest md, int n) {
        md.update(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static String hex(byte[] digest) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            b.append(Character.forDigit((digest[i] >> 4) & 0xf, 16)).append(Character.forDigit(digest[i] & 0xf, 16));
        }
        return b.toString();
    }
}
