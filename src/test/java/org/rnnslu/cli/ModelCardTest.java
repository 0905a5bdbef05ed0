package org.rnnslu.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnslu.cli.CliRun.Result;
import org.rnnslu.data.Splits;
import org.rnnslu.eval.Conlleval;
import org.rnnslu.eval.Evaluation;
import org.rnnslu.eval.IntentEval;
import org.rnnslu.store.ModelFolder;
import org.rnnslu.json.Json;
import org.rnnslu.kernels.KernelProvider;
import org.rnnslu.model.Model;
import org.rnnslu.train.TrainSettings;
import org.rnnslu.train.Training;
import org.rnnslu.train.TrainingListener;
import org.rnnslu.train.TrainingRecipe;

/** A model folder describes itself: recipe.properties (train --config), card.json, and info. */
class ModelCardTest {

    @TempDir
    static Path tmp;
    static Path data;
    static Path model;
    static String bestLine;

    static final String[] FLAGS = {"--task", "joint", "--epochs", "5", "--nh", "10", "--de", "6", "--win", "3", "--lr", "0.2",
            "--patience", "2", "--threads", "2", "--seed", "5"};

    static Result run(String... args) {
        return CliRun.run(args);
    }

    static Result train(Path out, String... flags) {
        List<String> args = new ArrayList<>(List.of("train", "--data", data.toString(), "--out", out.toString(), "--quiet"));
        args.addAll(List.of(flags));
        Result r = run(args.toArray(new String[0]));
        assertThat(r.code()).as(r.err()).isZero();
        return r;
    }

    @BeforeAll
    static void trainOne() throws IOException {
        data = TinyCorpus.write(tmp.resolve("data"), 3);
        model = tmp.resolve("model");
        bestLine = train(model, FLAGS).out().lines().filter(l -> l.startsWith("BEST RESULT")).findFirst().orElseThrow();
    }

