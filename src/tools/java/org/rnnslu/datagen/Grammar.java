package org.rnnslu.datagen;

import org.rnnslu.util.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A tiny weighted template grammar that produces labelled utterances.
 *
 * <p>Template syntax (words are separated by spaces):
 * <ul>
 *   <li>{@code word}: a literal word, labelled {@code O};
 *   <li>{@code (a b|c|)}: one alternative, uniformly (an empty alternative is allowed);
 *   <li>{@code [a b]}: optional, present half of the time;
 *   <li>{@code {lex:role}}: a phrase drawn from lexicon {@code lex} by weight, labelled
 *       {@code B-role I-role ...}; {@code {lex}} alone labels it {@code O};
 *   <li>{@code {@macro}} or {@code {@macro:arg}}: one of the macro's weighted sub-templates.
 * </ul>
 * Inside a macro, {@code $} in a role or an argument stands for the macro's argument, so
 * {@code {@date:depart_date}} can expand {@code {day:$.day_name}} to
 * {@code B-depart_date.day_name}.
 *
 * <p>Everything is kept in lists (never iterated out of a hash map), so expansion depends only
 * on the {@link Rng}.
 */
final class Grammar {

    /** One generated word with its IOB label and the slot fill it belongs to. */
    static final class Token {
        final String word;
        final String label;

        Token(String word, String label) {
            this.word = word;
            this.label = label;
        }
    }

    /** A slot fill made during one expansion: lexicon, role and phrase. */
    static final class Fill {
        final String lexicon;
        final String role;
        final String phrase;

        Fill(String lexicon, String role, String phrase) {
            this.lexicon = lexicon;
            this.role = role;
            this.phrase = phrase;
        }
    }

    /** Output of one expansion. */
    static final class Out {
        final List<Token> tokens = new ArrayList<>();
        final List<Fill> fills = new ArrayList<>();
    }

    /** A weighted list of phrases. */
    static final class Lexicon {
        final String name;
        final List<String> phrases = new ArrayList<>();
        private int[] cumulative = new int[0];
        private int total;

        Lexicon(String name) {
            this.name = name;
        }

        Lexicon add(String phrase, int weight) {
            if (weight <= 0) {
                throw new IllegalArgumentException(name + ": weight " + weight + " for '" + phrase + "'");
            }
            if (phrases.contains(phrase)) {
                throw new IllegalArgumentException(name + ": duplicate phrase '" + phrase + "'");
            }
            phrases.add(phrase);
            total += weight;
            cumulative = Arrays.copyOf(cumulative, cumulative.length + 1);
            cumulative[cumulative.length - 1] = total;
            return this;
        }

        /** Entries "phrase" (weight 1) or "phrase=weight". */
        Lexicon addAll(String... entries) {
            for (String e : entries) {
                int eq = e.lastIndexOf('=');
                if (eq >= 0) {
                    add(e.substring(0, eq), Integer.parseInt(e.substring(eq + 1)));
                } else {
                    add(e, 1);
                }
            }
            return this;
        }

        String pick(Rng rng) {
            int r = rng.nextInt(total);
            int lo = 0;
            int hi = cumulative.length - 1;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (cumulative[mid] > r) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            return phrases.get(lo);
        }
    }

    // ----------------------------------------------------------------------------- the nodes

    interface Node {
        void expand(Grammar g, Rng rng, String arg, Out out);
    }

    private static final class Word implements Node {
        final String word;

        Word(String word) {
            this.word = word;
        }

        @Override
        public void expand(Grammar g, Rng rng, String arg, Out out) {
            out.tokens.add(new Token(word, "O"));
        }
    }

    private static final class Seq implements Node {
        final List<Node> items = new ArrayList<>();

        @Override
        public void expand(Grammar g, Rng rng, String arg, Out out) {
            for (Node n : items) {
                n.expand(g, rng, arg, out);
            }
        }
    }

    private static final class Choice implements Node {
        final List<Seq> alternatives = new ArrayList<>();

        @Override
        public void expand(Grammar g, Rng rng, String arg, Out out) {
            alternatives.get(rng.nextInt(alternatives.size())).expand(g, rng, arg, out);
        }
    }

    private static final class Opt implements Node {
        final Seq body;

        Opt(Seq body) {
            this.body = body;
        }

        @Override
        public void expand(Grammar g, Rng rng, String arg, Out out) {
            if (rng.nextInt(2) == 0) {
                body.expand(g, rng, arg, out);
            }
        }
    }

    private static final class Slot implements Node {
        final String lexicon;
        final String role; // null: label O

        Slot(String lexicon, String role) {
            this.lexicon = lexicon;
            this.role = role;
        }

        @Override
        public void expand(Grammar g, Rng rng, String arg, Out out) {
            String phrase = g.lexicons.get(lexicon).pick(rng);
            if (phrase.isEmpty()) {
                return;
            }
            String r = role == null ? null : substitute(role, arg);
            String[] words = phrase.split(" ");
            for (int i = 0; i < words.length; i++) {
                out.tokens.add(new Token(words[i], r == null ? "O" : (i == 0 ? "B-" : "I-") + r));
            }
            if (r != null) {
                out.fills.add(new Fill(lexicon, r, phrase));
            }
        }
    }

    private static final class MacroRef implements Node {
        final String macro;
        final String macroArg; // may contain $, may be null

        MacroRef(String macro, String macroArg) {
            this.macro = macro;
            this.macroArg = macroArg;
        }

