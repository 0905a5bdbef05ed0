package org.rnnslu.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rnnslu.Tagger;
import org.rnnslu.serve.Http.Reply;

/** --reload: a train into the served folder is swapped in without dropping a request; a bad save keeps the old model. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ModelReloaderTest {

    static final String TEXT = "fares from boston to new york on friday";
    static final String BODY = "{\"text\": \"" + TEXT + "\"}";

    @TempDir
    Path tmp;

    @Test
    void aTrainIntoTheServedFolderIsSwappedInWhileRequestsKeepBeingAnswered() throws Exception {
        Path dir = TagServerTest.train(tmp, "model", "slots", 1);
        String version = ModelReloader.version(dir);
        Tagger first = Tagger.load(dir);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream logStream = new PrintStream(log, true, StandardCharsets.UTF_8);
        try (TagServer server = TagServer.start(first, dir, new InetSocketAddress("127.0.0.1", 0),
                TagServer.Limits.defaults(), logStream);
                ModelReloader reloader = ModelReloader.start(server, dir, version, 50, logStream)) {
            String before = Http.post(server.port(), BODY).body();
            assertThat(before).isEqualTo(json(first));

            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger answered = new AtomicInteger();
            ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
            Thread client = new Thread(() -> {
                while (!stop.get()) {
                    try {
                        Reply r = Http.post(server.port(), BODY);
                        if (r.status() != 200) {
                            wrong.add(r.status() + " " + r.body());
                        }
                        answered.incrementAndGet();
                    } catch (Exception e) {
                        wrong.add(e.toString());
                    }
                }
            });
            client.start();
            // train saves into the served folder by replacing it, once per epoch that improves
            TagServerTest.train(tmp, "model", "slots", 2);
            Tagger second = Tagger.load(dir);
            assertThat(json(second)).as("the two trainings differ").isNotEqualTo(json(first));
            await(() -> json(second).equals(lastAnswer(server)), "the last save swapped in");
            int atSwap = answered.get();
            await(() -> answered.get() > atSwap + 5, "requests answered after the swap");
            stop.set(true);
            client.join(20_000);

            assertThat(wrong).as("no request dropped or refused during the reloads").isEmpty();
            long reloads = server.metrics().reloads();
            assertThat(reloads).isPositive();
            assertThat(log.toString(StandardCharsets.UTF_8).lines())
                    .containsOnly("rnnslu serve: reloaded the model in " + dir).hasSize((int) reloads);
        }
    }

    @Test
    void aFolderThatFailsToLoadKeepsTheRunningModelAndLogsOneLine() throws Exception {
        Path dir = TagServerTest.train(tmp, "model", "slots", 1);
        String version = ModelReloader.version(dir);
        Tagger running = Tagger.load(dir);
        Path broken = Files.createDirectories(tmp.resolve("broken"));
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.copy(f, broken.resolve(f.getFileName()));
            }
        }
        byte[] wh = Files.readAllBytes(broken.resolve("wh.npy"));
        wh[wh.length - 1] ^= 0x55; // its MANIFEST CRC-32 no longer matches
        Files.write(broken.resolve("wh.npy"), wh);
        Files.writeString(broken.resolve(".rnnslu"), Files.readString(broken.resolve(".rnnslu")) + "# another save\n");

        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream logStream = new PrintStream(log, true, StandardCharsets.UTF_8);
        try (TagServer server = TagServer.start(running, dir, new InetSocketAddress("127.0.0.1", 0),
                TagServer.Limits.defaults(), logStream);
                ModelReloader reloader = ModelReloader.start(server, dir, version, 50, logStream)) {
            Files.move(dir, tmp.resolve("model.old"), StandardCopyOption.ATOMIC_MOVE);
            Files.move(broken, dir, StandardCopyOption.ATOMIC_MOVE);
            await(() -> server.metrics().failedReloads() == 1, "the failed reload counted");
            Thread.sleep(300); // further polls of the unchanged folder do not retry
            assertThat(server.metrics().failedReloads()).isEqualTo(1);
            assertThat(server.metrics().reloads()).isZero();
            List<String> lines = log.toString(StandardCharsets.UTF_8).lines().toList();
            assertThat(lines).hasSize(1);
            assertThat(lines.get(0)).startsWith("rnnslu serve: kept the running model; loading " + dir + " failed: ")
                    .contains("wh.npy");
            assertThat(Http.post(server.port(), BODY).body()).isEqualTo(json(running));
            assertThat(TagServerTest.value(Http.get(server.port(), "/metrics").body(),
                    "rnnslu_model_reload_failures_total")).isEqualTo(1);
        }
    }

    private static String lastAnswer(TagServer server) {
        try {
            return Http.post(server.port(), BODY).body();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String json(Tagger t) {
        return AnalysisJson.toJson(t.analyze(TEXT), false, 3) + "\n";
    }

    private static void await(BooleanSupplier done, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as("%s within 60 s", what).isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