    static Map<String, Object> card(Path dir) throws IOException {
        return CardFiles.card(dir);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    static String two(Object number) {
        return String.format(Locale.ROOT, "%.2f", ((BigDecimal) number).doubleValue());
    }

    @Test
    void theCardHoldsTheBestResultLinesNumbers() throws IOException {
        Matcher m = Pattern.compile("BEST RESULT: epoch (\\d+) valid F1 (\\S+) ACC (\\S+) test F1 (\\S+) ACC (\\S+)").matcher(bestLine);
        assertThat(m.matches()).as(bestLine).isTrue();
        Map<String, Object> card = card(model);
        Map<String, Object> best = map(card.get("best"));
        assertThat(best.get("epoch").toString()).isEqualTo(m.group(1));
        assertThat(two(map(best.get("valid")).get("f1"))).isEqualTo(m.group(2));
        assertThat(two(map(best.get("valid")).get("intent_accuracy"))).isEqualTo(m.group(3));
        assertThat(two(map(best.get("test")).get("f1"))).isEqualTo(m.group(4));
        assertThat(two(map(best.get("test")).get("intent_accuracy"))).isEqualTo(m.group(5));
        assertThat(card.get("finished")).isEqualTo(true);
        assertThat(card.get("epochs_run").toString()).isEqualTo("5");
        assertThat(card.get("seed").toString()).isEqualTo("5");
        Map<String, Object> run = map(card.get("run"));
        assertThat(run.get("threads").toString()).isEqualTo("2");
        assertThat(run.get("kernels")).isEqualTo(KernelProvider.get().name());
        assertThat(map(run.get("jdk")).get("version")).isEqualTo(System.getProperty("java.runtime.version"));
        assertThat(card.get("rnnslu_version")).isNotEqualTo("unknown");
        Map<String, Object> split = map(map(card.get("data")).get("train"));
        assertThat(split.get("utterances").toString()).isEqualTo("120");
        assertThat((String) split.get("hash")).matches("[0-9a-f]{16}");
        assertThat(Files.readString(model.resolve(ModelFolder.MANIFEST))).contains("card.json ").contains("recipe.properties ");
    }

    /** The per-type and per-intent numbers are the saved model's own scores on each split. */
    @Test
    void perTypeAndPerIntentScoresAreTheSavedModelsOwn() throws IOException {
        ModelFolder.Contents c = ModelFolder.load(model);
        Model saved = new Model(c.params(), c.vocabulary(), c.labels(), c.intents(), c.task());
        Splits splits = Splits.load(data);
        Map<String, Object> card = card(model);
        for (String name : new String[] {"valid", "test"}) {
            Evaluation.Result r = Evaluation.score(saved, name.equals("valid") ? splits.dev() : splits.test(), KernelProvider.get());
            Map<String, Object> types = map(map(card.get("slot_f1_by_type")).get(name));
            assertThat(types.keySet()).isEqualTo(r.slots().byType().keySet());
            for (Conlleval.TypeScore t : r.slots().byType().values()) {
                assertThat(((BigDecimal) map(types.get(t.type())).get("f1")).doubleValue()).as(t.type()).isCloseTo(t.f1(),
                        org.assertj.core.data.Offset.offset(1e-3));
            }
            Map<String, Object> intents = map(map(card.get("intent_accuracy_by_intent")).get(name));
            assertThat(intents).isNotEmpty();
            for (IntentEval.IntentScore s : r.intents().byIntent().values()) {
                if (s.support() > 0) {
                    assertThat(((BigDecimal) map(intents.get(s.intent())).get("accuracy")).doubleValue()).as(s.intent())
                            .isCloseTo(s.recall(), org.assertj.core.data.Offset.offset(1e-3));
                }
            }
        }
    }

    /** Only the run's clock and JDK may differ between two runs of one recipe. */
    @Test
    void twoRunsOfOneRecipeGiveTheSameCardButForTheClockAndTheJdk() throws IOException {
        Path again = tmp.resolve("again");
        train(again, FLAGS);
        Map<String, Object> a = withoutClock(card(model));
        Map<String, Object> b = withoutClock(card(again));
        assertThat(b).isEqualTo(a);
        assertThat(Files.readString(again.resolve(ModelFolder.RECIPE))).isEqualTo(Files.readString(model.resolve(ModelFolder.RECIPE)));
    }

    static Map<String, Object> withoutClock(Map<String, Object> card) {
        return CardFiles.withoutClock(card);
    }

    @Test
    void configTrainsTheSameModelAgainAndFlagsOverrideIt() throws IOException {
        Path again = tmp.resolve("from-config");
        train(again, "--config", model.resolve(ModelFolder.RECIPE).toString());
        for (String f : new String[] {"wx.npy", "wh.npy", "wi.npy", "embeddings.npy", "words.txt", "model.txt"}) {
            assertThat(Files.readAllBytes(again.resolve(f))).as(f).isEqualTo(Files.readAllBytes(model.resolve(f)));
        }
        Path shorter = tmp.resolve("from-config-2-epochs");
        train(shorter, "--config", model.resolve(ModelFolder.RECIPE).toString(), "--epochs", "2");
        assertThat(Files.readAllLines(shorter.resolve(ModelFolder.RECIPE))).contains("epochs=2", "nh=10", "task=joint");
    }

    @Test
    void aBadConfigLineIsOneLineNamingTheFileAndLineExit2() throws IOException {
        Path bad = Files.writeString(tmp.resolve("bad.properties"), "task=joint\nnh=ten\n");
        Result r = run("train", "--data", data.toString(), "--out", tmp.resolve("never").toString(), "--config", bad.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("rnnslu train: " + bad + ":2: nh=ten: expected an integer");
        assertThat(tmp.resolve("never")).doesNotExist();
    }

    @Test
    void infoDescribesTheModelInTextAndJson() throws IOException {
        Result text = run("info", "--model", model.toString());
        assertThat(text.code()).as(text.err()).isZero();
        String epoch = bestLine.replaceAll("BEST RESULT: epoch (\\d+) .*", "$1");
        assertThat(text.out()).contains("task joint; ne ").contains("recipe: task=joint").contains("best: epoch " + epoch + " of 5 run")
                .contains("slot F1 by type").contains("intent accuracy by intent").contains("atis_airfare").doesNotContain("missing");
        Result json = run("info", "--model", model.toString(), "--format", "json");
        assertThat(json.code()).as(json.err()).isZero();
        Map<String, Object> j = map(Json.parse(json.out()));
        assertThat(j.get("task")).isEqualTo("joint");
        assertThat(map(j.get("recipe")).get("nh")).isEqualTo("10");
        assertThat(map(j.get("card"))).isEqualTo(card(model));
        assertThat((List<?>) j.get("missing")).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void infoOnAFolderFromBeforeTheCardSaysWhatIsMissing() {
        Result text = run("info", "--model", Path.of("data", "tiny-model").toString());
        assertThat(text.code()).as(text.err()).isZero();
        assertThat(text.out()).contains("task slots; ne 4").contains("missing: recipe.properties, card.json");
        Result json = run("info", "--model", Path.of("data", "tiny-model").toString(), "--format", "json");
        Map<String, Object> j = map(Json.parse(json.out()));
        assertThat(j.get("card")).isEqualTo(Json.NULL);
        assertThat((List<Object>) j.get("missing")).containsExactly("recipe.properties", "card.json");
    }

    @Test
    void aHandEditedCardIsRefusedByItsManifest() throws IOException {
        Path copy = tmp.resolve("edited");
        train(copy, "--epochs", "1", "--nh", "4", "--de", "4", "--win", "3");
        Files.writeString(copy.resolve(ModelFolder.CARD), Files.readString(copy.resolve(ModelFolder.CARD)).replace("\"finished\": true", "\"finished\": false"));
        Result r = run("info", "--model", copy.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("card.json").contains("differs from MANIFEST");
    }

    /** The library writes them too: a Training run with an output folder, no CLI. */
    @Test
    void theTrainingApiWritesTheRecipeAndTheCard() throws IOException {
        Path api = tmp.resolve("api");
        TrainingRecipe recipe = TrainingRecipe.builder().settings(new TrainSettings().withEpochs(2).withHidden(6).withEmbedding(4)
                .withWindow(3)).threads(1).build();
        Training.prepare(recipe, data).run(KernelProvider.get(), api, false, new TrainingListener() {}, null);
        assertThat(Files.readAllLines(api.resolve(ModelFolder.RECIPE))).contains("nh=6", "epochs=2", "threads=1");
        assertThat(map(card(api).get("best")).get("epoch")).isNotNull();
    }
}
