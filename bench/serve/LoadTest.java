import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.rnnslu.Analysis;
import org.rnnslu.Tagger;
import org.rnnslu.json.Json;
import org.rnnslu.model.Task;
import org.rnnslu.serve.AnalysisJson;

/**
 * A load test of {@code rnnslu serve}: C connections post a fixed set of requests (texts, word
 * lists and batches of 8 from a seq.in file, their answers computed beforehand with a local
 * Tagger of the same model) for at most N requests or S seconds after a warm-up, and report
 * requests/s, words/s, client-side p50/p99 latency, the errors (a good request answered with
 * anything but 200 and the exact answer; a bad one with anything but a 4xx) and the server's peak
 * heap (sampled from /metrics). With --bad F a fraction F of the requests is malformed in one of
 * several ways. See docs/serving.md and bench/serve-load.sh.
 *
 * <pre>java -cp target/classes:OUT LoadTest --port P --model DIR --lines FILE [--connections 64]
 *      [--requests 200000] [--seconds 30] [--warmup 10] [--bad 0.1] [--seed 1]</pre>
 */
public final class LoadTest {

    /** One request and what a correct server answers: the exact body (good) or any 4xx (bad, body null). */
    record Case(String method, String path, byte[] body, String expected, int words) {}

    public static void main(String[] args) throws Exception {
        Opts o = Opts.parse(args);
        Tagger tagger = Tagger.load(o.model);
        List<String> lines = Files.readAllLines(o.lines, StandardCharsets.UTF_8);
        SplittableRandom rng = new SplittableRandom(o.seed);
        List<Case> good = goodCases(tagger, lines, rng);
        List<Case> bad = badCases(lines, rng);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        System.out.printf(Locale.ROOT, "load test: %d connections, %d good and %d bad request kinds, bad fraction %.2f%n",
                o.connections, good.size(), bad.size(), o.bad);
        run(o, client, good, bad, o.warmup, Long.MAX_VALUE, false);
        run(o, client, good, bad, o.seconds, o.requests, true);
    }

