package org.rnnslu.serve;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.rnnslu.Analysis;
import org.rnnslu.Tagger;
import org.rnnslu.json.Json;
import org.rnnslu.model.Task;
import org.rnnslu.serve.TagRequest.Refusal;

/**
 * The tagging HTTP API on the JDK's {@code com.sun.net.httpserver}: {@code POST /v1/tag},
 * {@code GET /healthz}, {@code GET /metrics} (docs/serving.md). One {@link Tagger} serves every
 * request (it is thread-safe). Connections are read and answered by connection threads; the tagging
 * itself runs on a pool of {@code threads} workers. At most {@code threads + queue} tag requests
 * are admitted at a time (read, waiting or tagging); one beyond that is answered 503 at once, before
 * its body is read. Every answer but the metrics is JSON; a refusal is {@code {"error": "one line"}},
 * and the log gets nothing but one line for an internal error.
 */
public final class TagServer implements AutoCloseable {

    /** Endpoint names, as the metrics label them. */
    static final String TAG = "/v1/tag";
    static final String HEALTH = "/healthz";
    static final String METRICS = "/metrics";
    static final String OTHER = "other";

    /** Connection threads beyond the admitted requests, so that refusals and health checks never wait. */
    private static final int SPARE_CONNECTION_THREADS = 16;

    /** Seconds a client has to send a whole request (headers and body) by default. */
    public static final int DEFAULT_READ_TIMEOUT_SECONDS = 30;

    /** The JDK server's own bound on reading a request, in seconds (its default: none). */
    static final String MAX_REQ_TIME = "sun.net.httpserver.maxReqTime";

    /**
     * Sizes of the server: worker threads, waiting requests, body bytes, utterances in a batch, and
     * the seconds a connection may take to send its request (0: no limit; see {@link #start}).
     */
    public record Limits(int threads, int queue, int maxBytes, int maxBatch, int readTimeoutSeconds) {
        /** With the default read timeout. */
        public Limits(int threads, int queue, int maxBytes, int maxBatch) {
            this(threads, queue, maxBytes, maxBatch, DEFAULT_READ_TIMEOUT_SECONDS);
        }

        public static Limits defaults() {
            return new Limits(Runtime.getRuntime().availableProcessors(), 64, 256 << 10, 1000);
        }
    }

    /** What a worker hands back to the connection thread: the status, the JSON, the words tagged. */
    private record Answer(int status, String json, long words) {}

    private final HttpServer http;
    private final ThreadPoolExecutor connections;
    private final ExecutorService workers;
    private final Semaphore admission; // threads + queue permits: tag requests admitted and not yet answered
    private final AtomicInteger inFlight = new AtomicInteger(); // every request being answered
    private final Limits limits;
    private final AtomicReference<Tagger> tagger;
    private final Metrics metrics = new Metrics();
    private final Path modelDir;
    private final PrintStream log;
    private volatile boolean draining;

