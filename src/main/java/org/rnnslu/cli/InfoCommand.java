package org.rnnslu.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.rnnslu.io.InputException;
import org.rnnslu.store.ModelFolder;
import org.rnnslu.io.ModelZip;
import org.rnnslu.json.Json;
import org.rnnslu.json.JsonException;
import org.rnnslu.json.JsonWriter;
import org.rnnslu.model.Dims;
import org.rnnslu.train.ModelCard;
import org.rnnslu.train.RecipeFile;

/** {@code info}: what a model folder (or zip) says about itself: shapes, recipe, card. */
final class InfoCommand implements Main.Command {

    @Override
    public String summary() {
        return "describe a model: its shapes, the recipe that trained it, its scores and run";
    }

    @Override
    public String help() {
        return String.join("\n",
                "usage: rnnslu info --model DIR|FILE.zip [--format text|json]",
                "",
                "Loads the model (checking every file against its MANIFEST) and prints its task and shapes,",
                "recipe.properties (the settings that trained it: train --config FILE trains it again) and",
                "card.json (the best epoch's validation and test scores, per slot type and per intent, the",
                "data's sizes and hashes, rnnslu's version, kernels, threads, JDK, time and speed). A folder",
                "saved before models described themselves (or by the tutorial) loads too; info says which",
                "files it lacks. --format json prints one JSON object: model, task, dims, preprocessing,",
                "recipe, card (null when absent) and missing.",
                "");
    }

    /** What info read: the loaded model and its description files (null when absent). */
    private record Described(ModelFolder.Contents model, Map<String, String> recipe, Map<String, Object> card) {}

    @Override
    public int run(String[] argv, PrintStream out, PrintStream err) throws IOException {
        Args a = new Args("info", argv, Set.of("model", "format"), Set.of());
        if (!a.positionals().isEmpty()) {
            throw new UsageException("info: unexpected argument '" + a.positionals().get(0) + "'");
        }
        String format = a.get("format", "text");
        if (!format.equals("text") && !format.equals("json")) {
            throw new UsageException("info: --format takes text or json, got '" + format + "'");
        }
        Path model = Path.of(a.require("model"));
        Described d = ModelFolder.read(model, InfoCommand::describe);
        if (format.equals("json")) {
            out.print(JsonWriter.pretty(json(model, d)));
        } else {
            text(out, model, d);
        }
        return 0;
    }

    private static Described describe(Path dir) throws IOException {
        ModelFolder.Contents c = ModelFolder.load(dir);
        Map<String, String> recipe = null;
        String recipeText = ModelFolder.description(dir, ModelFolder.RECIPE);
        if (recipeText != null) {
            recipe = new LinkedHashMap<>();
            for (RecipeFile.Entry e : RecipeFile.entries(List.of(recipeText.split("\n", -1)), dir.resolve(ModelFolder.RECIPE))) {
                recipe.put(e.key(), e.value());
            }
        }
        Map<String, Object> card = null;
        String cardText = ModelFolder.description(dir, ModelFolder.CARD);
        if (cardText != null) {
            card = card(cardText, dir.resolve(ModelFolder.CARD));
        }
        return new Described(c, recipe, card);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> card(String text, Path file) {
        Object v;
        try {
            v = Json.parse(text);
        } catch (JsonException e) {
            throw new InputException(file, 0, "not valid JSON: " + e.getMessage());
        }
        if (!(v instanceof Map) || !ModelCard.FORMAT.equals(((Map<String, Object>) v).get("format"))) {
            throw new InputException(file, 0, "not a model card (expected an object with \"format\": \"" + ModelCard.FORMAT + "\")");
        }
        return (Map<String, Object>) v;
    }

    private static List<String> missing(Described d) {
        List<String> m = new ArrayList<>();
        if (d.recipe() == null) {
            m.add(ModelFolder.RECIPE);
        }
        if (d.card() == null) {
            m.add(ModelFolder.CARD);
        }
        return m;
    }

    private static Map<String, Object> json(Path model, Described d) {
        Dims dims = d.model().params().dims;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", model.toString());
        m.put("kind", ModelZip.isZip(model) ? "zip" : "folder");
        m.put("task", d.model().task().id());
        Map<String, Object> shapes = new LinkedHashMap<>();
        shapes.put("ne", dims.ne());
        shapes.put("de", dims.de());
        shapes.put("cs", dims.cs());
        shapes.put("nh", dims.nh());
        shapes.put("nc", dims.nc());
        shapes.put("ni", dims.ni());
        shapes.put("intent_pool", dims.pool().id());
        m.put("dims", shapes);
        Map<String, Object> pre = new LinkedHashMap<>();
        for (String line : d.model().vocabulary().preprocessing().toLines()) {
            int eq = line.indexOf('=');
            pre.put(line.substring(0, eq), line.substring(eq + 1));
        }
        m.put("preprocessing", pre);
        m.put("recipe", d.recipe() == null ? Json.NULL : new LinkedHashMap<String, Object>(d.recipe()));
        m.put("card", d.card() == null ? Json.NULL : d.card());
        m.put("missing", new ArrayList<Object>(missing(d)));
        return m;
    }

    private static void text(PrintStream out, Path model, Described d) {
        Dims dims = d.model().params().dims;
        out.println("model: " + model + (ModelZip.isZip(model) ? " (zip)" : ""));
        out.printf(Locale.ROOT, "task %s; ne %d, de %d, cs %d, nh %d, nc %d, ni %d%s; %s%n", d.model().task().id(),
                dims.ne(), dims.de(), dims.cs(), dims.nh(), dims.nc(), dims.ni(),
                d.model().task().hasIntent() ? ", intent pool " + dims.pool().id() : "",
                String.join(" ", d.model().vocabulary().preprocessing().toLines()));
        if (d.recipe() != null) {
            StringBuilder sb = new StringBuilder("recipe:");
            d.recipe().forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
            out.println(sb);
        }
        if (d.card() != null) {
            CardText.print(out, d.card());
        }
        List<String> missing = missing(d);
        if (!missing.isEmpty()) {
            out.println("missing: " + String.join(", ", missing) + " (saved before models described themselves,"
                    + " or not by rnnslu train)");
        }
    }
}
