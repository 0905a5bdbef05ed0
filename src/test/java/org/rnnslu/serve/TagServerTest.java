package org.rnnslu.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rnnslu.Analysis;
import org.rnnslu.Tagger;
import org.rnnslu.cli.Main;
import org.rnnslu.cli.TinyCorpus;
import org.rnnslu.json.Json;
import org.rnnslu.serve.Http.Reply;

/** The HTTP API on loopback against a small joint model: answers, every status, metrics, fuzz, shutdown. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TagServerTest {

    @TempDir
    static Path tmp;
    static Path model;
    static Tagger tagger;
    static TagServer server;
    static ByteArrayOutputStream log = new ByteArrayOutputStream();

    @BeforeAll
    static void start() throws Exception {
        model = train(tmp, "model", "joint", 7);
        tagger = Tagger.load(model);
        server = start(TagServer.Limits.defaults());
    }

    @AfterAll
    static void stop() {
        server.close();
        assertThat(log.toString(StandardCharsets.UTF_8)).as("nothing on the log").isEmpty();
    }

    /** Trains a small model of {@code task} with {@code seed} on the tiny corpus into {@code root/name}. */
    static Path train(Path root, String name, String task, int seed) throws IOException {
        Path data = root.resolve("data");
        if (!data.toFile().exists()) {
            TinyCorpus.write(data, 7);
        }
        Path out = root.resolve(name);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"train", "--data", data.toString(), "--out", out.toString(), "--epochs", "3",
                "--nh", "16", "--de", "8", "--win", "3", "--lr", "0.2", "--task", task, "--seed", String.valueOf(seed)},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        return out;
    }

    static TagServer start(TagServer.Limits limits) throws IOException {
        return TagServer.start(tagger, model, new InetSocketAddress("127.0.0.1", 0), limits,
                new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    static String json(Analysis a, int topK) {
        return AnalysisJson.toJson(a, false, topK);
    }

    @Test
    void textAndWordsAreAnsweredAsTagFormatJson() throws Exception {
        String text = "Flights from Boston to N.Y., on Monday.";
        Reply r = Http.post(server.port(), "{\"text\": " + Json.quote(text) + "}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(json(tagger.analyze(text), 3) + "\n");

        String[] words = {"fares", "from", "denver", "to", "miami"};
        r = Http.post(server.port(), "{\"words\": [\"fares\", \"from\", \"denver\", \"to\", \"miami\"], \"top_k\": 1}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(json(tagger.analyzeAllWords(List.<String[]>of(words), 1).get(0), 1) + "\n");
    }

    @Test
    void offsetsPointIntoTheText() throws Exception {
        String text = "fares from  Denver to N.Y.";
        Map<?, ?> o = (Map<?, ?>) Json.parse(Http.post(server.port(), "{\"text\": " + Json.quote(text) + "}").body());
        List<?> words = (List<?>) o.get("words");
        List<?> spans = (List<?>) o.get("spans");
        assertThat(words).hasSize(6);
        assertThat(spans).hasSize(6);
        assertThat(text.substring(at(spans, 2, 0), at(spans, 2, 1))).isEqualTo("Denver");
        assertThat(text.substring(at(spans, 4, 0), at(spans, 4, 1))).isEqualTo("N.Y.");
        for (Object s : (List<?>) o.get("slots")) {
            Map<?, ?> slot = (Map<?, ?>) s;
            int from = ((BigDecimal) slot.get("char_start")).intValueExact();
            int to = ((BigDecimal) slot.get("char_end")).intValueExact();
            assertThat(text.substring(from, to)).isEqualTo(slot.get("source"));
        }
    }

    private static int at(List<?> spans, int word, int end) {
        return ((BigDecimal) ((List<?>) spans.get(word)).get(end)).intValueExact();
    }

    @Test
    void aBatchIsAnsweredInOrderWithTextsAndWordsMixed() throws Exception {
        String a = "flights from boston to dallas";
        String c = "";
        Reply r = Http.post(server.port(),
                "{\"batch\": [{\"text\": \"" + a + "\"}, {\"words\": [\"to\", \"seattle\"]}, {\"text\": \"\"}], \"top_k\": 2}");
        assertThat(r.status()).isEqualTo(200);
        String expected = "{\"batch\":[" + json(tagger.analyzeAll(List.of(a), 2).get(0), 2) + ","
                + json(tagger.analyzeAllWords(List.of(new String[][] {{"to", "seattle"}}), 2).get(0), 2) + ","
                + json(tagger.analyzeAll(List.of(c), 2).get(0), 2) + "]}\n";
        assertThat(r.body()).isEqualTo(expected);
    }

    @Test
    void badRequestsAre400WithAOneLineReason() throws Exception {
        String[] bad = {"{\"text\":", "", "nonsense", "[]", "{\"txt\": \"x\"}", "{\"text\": 1}", "{\"text\": null}",
            "{\"words\": [\"a b\"]}", "{\"words\": [\"\"]}", "{\"words\": \"a\"}", "{\"text\": \"a\", \"words\": [\"a\"]}",
            "{}", "{\"batch\": {}}", "{\"batch\": [1]}", "{\"batch\": [{\"text\": \"a\", \"top_k\": 2}]}",
            "{\"batch\": [], \"text\": \"a\"}", "{\"text\": \"a\", \"top_k\": 0}", "{\"text\": \"a\", \"top_k\": 1.5}",
            "{\"text\": \"a\"} {}", "{\"text\": \"a\", \"text\": \"b\"}"};
        for (String body : bad) {
            Reply r = Http.post(server.port(), body);
            assertThat(r.status()).as(body).isEqualTo(400);
            assertOneLineError(r);
        }
        Reply r = Http.send(server.port(), "POST", "/v1/tag", new byte[] {'{', '"', 't', 'e', 'x', 't', '"', ':', '"',
            (byte) 0xC3, '"', '}'});
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("not valid UTF-8");
    }

    static void assertOneLineError(Reply r) {
        assertThat(r.body()).endsWith("\n");
        assertThat(r.body().strip()).doesNotContain("\n");
        Map<?, ?> o = (Map<?, ?>) Json.parse(r.body());
        assertThat(new ArrayList<Object>(o.keySet())).containsExactly("error");
        assertThat((String) o.get("error")).isNotBlank().doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void unknownPathsAre404AndWrongMethods405() throws Exception {
        for (String path : new String[] {"/", "/v1/tagx", "/v2/tag", "/healthz/x"}) {
            Reply r = Http.send(server.port(), "POST", path, "{}".getBytes(StandardCharsets.UTF_8));
            assertThat(r.status()).as(path).isEqualTo(404);
            assertOneLineError(r);
        }
        String[][] wrong = {{"GET", "/v1/tag"}, {"PUT", "/v1/tag"}, {"POST", "/healthz"}, {"DELETE", "/metrics"}};
        for (String[] w : wrong) {
            Reply r = Http.send(server.port(), w[0], w[1], null);
            assertThat(r.status()).as("%s %s", w[0], w[1]).isEqualTo(405);
            assertOneLineError(r);
        }
        Reply h = Http.get(server.port(), "/healthz");
        assertThat(h.status()).isEqualTo(200);
        assertThat(((Map<?, ?>) Json.parse(h.body())).get("status")).isEqualTo("ok");
        assertThat(Http.send(server.port(), "HEAD", "/healthz", null).status()).isEqualTo(200);
    }

    @Test
    void tooLargeBodiesAndBatchesAre413() throws Exception {
        try (TagServer small = start(new TagServer.Limits(1, 4, 100, 2))) {
            String big = "{\"text\": \"" + "boston ".repeat(20) + "\"}";
            Reply r = Http.post(small.port(), big);
            assertThat(r.status()).isEqualTo(413);
            assertOneLineError(r);
            r = Http.post(small.port(), "{\"batch\": [{\"text\": \"a\"}, {\"text\": \"b\"}, {\"text\": \"c\"}]}");
            assertThat(r.status()).isEqualTo(413);
            assertThat(r.body()).contains("batch of 3");
            assertThat(Http.post(small.port(), "{\"batch\": [{\"text\": \"a\"}, {\"text\": \"b\"}]}").status()).isEqualTo(200);
        }
    }

    @Test
    void beyondThreadsPlusQueueRequestsAre503() throws Exception {
        try (TagServer one = start(new TagServer.Limits(1, 1, 1 << 16, 10))) {
            try (Http.HalfSent a = new Http.HalfSent(one.port(), "{\"text\": \"to boston\"}");
                    Http.HalfSent b = new Http.HalfSent(one.port(), "{\"text\": \"to denver\"}")) {
                awaitInProgress(one, 2);
                Reply r = Http.post(one.port(), "{\"text\": \"to miami\"}");
                assertThat(r.status()).isEqualTo(503);
                assertOneLineError(r);
                assertThat(r.body()).contains("overloaded");
                assertThat(Http.get(one.port(), "/healthz").status()).as("health checks are not queued").isEqualTo(200);
                assertThat(a.finish().body()).isEqualTo(json(tagger.analyze("to boston"), 3) + "\n");
                assertThat(b.finish().status()).isEqualTo(200);
            }
            assertThat(Http.post(one.port(), "{\"text\": \"to miami\"}").status()).isEqualTo(200);
            assertThat(one.metrics().count(TagServer.TAG, 503)).isEqualTo(1);
        }
    }

    static void awaitInProgress(TagServer s, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (s.requestsInProgress() < n) {
            assertThat(System.nanoTime()).as("%d requests in progress within 10 s", n).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    @Test
    void metricsCountRequestsByStatusWordsAndLatency() throws Exception {
        try (TagServer fresh = start(TagServer.Limits.defaults())) {
            Http.post(fresh.port(), "{\"text\": \"flights from boston to dallas\"}");
            Http.post(fresh.port(), "{\"batch\": [{\"words\": [\"to\", \"miami\"]}, {\"text\": \"on monday\"}]}");
            Http.post(fresh.port(), "{\"text\": ");
            Http.get(fresh.port(), "/nowhere");
            Http.get(fresh.port(), "/healthz");
            Reply m = Http.get(fresh.port(), "/metrics");
            assertThat(m.status()).isEqualTo(200);
            String text = m.body();
            assertThat(value(text, "rnnslu_requests_total{endpoint=\"/v1/tag\",code=\"200\"}")).isEqualTo(2);
            assertThat(value(text, "rnnslu_requests_total{endpoint=\"/v1/tag\",code=\"400\"}")).isEqualTo(1);
            assertThat(value(text, "rnnslu_requests_total{endpoint=\"other\",code=\"404\"}")).isEqualTo(1);
            assertThat(value(text, "rnnslu_requests_total{endpoint=\"/healthz\",code=\"200\"}")).isEqualTo(1);
            assertThat(value(text, "rnnslu_words_total")).isEqualTo(5 + 4);
            assertThat(value(text, "rnnslu_tag_duration_seconds_count")).isEqualTo(3);
            assertThat(value(text, "rnnslu_requests_in_progress")).as("the metrics request itself").isEqualTo(1);
            double p50 = value(text, "rnnslu_tag_duration_seconds{quantile=\"0.5\"}");
            double p99 = value(text, "rnnslu_tag_duration_seconds{quantile=\"0.99\"}");
            assertThat(p50).isPositive().isLessThanOrEqualTo(p99);
            for (String line : text.split("\n")) {
                assertThat(line).as("Prometheus text format").matches("# (HELP|TYPE) rnnslu_\\w+ .+|rnnslu_\\w+(\\{[^}]*\\})? \\S+");
            }
        }
    }

    /** The value of the sample line that starts with {@code name} followed by a space. */
    static double value(String prometheus, String name) {
        for (String line : prometheus.split("\n")) {
            if (line.startsWith(name + " ")) {
                return Double.parseDouble(line.substring(name.length() + 1));
            }
        }
        throw new AssertionError("no sample " + name + " in\n" + prometheus);
    }

    @Test
    void randomAndTruncatedBodiesAreRefusedNeverAnInternalError() throws Exception {
        String valid = "{\"batch\": [{\"text\": \"flights from boston\"}, {\"words\": [\"to\", \"denver\"]}], \"top_k\": 2}";
        byte[] v = valid.getBytes(StandardCharsets.UTF_8);
        for (int cut = 0; cut < v.length; cut++) {
            Reply r = Http.send(server.port(), "POST", "/v1/tag", java.util.Arrays.copyOf(v, cut));
            assertThat(r.status()).as("cut at %d", cut).isEqualTo(400);
        }
        SplittableRandom rng = new SplittableRandom(11);
        for (int i = 0; i < 300; i++) {
            byte[] body;
            if (i % 2 == 0) {
                body = new byte[rng.nextInt(200)];
                for (int j = 0; j < body.length; j++) {
                    body[j] = (byte) rng.nextInt(256);
                }
            } else {
                body = v.clone();
                for (int flips = 1 + rng.nextInt(3); flips > 0; flips--) {
                    body[rng.nextInt(body.length)] = (byte) rng.nextInt(256);
                }
            }
            Reply r = Http.send(server.port(), "POST", "/v1/tag", body);
            assertThat(r.status()).as("body %d", i).isIn(200, 400);
            if (r.status() == 400) {
                assertOneLineError(r);
            } else {
                assertThat(Json.parse(r.body())).isInstanceOf(Map.class);
            }
        }
        assertThat(server.metrics().count(TagServer.TAG, 500)).isZero();
    }

    @Test
    void shutdownLetsARequestInProgressFinishAndRefusesNewOnes() throws Exception {
        TagServer s = start(TagServer.Limits.defaults());
        int port = s.port();
        try (Http.HalfSent inProgress = new Http.HalfSent(port, "{\"text\": \"fares from atlanta to boston\"}")) {
            awaitInProgress(s, 1);
            Thread stopping = new Thread(() -> s.shutdown(30));
            stopping.start();
            Reply refused = awaitRefusal(port);
            assertThat(refused.body()).contains("shutting down");
            assertThat(stopping.isAlive()).as("still waiting for the request in progress").isTrue();
            Reply r = inProgress.finish();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body()).isEqualTo(json(tagger.analyze("fares from atlanta to boston"), 3) + "\n");
            stopping.join(10_000);
            assertThat(stopping.isAlive()).as("shutdown returned once the request was answered").isFalse();
        }
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(IOException.class);
    }

    /** Posts until the server answers 503 (it does once shutdown has begun). */
    private static Reply awaitRefusal(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            Reply r = Http.post(port, "{\"text\": \"to boston\"}");
            if (r.status() == 503) {
                return r;
            }
            assertThat(System.nanoTime()).as("a 503 within 10 s of shutdown").isLessThan(deadline);
            Thread.sleep(5);
        }
    }
}
