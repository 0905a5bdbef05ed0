package org.rnnslu.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnslu.io.InputException;
import org.rnnslu.data.Preprocessing;
import org.rnnslu.model.Architecture;
import org.rnnslu.model.Objective;
import org.rnnslu.model.Pooling;
import org.rnnslu.model.Task;

/** recipe.properties and train --config: one table of keys that covers every setting of a recipe. */
class RecipeKeysTest {

    @TempDir
    Path tmp;

    /** A field added to the recipe without a key would be lost from recipe.properties: this names it. */
    @Test
    void everyFieldOfTheRecipeHasAKey() {
        Set<String> fields = new TreeSet<>();
        for (Field f : TrainingRecipe.class.getDeclaredFields()) {
            if (!Modifier.isStatic(f.getModifiers()) && !f.getName().equals("settings") && !f.getName().equals("preprocessing")
                    && !f.getName().equals("architecture")) {
                fields.add(f.getName());
            }
        }
        for (Field f : TrainSettings.class.getDeclaredFields()) {
            if (!Modifier.isStatic(f.getModifiers())) {
                fields.add("settings." + f.getName());
            }
        }
        for (RecordComponent c : Preprocessing.class.getRecordComponents()) {
            fields.add("preprocessing." + c.getName());
        }
        for (RecordComponent c : Architecture.class.getRecordComponents()) {
            fields.add("architecture." + c.getName());
        }
        Set<String> covered = new TreeSet<>();
        RecipeKeys.KEYS.forEach(k -> covered.addAll(k.fields()));
        assertThat(covered).isEqualTo(fields);
    }

    /** Every value differs from the default, so a key whose value or apply is wrong changes the recipe. */
    @Test
    void aRecipeWrittenAndReadBackIsTheSameRecipe() throws IOException {
        TrainSettings s = new TrainSettings().withLr(0.0123).withWindow(5).withHidden(17).withEmbedding(9).withSeed(99)
                .withEpochs(7).withPatience(3).withDecay(false).withMinLr(1e-4).withBatch(1).withBptt(4);
        TrainingRecipe bptt = TrainingRecipe.builder().settings(s).objective(Objective.ALL_STEPS)
                .preprocessing(new Preprocessing(false, 3, true)).threads(3).build();
        TrainingRecipe jordan = TrainingRecipe.builder().architecture(Architecture.TUTORIAL.withRecurrence(Architecture.Recurrence.JORDAN))
                .threads(1).build();
        TrainingRecipe bi = TrainingRecipe.builder().architecture(Architecture.TUTORIAL.withDirection(Architecture.Direction.BI))
                .threads(1).build();
        TrainingRecipe intent = TrainingRecipe.builder().task(Task.INTENT).objective(Objective.LAST_STEP).intentHead(true)
                .pool(Pooling.MAX).settings(new TrainSettings().withBatch(4)).threads(1).build();
        TrainingRecipe pretrained = TrainingRecipe.builder().embeddings(Path.of("vectors/glove 50d.txt"))
                .embeddingsSha256("0123456789abcdef".repeat(4)).settings(new TrainSettings().withFreezeEmbeddings(true))
                .threads(1).build();
        for (TrainingRecipe r : new TrainingRecipe[] {bptt, intent, jordan, bi, pretrained}) {
            Path file = Files.writeString(tmp.resolve("recipe.properties"), RecipeFile.text(r));
            TrainingRecipe back = RecipeFile.read(file);
            assertThat(back.toString()).isEqualTo(r.toString());
            assertThat(back.toMap()).isEqualTo(r.toMap());
        }
    }

    @Test
    void theTutorialRecipesMapIsWhatItWas() {
        assertThat(String.join(",", TrainingRecipe.builder().threads(2).build().toMap().keySet())).isEqualTo(
                "task,intent-objective,intent-head,intent-pool,digits,min-count,lowercase,lr,win,nh,de,seed,epochs,"
                        + "patience,decay,min-lr,batch,threads");
    }

    @Test
    void badLinesNameTheFileTheLineAndTheValue() throws IOException {
        assertBad("# a comment\n\nlr=fast\n", ":3: lr=fast: expected a number");
        assertBad("colour=blue\n", ":1: unknown key 'colour'");
        assertBad("win=4\n", ":1: win=4: --win must be odd and >= 1, got 4");
        assertBad("nh=1\nnh=2\n", ":2: nh given twice (first on line 1)");
        assertBad("decay=yes\n", ":1: decay=yes: expected true or false");
        assertBad("threads=0\n", ":1: threads=0: must be >= 1");
        assertBad("just words\n", ":1: expected key=value");
        assertBad("intent-pool=max\n", "recipe.properties: --intent-pool max needs an intent head");
        assertBad("embeddings-sha256=ABC\n", ":1: embeddings-sha256=ABC: expected 64 lower-case hex digits");
        assertBad("embeddings-sha256=" + "0".repeat(64) + "\n", "recipe.properties: --embeddings-sha256 checks the file of"
                + " --embeddings: give that too");
        assertBad("embeddings=\n", ":1: embeddings=: expected a file name");
        assertBad("freeze-embeddings=yes\n", ":1: freeze-embeddings=yes: expected true or false");
    }

    private void assertBad(String text, String message) throws IOException {
        Path file = Files.writeString(tmp.resolve("recipe.properties"), text);
        assertThatThrownBy(() -> RecipeFile.read(file)).isInstanceOf(InputException.class)
                .hasMessageStartingWith(file.toString()).hasMessageContaining(message);
    }
}