    /** Texts, word lists (the line's words) and batches of 8 texts; half the requests are single texts. */
    static List<Case> goodCases(Tagger t, List<String> lines, SplittableRandom rng) {
        boolean intent = t.task() == Task.INTENT;
        List<Case> out = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            String line = lines.get(rng.nextInt(lines.size()));
            int kind = i % 4;
            if (kind <= 1) {
                Analysis a = t.analyzeAll(List.of(line), 3).get(0);
                String body = "{\"text\":" + Json.quote(line) + "}";
                out.add(post(body, AnalysisJson.toJson(a, intent, 3) + "\n", a.words().size()));
            } else if (kind == 2) {
                String[] words = line.trim().split(" +");
                Analysis a = t.analyzeAllWords(List.<String[]>of(words), 3).get(0);
                String body = "{\"words\":" + Json.stringArray(new StringBuilder(), Arrays.asList(words)) + "}";
                out.add(post(body, AnalysisJson.toJson(a, intent, 3) + "\n", a.words().size()));
            } else {
                List<String> batch = new ArrayList<>();
                for (int k = 0; k < 8; k++) {
                    batch.add(lines.get(rng.nextInt(lines.size())));
                }
                List<Analysis> as = t.analyzeAll(batch, 2);
                StringBuilder body = new StringBuilder("{\"top_k\":2,\"batch\":[");
                StringBuilder expected = new StringBuilder("{\"batch\":[");
                int words = 0;
                for (int k = 0; k < batch.size(); k++) {
                    Json.quote(body.append(k > 0 ? "," : "").append("{\"text\":"), batch.get(k)).append('}');
                    AnalysisJson.write(expected.append(k > 0 ? "," : ""), as.get(k), intent, 2);
                    words += as.get(k).words().size();
                }
                out.add(post(body.append("]}").toString(), expected.append("]}\n").toString(), words));
            }
        }
        return out;
    }

    private static Case post(String body, String expected, int words) {
        return new Case("POST", "/v1/tag", body.getBytes(StandardCharsets.UTF_8), expected, words);
    }

    /** Malformed in several ways: truncated, wrong types, unknown keys, bad UTF-8, random bytes, wrong method or path. */
    static List<Case> badCases(List<String> lines, SplittableRandom rng) {
        List<Case> out = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String line = lines.get(rng.nextInt(lines.size()));
            String valid = "{\"text\":" + Json.quote(line) + "}";
            byte[] body = switch (i % 8) {
                case 0 -> valid.substring(0, rng.nextInt(valid.length() - 1)).getBytes(StandardCharsets.UTF_8);
                case 1 -> ("{\"text\":" + line.length() + "}").getBytes(StandardCharsets.UTF_8);
                case 2 -> ("{\"txt\":" + Json.quote(line) + "}").getBytes(StandardCharsets.UTF_8);
                case 3 -> {
                    byte[] b = valid.getBytes(StandardCharsets.UTF_8);
                    b[10 + rng.nextInt(b.length - 12)] = (byte) 0xC3; // a lead byte without its continuation
                    b[b.length - 2] = (byte) 0xFF;
                    yield b;
                }
                case 4 -> randomBytes(rng);
                case 5 -> ("{\"words\":[" + Json.quote(line + " x") + "]}").getBytes(StandardCharsets.UTF_8); // a word with spaces
                default -> valid.getBytes(StandardCharsets.UTF_8);
            };
            String method = i % 8 == 6 ? "GET" : "POST";
            String path = i % 8 == 7 ? "/v1/tags" : "/v1/tag";
            out.add(new Case(method, path, body, null, 0));
        }
        return out;
    }

    private static byte[] randomBytes(SplittableRandom rng) {
        byte[] b = new byte[1 + rng.nextInt(300)];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) rng.nextInt(256);
        }
        return b;
    }

    /** One phase: every connection posts until the time or the request budget is spent. */
    static void run(Opts o, HttpClient client, List<Case> good, List<Case> bad, double seconds, long budget, boolean report)
            throws Exception {
        AtomicLong issued = new AtomicLong();
        AtomicLong words = new AtomicLong();
        AtomicLong goodDone = new AtomicLong();
        AtomicLong badDone = new AtomicLong();
        ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        long[][] latencies = new long[o.connections][];
        int[] counts = new int[o.connections];
        long end = System.nanoTime() + (long) (seconds * 1e9);
        CountDownLatch done = new CountDownLatch(o.connections);
        HeapSampler heap = new HeapSampler(client, o.port);
        heap.start();
        long start = System.nanoTime();
        for (int c = 0; c < o.connections; c++) {
            int id = c;
            latencies[id] = new long[1 << 16];
            Thread t = new Thread(() -> {
                SplittableRandom rng = new SplittableRandom(o.seed * 1000 + id);
                try {
                    while (System.nanoTime() < end && issued.incrementAndGet() <= budget) {
                        boolean isBad = rng.nextDouble() < o.bad;
                        Case k = isBad ? bad.get(rng.nextInt(bad.size())) : good.get(rng.nextInt(good.size()));
                        long t0 = System.nanoTime();
                        String problem = send(client, o.port, k);
                        long dt = System.nanoTime() - t0;
                        if (counts[id] == latencies[id].length) {
                            latencies[id] = Arrays.copyOf(latencies[id], counts[id] * 2);
                        }
                        latencies[id][counts[id]++] = dt;
                        if (problem != null) {
                            errors.add(problem);
                        } else if (isBad) {
                            badDone.incrementAndGet();
                        } else {
                            goodDone.incrementAndGet();
                            words.addAndGet(k.words());
                        }
                    }
                } finally {
                    done.countDown();
                }
            }, "load-" + id);
            t.setDaemon(true);
            t.start();
        }
        done.await();
        double elapsed = (System.nanoTime() - start) / 1e9;
        heap.stop();
        if (!report) {
            System.out.printf(Locale.ROOT, "warm-up: %.1f s, %d requests, %d errors%n", elapsed, goodDone.get() + badDone.get(),
                    errors.size());
            return;
        }
        long[] all = merge(latencies, counts);
        long n = all.length;
        System.out.printf(Locale.ROOT, "requests: %d in %.1f s (%d good answered exactly, %d bad refused with a 4xx)%n", n,
                elapsed, goodDone.get(), badDone.get());
        System.out.printf(Locale.ROOT, "throughput: %.0f requests/s, %.0f words/s%n", n / elapsed, words.get() / elapsed);
        System.out.printf(Locale.ROOT, "latency: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", pct(all, 0.50), pct(all, 0.99),
                all.length == 0 ? 0.0 : all[all.length - 1] / 1e6);
        System.out.printf(Locale.ROOT, "errors: %d%n", errors.size());
        errors.stream().limit(5).forEach(e -> System.out.println("  " + e));
        System.out.printf(Locale.ROOT, "server heap: peak used %.1f MiB of max %.1f MiB (sampled every 0.5 s)%n",
                heap.peakUsed / 1048576.0, heap.max / 1048576.0);
    }

    /** Null when the answer is right, else what was wrong. */
    static String send(HttpClient client, int port, Case k) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + k.path()))
                    .timeout(Duration.ofSeconds(60));
            b.method(k.method(), k.method().equals("GET") ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(k.body()));
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (k.expected() == null) {
                return r.statusCode() >= 400 && r.statusCode() < 500 ? null
                        : "a bad request answered " + r.statusCode() + ": " + clip(r.body());
            }
            if (r.statusCode() != 200) {
                return "a good request answered " + r.statusCode() + ": " + clip(r.body());
            }
            return r.body().equals(k.expected()) ? null : "a good request answered wrongly: " + clip(r.body());
        } catch (IOException e) {
            return "I/O error: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static String clip(String s) {
        return s.length() <= 160 ? s.strip() : s.substring(0, 160) + "...";
    }

    private static long[] merge(long[][] parts, int[] counts) {
        int n = 0;
        for (int c : counts) {
            n += c;
        }
        long[] all = new long[n];
        int at = 0;
        for (int i = 0; i < parts.length; i++) {
            System.arraycopy(parts[i], 0, all, at, counts[i]);
            at += counts[i];
        }
        Arrays.sort(all);
        return all;
    }

    private static double pct(long[] sorted, double q) {
        return sorted.length == 0 ? 0.0 : sorted[Math.max(0, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }

    /** The server's heap, read from /metrics every 0.5 s. */
    static final class HeapSampler {
        private final HttpClient client;
        private final int port;
        private volatile boolean stop;
        private Thread thread;
        volatile long peakUsed;
        volatile long max;

        HeapSampler(HttpClient client, int port) {
            this.client = client;
            this.port = port;
        }

        void start() {
            thread = new Thread(() -> {
                while (!stop) {
                    sample();
                    try {
                        Thread.sleep(500);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            stop = true;
            thread.interrupt();
            thread.join();
            sample();
        }

        private void sample() {
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
                for (String line : r.body().split("\n")) {
                    if (line.startsWith("rnnslu_jvm_heap_used_bytes ")) {
                        peakUsed = Math.max(peakUsed, (long) Double.parseDouble(line.substring(line.indexOf(' ') + 1)));
                    } else if (line.startsWith("rnnslu_jvm_heap_max_bytes ")) {
                        max = (long) Double.parseDouble(line.substring(line.indexOf(' ') + 1));
                    }
                }
            } catch (IOException | RuntimeException e) {
                // a sample lost under load; the next one counts
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The command line. */
    record Opts(int port, Path model, Path lines, int connections, long requests, double seconds, double warmup,
            double bad, long seed) {
        static Opts parse(String[] a) {
            java.util.Map<String, String> m = new java.util.HashMap<>();
            for (int i = 0; i + 1 < a.length; i += 2) {
                if (!a[i].startsWith("--")) {
                    throw new IllegalArgumentException("expected --option value, got '" + a[i] + "'");
                }
                m.put(a[i].substring(2), a[i + 1]);
            }
            return new Opts(Integer.parseInt(req(m, "port")), Path.of(req(m, "model")), Path.of(req(m, "lines")),
                    Integer.parseInt(m.getOrDefault("connections", "64")), Long.parseLong(m.getOrDefault("requests", "200000")),
                    Double.parseDouble(m.getOrDefault("seconds", "30")), Double.parseDouble(m.getOrDefault("warmup", "10")),
                    Double.parseDouble(m.getOrDefault("bad", "0")), Long.parseLong(m.getOrDefault("seed", "1")));
        }

        private static String req(java.util.Map<String, String> m, String k) {
            String v = m.get(k);
            if (v == null) {
                throw new IllegalArgumentException("--" + k + " is required");
            }
            return v;
        }
    }
}