    private TagServer(HttpServer http, Tagger tagger, Path modelDir, Limits limits, PrintStream log) {
        this.http = http;
        this.limits = limits;
        this.modelDir = modelDir;
        this.log = log;
        this.tagger = new AtomicReference<>(tagger);
        this.workers = Executors.newFixedThreadPool(limits.threads(), daemon("rnnslu-serve-worker"));
        int n = limits.threads() + limits.queue() + SPARE_CONNECTION_THREADS;
        this.connections = new ThreadPoolExecutor(n, n, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                daemon("rnnslu-serve-connection"));
        connections.allowCoreThreadTimeOut(true);
        this.admission = new Semaphore(limits.threads() + limits.queue());
        http.createContext("/", this::exchange);
        http.setExecutor(connections); // the JDK's dispatcher thread only accepts; a slow client holds one connection thread
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Binds {@code address} (port 0: any free port) and starts serving {@code tagger}, read from
     * {@code modelDir} (shown by /healthz); {@code log} gets one line per internal error.
     *
     * <p>A connection that has not sent its whole request (headers and body) within the read timeout
     * is closed, so a client that stalls holds a connection thread for that long at most; the time
     * spent waiting for a worker and tagging does not count. The JDK server reads this bound
     * ({@code sun.net.httpserver.maxReqTime}) once, when the first server of the process starts:
     * the first {@code start} fixes it for the process, and one set on the command line wins.
     */
    public static TagServer start(Tagger tagger, Path modelDir, InetSocketAddress address, Limits limits,
            PrintStream log) throws IOException {
        noDelay();
        readTimeout(limits.readTimeoutSeconds());
        HttpServer http = HttpServer.create(address, 1024);
        TagServer s = new TagServer(http, tagger, modelDir, limits, log);
        http.start();
        return s;
    }

    /**
     * TCP_NODELAY on the server's connections: it writes a response's headers and body as two
     * segments, and with Nagle's algorithm the body waits for the client's delayed ACK of the
     * headers (40 ms on Linux) on every request. The JDK reads the property once, when its first
     * server is created; one set on the command line wins.
     */
    private static void noDelay() {
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private static void readTimeout(int seconds) {
        if (seconds > 0 && System.getProperty(MAX_REQ_TIME) == null) {
            System.setProperty(MAX_REQ_TIME, Integer.toString(seconds));
        }
    }

    /** The address bound (with the port chosen for port 0). */
    public InetSocketAddress address() {
        return http.getAddress();
    }

    public int port() {
        return http.getAddress().getPort();
    }

    /** The Tagger answering new requests. */
    public Tagger tagger() {
        return tagger.get();
    }

    /** New requests use {@code next}; requests already running finish with the one they started with. */
    public void replace(Tagger next) {
        tagger.set(next);
        metrics.reloaded(true);
    }

    public Metrics metrics() {
        return metrics;
    }

    /** Requests being answered now (admitted tag requests, and the rest while they are answered). */
    public int requestsInProgress() {
        return inFlight.get();
    }

    /** One request, on a connection thread. */
    private void exchange(HttpExchange ex) {
        long start = System.nanoTime();
        String endpoint = endpoint(ex);
        inFlight.incrementAndGet();
        try {
            if (draining) { // checked after counting, so shutdown() never misses a request in progress
                respond(ex, new Answer(503, error("shutting down"), 0), endpoint, -1);
            } else if (endpoint.equals(TAG) && ex.getRequestMethod().equals("POST")) {
                admitAndTag(ex, start);
            } else {
                respond(ex, answerCheap(ex, endpoint), endpoint, start);
            }
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** A tag request: admitted (else 503 before reading it), its body read here, tagged on a worker. */
    private void admitAndTag(HttpExchange ex, long start) {
        if (!admission.tryAcquire()) {
            metrics.overloaded();
            respond(ex, new Answer(503, error("overloaded: too many requests in progress, retry later"), 0), TAG, -1);
            return;
        }
        Answer a;
        try {
            try {
                byte[] body = readBody(ex);
                a = workers.submit(() -> tag(body)).get();
            } catch (Refusal e) {
                a = new Answer(e.status, error(e.getMessage()), 0);
            } catch (RejectedExecutionException e) {
                a = new Answer(503, error("shutting down"), 0);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                a = new Answer(503, error("shutting down"), 0);
            } catch (ExecutionException e) {
                a = internalError(ex, e.getCause());
            } catch (RuntimeException | OutOfMemoryError e) {
                a = internalError(ex, e);
            }
        } finally {
            // before the answer is written: a client that sends its next request the moment it has
            // read this answer must find the permit free, so C connections never need more than C
            admission.release();
        }
        respond(ex, a, TAG, start);
    }

    private static String endpoint(HttpExchange ex) {
        String path = ex.getRequestURI().getPath();
        return path == null ? OTHER : switch (path) {
            case TAG, HEALTH, METRICS -> path;
            default -> OTHER;
        };
    }

    /** Everything but a POST to /v1/tag: health, metrics, 404, 405. */
    private Answer answerCheap(HttpExchange ex, String endpoint) {
        try {
            switch (endpoint) {
                case TAG -> allow(ex, "POST");
                case HEALTH -> allow(ex, "GET", "HEAD");
                case METRICS -> allow(ex, "GET", "HEAD");
                default -> throw new Refusal(404, "no such endpoint " + TagRequest.clip(String.valueOf(
                        ex.getRequestURI().getRawPath())) + " (POST /v1/tag, GET /healthz, GET /metrics)");
            }
            return endpoint.equals(HEALTH) ? new Answer(200, health(), 0) : new Answer(200, null, 0);
        } catch (Refusal e) {
            return new Answer(e.status, error(e.getMessage()), 0);
        } catch (RuntimeException e) {
            return internalError(ex, e);
        }
    }

    private Answer internalError(HttpExchange ex, Throwable e) {
        log.println("rnnslu serve: internal error answering " + TagRequest.clip(ex.getRequestMethod()) + " "
                + endpoint(ex) + ": " + String.valueOf(e).replace('\n', ' '));
        return new Answer(500, error("internal error: " + e.getClass().getSimpleName()), 0);
    }

    /** Refuses (405, with an Allow header) any method but {@code methods}. */
    private static void allow(HttpExchange ex, String... methods) {
        String m = ex.getRequestMethod();
        if (!Arrays.asList(methods).contains(m)) {
            ex.getResponseHeaders().set("Allow", String.join(", ", methods));
            throw new Refusal(405, TagRequest.clip(m) + " not allowed on " + ex.getRequestURI().getPath() + "; use "
                    + String.join(" or ", methods));
        }
    }

    /** On a worker: the answer to a tag request's body (a refusal for a bad one). */
    private Answer tag(byte[] body) {
        TagRequest req;
        try {
            req = TagRequest.parse(utf8(body), limits.maxBatch());
        } catch (Refusal e) {
            return new Answer(e.status, error(e.getMessage()), 0);
        }
        Tagger t = tagger.get(); // one model for the whole request, even if a reload swaps it meanwhile
        int topK = req.topK() == 0 ? Analysis.DEFAULT_TOP_K : req.topK();
        List<Analysis> out = analyze(t, req.items(), topK);
        boolean intentModel = t.task() == Task.INTENT;
        StringBuilder sb = new StringBuilder(512 * out.size());
        long words = 0;
        if (req.batch()) {
            sb.append("{\"batch\":[");
        }
        for (int i = 0; i < out.size(); i++) {
            AnalysisJson.write(sb.append(i > 0 ? "," : ""), out.get(i), intentModel, topK);
            words += out.get(i).words().size();
        }
        if (req.batch()) {
            sb.append("]}");
        }
        return new Answer(200, sb.toString(), words);
    }

    /** The analyses of the items in their order: texts tagged as one pack, word lists as another. */
    private static List<Analysis> analyze(Tagger t, List<TagRequest.Item> items, int topK) {
        List<String> texts = new ArrayList<>();
        List<String[]> words = new ArrayList<>();
        for (TagRequest.Item it : items) {
            if (it.text() != null) {
                texts.add(it.text());
            } else {
                words.add(it.words());
            }
        }
        List<Analysis> fromText = texts.isEmpty() ? List.of() : t.analyzeAll(texts, topK);
        List<Analysis> fromWords = words.isEmpty() ? List.of() : t.analyzeAllWords(words, topK);
        List<Analysis> out = new ArrayList<>(items.size());
        int ti = 0;
        int wi = 0;
        for (TagRequest.Item it : items) {
            out.add(it.text() != null ? fromText.get(ti++) : fromWords.get(wi++));
        }
        return out;
    }

    /** The body, at most maxBytes (else 413). */
    private byte[] readBody(HttpExchange ex) {
        String length = ex.getRequestHeaders().getFirst("Content-Length");
        if (length != null && parseLength(length) > limits.maxBytes()) {
            throw new Refusal(413, "a request body of " + length.trim() + " bytes is over the limit of "
                    + limits.maxBytes());
        }
        byte[] buf = new byte[Math.min(limits.maxBytes() + 1, 1 << 14)];
        int n = 0;
        try (InputStream in = ex.getRequestBody()) {
            for (int r; (r = in.read(buf, n, buf.length - n)) >= 0; ) {
                n += r;
                if (n > limits.maxBytes()) {
                    throw new Refusal(413, "a request body over the limit of " + limits.maxBytes() + " bytes");
                }
                if (n == buf.length) {
                    buf = Arrays.copyOf(buf, Math.min(limits.maxBytes() + 1, buf.length * 2));
                }
            }
        } catch (IOException e) {
            throw new Refusal(400, "could not read the request body: " + e.getMessage());
        }
        return Arrays.copyOf(buf, n);
    }

    /** Strict UTF-8 (a malformed byte is 400, never a replacement character). */
    private static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new Refusal(400, "the request body is not valid UTF-8");
        }
    }

    private static long parseLength(String length) {
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            throw new Refusal(400, "bad Content-Length " + TagRequest.clip(length));
        }
    }

    private String health() {
        Tagger t = tagger.get();
        StringBuilder sb = new StringBuilder("{\"status\":\"ok\",\"task\":");
        Json.quote(sb, t.task().id()).append(",\"model\":");
        Json.quote(sb, modelDir == null ? "" : modelDir.toString());
        return sb.append(",\"labels\":").append(t.labels().size()).append(",\"reloads\":").append(metrics.reloads())
                .append('}').toString();
    }

    private static String error(String message) {
        return Json.quote(new StringBuilder("{\"error\":"), message).append('}').toString();
    }

    /** Sends the answer and records it; {@code start} -1: not timed (a 503 before admission). */
    private void respond(HttpExchange ex, Answer a, String endpoint, long start) {
        byte[] body;
        if (a.json() == null) { // the metrics
            ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            body = metrics.prometheus(inFlight.get()).getBytes(StandardCharsets.UTF_8);
        } else {
            ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            body = (a.json() + "\n").getBytes(StandardCharsets.UTF_8);
        }
        try {
            boolean head = ex.getRequestMethod().equals("HEAD");
            ex.sendResponseHeaders(a.status(), head ? -1 : body.length);
            if (!head) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            }
        } catch (IOException e) {
            // the client went away; there is no one to answer
        } finally {
            ex.close();
            metrics.record(endpoint, a.status(), start < 0 ? -1 : System.nanoTime() - start, a.words());
        }
    }

    /**
     * Stops taking requests (new ones get 503), lets those admitted finish for at most
     * {@code graceSeconds}, then closes the port and every connection.
     */
    public void shutdown(int graceSeconds) {
        draining = true;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(graceSeconds);
        try {
            while (inFlight.get() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        http.stop(0);
        workers.shutdownNow();
        connections.shutdownNow();
    }

    /** {@link #shutdown} with 5 seconds' grace. */
    @Override
    public void close() {
        shutdown(5);
    }
}
