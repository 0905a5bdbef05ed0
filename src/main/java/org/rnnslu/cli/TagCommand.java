package org.rnnslu.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.rnnslu.Tagger;
import org.rnnslu.data.InputException;
import org.rnnslu.data.TextLines;
import org.rnnslu.model.Task;

/** {@code tag}: labels raw sentences with a saved model. */
final class TagCommand implements Main.Command {

    @Override
    public String summary() {
        return "tag sentences (arguments, or one per line on stdin) with a saved model";
    }

    @Override
    public String help() {
        return String.join("\n",
                "usage: rnnslu tag --model DIR [--format text|conll|json] [SENTENCE ...]",
                "",
                "Each argument is one sentence; without arguments, sentences are read one per line from stdin",
                "(UTF-8; lines end at \\n or \\r\\n). Output is UTF-8 whatever the locale.",
                "Words are split on whitespace and preprocessed as at training time (digits -> DIGIT, unknown",
                "words -> <UNK>).",
                "  --format text   (default) the labels, then the slots as type=words",
                "  --format conll  one 'word label' line per word, a blank line between sentences",
                "  --format json   one JSON object per sentence",
                "  --kernels auto|scalar|vector",
                "");
    }

    @Override
    public int run(String[] argv, PrintStream out, PrintStream err) throws IOException {
        Args a = new Args("tag", argv, Set.of("model", "format", "kernels"), Set.of());
        String format = a.get("format", "text");
        if (!Set.of("text", "conll", "json").contains(format)) {
            throw new UsageException("tag: --format takes text, conll or json, got '" + format + "'");
        }
        Tagger tagger = Tagger.load(Path.of(a.require("model")), CliSupport.kernels(a.get("kernels", "auto")));
        if (!a.positionals().isEmpty()) {
            for (String s : a.positionals()) {
                print(tagger, s, format, out);
            }
            return 0;
        }
        // as strict as the data files: UTF-8 only, lines end at \n or \r\n, a lone \r is an error
        TextLines in = TextLines.of("stdin", System.in);
        List<String> chunk = new ArrayList<>();
        for (String line; (line = next(in, tagger, chunk, format, out)) != null; ) {
            chunk.add(line);
            if (chunk.size() == CHUNK) {
                printAll(tagger, chunk, format, out);
                chunk.clear();
                if (out.checkError()) {
                    return 2; // stop at the first write error; Main says what it was
                }
            }
        }
        printAll(tagger, chunk, format, out);
        return 0;
    }

    /** The next line; on a bad one, the lines before it are printed first, then the error thrown. */
    private static String next(TextLines in, Tagger tagger, List<String> pending, String format, PrintStream out)
            throws IOException {
        try {
            return in.next();
        } catch (InputException e) {
            printAll(tagger, pending, format, out);
            throw e;
        }
    }

    /** Lines read from stdin are tagged this many at a time, as packs (Tagger.tagAll). */
    private static final int CHUNK = 256;

    private static void printAll(Tagger tagger, List<String> lines, String format, PrintStream out) {
        if (tagger.task() != Task.SLOTS) {
            for (String line : lines) {
                print(tagger, line, format, out);
            }
            return;
        }
        List<String[]> sentences = new ArrayList<>(lines.size());
        for (String line : lines) {
            sentences.add(TextLines.tokens(line));
        }
        List<String[]> labels = tagger.tagAll(sentences);
        for (int i = 0; i < sentences.size(); i++) {
            print(sentences.get(i), labels.get(i), null, format, out);
        }
    }

    private static void print(Tagger tagger, String sentence, String format, PrintStream out) {
        String[] words = TextLines.tokens(sentence);
        if (words.length == 0) {
            printEmpty(tagger.task(), format, out);
            return;
        }
        if (tagger.task() == Task.INTENT) {
            String intent = tagger.classify(words);
            switch (format) {
                case "json": out.println("{\"words\":" + jsonArray(words) + ",\"intent\":" + json(intent) + "}"); break;
                case "conll": out.println("# intent = " + intent); out.println(String.join(" ", words)); out.println(); break;
                default: out.println(intent + "\t" + String.join(" ", words));
            }
            return;
        }
        print(words, tagger.tag(words), tagger.task() == Task.JOINT ? tagger.classify(words) : null, format, out);
    }

    /** A blank input line: a blank line, or in JSON Lines an empty record (intent null). */
    private static void printEmpty(Task task, String format, PrintStream out) {
        if (!format.equals("json")) {
            out.println();
        } else if (task == Task.INTENT) {
            out.println("{\"words\":[],\"intent\":null}");
        } else {
            out.println("{\"words\":[],\"labels\":[],\"slots\":[]" + (task == Task.JOINT ? ",\"intent\":null" : "") + "}");
        }
    }

    /** Prints one tagged sentence (intent: the joint model's, or null). */
    private static void print(String[] words, String[] labels, String intent, String format, PrintStream out) {
        if (words.length == 0) {
            printEmpty(intent == null ? Task.SLOTS : Task.JOINT, format, out);
            return;
        }
        List<Tagger.Slot> slots = Tagger.slots(words, labels);
        switch (format) {
            case "conll":
                if (intent != null) {
                    out.println("# intent = " + intent);
                }
                for (int i = 0; i < words.length; i++) {
                    out.println(words[i] + " " + labels[i]);
                }
                out.println();
                break;
            case "json": {
                List<String> s = new ArrayList<>();
                for (Tagger.Slot slot : slots) {
                    s.add("{\"type\":" + json(slot.type()) + ",\"text\":" + json(slot.text()) + ",\"start\":" + slot.start()
                            + ",\"end\":" + slot.end() + "}");
                }
                out.println("{\"words\":" + jsonArray(words) + ",\"labels\":" + jsonArray(labels) + ",\"slots\":["
                        + String.join(",", s) + "]" + (intent != null ? ",\"intent\":" + json(intent) : "") + "}");
                break;
            }
            default: {
                out.println(String.join(" ", words));
                out.println(String.join(" ", labels));
                List<String> s = new ArrayList<>();
                for (Tagger.Slot slot : slots) {
                    s.add(slot.toString());
                }
                out.println(s.isEmpty() ? "(no slots)" : String.join("  ", s));
                if (intent != null) {
                    out.println("intent: " + intent);
                }
                out.println();
            }
        }
    }

    private static String jsonArray(String[] items) {
        List<String> q = new ArrayList<>();
        for (String s : items) {
            q.add(json(s));
        }
        return "[" + String.join(",", q) + "]";
    }

    static String json(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        return sb.append('"').toString();
    }
}
