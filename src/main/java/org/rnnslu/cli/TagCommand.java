package org.rnnslu.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.rnnslu.Tagger;
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
                "Each argument is one sentence; without arguments, sentences are read one per line from stdin.",
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
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        List<String> chunk = new ArrayList<>();
        for (String line; (line = in.readLine()) != null; ) {
            chunk.add(line);
            if (chunk.size() == CHUNK) {
                printAll(tagger, chunk, format, out);
                chunk.clear();
            }
        }
        printAll(tagger, chunk, format, out);
        return 0;
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
            out.println();
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

    /** Prints one tagged sentence (intent: the joint model's, or null). */
    private static void print(String[] words, String[] labels, String intent, String format, PrintStream out) {
        if (words.length == 0) {
            out.println();
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