        @Override
        public void expand(Grammar g, Rng rng, String arg, Out out) {
            String a = macroArg == null ? arg : substitute(macroArg, arg);
            g.macros.get(macro).pick(rng).expand(g, rng, a, out);
        }
    }

    private static String substitute(String s, String arg) {
        if (s.indexOf('$') < 0) {
            return s;
        }
        if (arg == null) {
            throw new IllegalStateException("'$' used outside a macro with an argument: " + s);
        }
        return s.replace("$", arg);
    }

    /** Weighted alternatives of parsed templates. */
    static final class Weighted<T> {
        final List<T> items = new ArrayList<>();
        final List<Integer> weights = new ArrayList<>();
        int total;

        void add(T item, int weight) {
            if (weight <= 0) {
                throw new IllegalArgumentException("weight " + weight);
            }
            items.add(item);
            weights.add(weight);
            total += weight;
        }

        T pick(Rng rng) {
            int r = rng.nextInt(total);
            for (int i = 0; i < items.size(); i++) {
                r -= weights.get(i);
                if (r < 0) {
                    return items.get(i);
                }
            }
            throw new AssertionError();
        }
    }

    // ----------------------------------------------------------------------------- the grammar

    final Map<String, Lexicon> lexicons = new HashMap<>();
    final Map<String, Weighted<Node>> macros = new HashMap<>();
    private final List<String> lexiconOrder = new ArrayList<>();
    private final List<Runnable> checks = new ArrayList<>();

    Lexicon lexicon(String name, String... entries) {
        if (lexicons.containsKey(name)) {
            throw new IllegalArgumentException("lexicon " + name + " defined twice");
        }
        Lexicon l = new Lexicon(name).addAll(entries);
        lexicons.put(name, l);
        lexiconOrder.add(name);
        return l;
    }

    /** Adds "weight: template" or plain "template" (weight 1) alternatives to a macro. */
    void macro(String name, String... templates) {
        Weighted<Node> w = macros.computeIfAbsent(name, k -> new Weighted<>());
        for (String t : templates) {
            int[] weight = {1};
            String body = splitWeight(t, weight);
            w.add(parse(body), weight[0]);
        }
    }

    /** Parses a template; names are checked once the whole grammar is defined. */
    Node parse(String template) {
        Parser p = new Parser(template);
        Seq s = p.seq("");
        if (p.pos != template.length()) {
            throw new IllegalArgumentException("unbalanced template: " + template);
        }
        return s;
    }

    static String splitWeight(String t, int[] weight) {
        int colon = t.indexOf(": ");
        if (colon > 0 && t.substring(0, colon).chars().allMatch(Character::isDigit)) {
            weight[0] = Integer.parseInt(t.substring(0, colon));
            return t.substring(colon + 2);
        }
        return t;
    }

    /** Throws if a template names a lexicon or macro that does not exist. */
    void validate() {
        for (Runnable r : checks) {
            r.run();
        }
    }

    Out expand(Node template, Rng rng) {
        Out out = new Out();
        template.expand(this, rng, null, out);
        return out;
    }

    private final class Parser {
        final String s;
        int pos;

        Parser(String s) {
            this.s = s;
        }

        Seq seq(String terminators) {
            Seq seq = new Seq();
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (terminators.indexOf(c) >= 0) {
                    return seq;
                }
                if (c == ' ') {
                    pos++;
                } else if (c == '(') {
                    pos++;
                    Choice ch = new Choice();
                    while (true) {
                        ch.alternatives.add(seq("|)"));
                        if (pos >= s.length()) {
                            throw new IllegalArgumentException("unclosed ( in: " + s);
                        }
                        if (s.charAt(pos++) == ')') {
                            break;
                        }
                    }
                    seq.items.add(ch);
                } else if (c == '[') {
                    pos++;
                    Seq body = seq("]");
                    if (pos >= s.length()) {
                        throw new IllegalArgumentException("unclosed [ in: " + s);
                    }
                    pos++;
                    seq.items.add(new Opt(body));
                } else if (c == '{') {
                    int end = s.indexOf('}', pos);
                    if (end < 0) {
                        throw new IllegalArgumentException("unclosed { in: " + s);
                    }
                    String ref = s.substring(pos + 1, end);
                    pos = end + 1;
                    seq.items.add(reference(ref));
                } else if ("|)]}".indexOf(c) >= 0) {
                    throw new IllegalArgumentException("unexpected " + c + " in: " + s);
                } else {
                    int start = pos;
                    while (pos < s.length() && " ()[]{}|".indexOf(s.charAt(pos)) < 0) {
                        pos++;
                    }
                    seq.items.add(new Word(s.substring(start, pos)));
                }
            }
            return seq;
        }

        private Node reference(String ref) {
            int colon = ref.indexOf(':');
            String name = colon < 0 ? ref : ref.substring(0, colon);
            String arg = colon < 0 ? null : ref.substring(colon + 1);
            String where = s;
            if (name.startsWith("@")) {
                String m = name.substring(1);
                checks.add(() -> {
                    if (!macros.containsKey(m)) {
                        throw new IllegalArgumentException("unknown macro @" + m + " in: " + where);
                    }
                });
                return new MacroRef(m, arg);
            }
            checks.add(() -> {
                if (!lexicons.containsKey(name)) {
                    throw new IllegalArgumentException("unknown lexicon " + name + " in: " + where);
                }
            });
            return new Slot(name, arg);
        }
    }
}
