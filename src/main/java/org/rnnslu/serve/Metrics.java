package org.rnnslu.serve;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The server's counters in the Prometheus text format: requests by endpoint and status, words
 * tagged, the words per second of the last {@link #RATE_SECONDS} seconds, requests refused for
 * overload, model reloads, requests in progress, the JVM's heap, and the latency of
 * {@code POST /v1/tag} over its last {@link #WINDOW} requests as a summary (p50, p90, p99, sum,
 * count). Thread-safe: one lock, a request's record is a few array writes.
 */
public final class Metrics {

    /** Latencies kept for the quantiles. */
    public static final int WINDOW = 4096;
    /** Seconds the words/s gauge averages over. */
    public static final int RATE_SECONDS = 10;

    private final long startNanos = System.nanoTime();
    private final Map<String, Long> byEndpointAndStatus = new TreeMap<>(); // "endpoint\0status" -> count
    private final long[] latencies = new long[WINDOW]; // nanoseconds, a ring
    private final long[] wordsInSecond = new long[RATE_SECONDS + 1]; // a ring of whole seconds since start
    private final long[] secondOfSlot = new long[RATE_SECONDS + 1];
    private long tagRequests;
    private long words;
    private long latencySum;
    private long overloaded;
    private long reloads;
    private long failedReloads;

    /**
     * A request answered: its endpoint (one of a few fixed names), status, latency (negative: not
     * timed, refused before admission), words tagged.
     */
    synchronized void record(String endpoint, int status, long nanos, long wordCount) {
        byEndpointAndStatus.merge(endpoint + '\0' + status, 1L, Long::sum);
        if (endpoint.equals(TagServer.TAG) && nanos >= 0) {
            latencies[(int) (tagRequests % WINDOW)] = nanos;
            tagRequests++;
            latencySum += nanos;
        }
        words += wordCount;
        long second = (System.nanoTime() - startNanos) / 1_000_000_000L;
        int slot = (int) (second % wordsInSecond.length);
        if (secondOfSlot[slot] != second) {
            secondOfSlot[slot] = second;
            wordsInSecond[slot] = 0;
        }
        wordsInSecond[slot] += wordCount;
    }

    synchronized void overloaded() {
        overloaded++;
    }

    synchronized void reloaded(boolean ok) {
        if (ok) {
            reloads++;
        } else {
            failedReloads++;
        }
    }

    public synchronized long reloads() {
        return reloads;
    }

    public synchronized long failedReloads() {
        return failedReloads;
    }

    /** Requests to {@code endpoint} answered with {@code status}. */
    public synchronized long count(String endpoint, int status) {
        return byEndpointAndStatus.getOrDefault(endpoint + '\0' + status, 0L);
    }

    public synchronized long words() {
        return words;
    }

    /** The q-quantile (0..1) of the recent tag latencies, seconds (NaN before any request). */
    public synchronized double quantile(double q) {
        int n = (int) Math.min(tagRequests, WINDOW);
        if (n == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(latencies, n);
        Arrays.sort(sorted);
        return sorted[Math.max(0, (int) Math.ceil(q * n) - 1)] / 1e9;
    }

    /** Words tagged per second over the last {@link #RATE_SECONDS} whole seconds (fewer just after the start). */
    synchronized double wordsPerSecond() {
        long now = (System.nanoTime() - startNanos) / 1_000_000_000L;
        long sum = 0;
        for (int i = 0; i < wordsInSecond.length; i++) {
            if (secondOfSlot[i] < now && secondOfSlot[i] >= now - RATE_SECONDS) {
                sum += wordsInSecond[i];
            }
        }
        return sum / (double) Math.max(1, Math.min(RATE_SECONDS, now));
    }

    /** The Prometheus text exposition (format 0.0.4); {@code inProgress}: requests admitted and not yet answered. */
    public synchronized String prometheus(int inProgress) {
        StringBuilder sb = new StringBuilder(2048);
        header(sb, "rnnslu_requests_total", "counter", "Requests answered, by endpoint and HTTP status.");
        byEndpointAndStatus.forEach((k, c) -> {
            int cut = k.indexOf('\0');
            sb.append("rnnslu_requests_total{endpoint=\"").append(k, 0, cut).append("\",code=\"")
                    .append(k, cut + 1, k.length()).append("\"} ").append(c).append('\n');
        });
        line(sb, "rnnslu_words_total", "counter", "Words tagged.", words);
        header(sb, "rnnslu_words_per_second", "gauge", "Words tagged per second over the last " + RATE_SECONDS + " s.");
        sb.append(String.format(Locale.ROOT, "rnnslu_words_per_second %.1f%n", wordsPerSecond()));
        line(sb, "rnnslu_requests_in_progress", "gauge", "Requests admitted and not yet answered.", inProgress);
        line(sb, "rnnslu_overload_rejections_total", "counter", "Requests answered 503 because the queue was full.",
                overloaded);
        line(sb, "rnnslu_model_reloads_total", "counter", "Models swapped in by --reload.", reloads);
        line(sb, "rnnslu_model_reload_failures_total", "counter", "Saved models --reload could not load (the old one kept).",
                failedReloads);
        Runtime rt = Runtime.getRuntime();
        line(sb, "rnnslu_jvm_heap_used_bytes", "gauge", "Java heap in use (live and not yet collected).",
                rt.totalMemory() - rt.freeMemory());
        line(sb, "rnnslu_jvm_heap_max_bytes", "gauge", "The most heap the JVM may use (-Xmx).", rt.maxMemory());
        header(sb, "rnnslu_tag_duration_seconds", "summary",
                "POST /v1/tag latency, admission to answer (quantiles over the last " + WINDOW + " requests).");
        for (double q : new double[] {0.5, 0.9, 0.99}) {
            double v = quantile(q);
            sb.append("rnnslu_tag_duration_seconds{quantile=\"").append(q).append("\"} ")
                    .append(Double.isNaN(v) ? "NaN" : String.format(Locale.ROOT, "%.6f", v)).append('\n');
        }
        sb.append(String.format(Locale.ROOT, "rnnslu_tag_duration_seconds_sum %.6f%n", latencySum / 1e9));
        sb.append("rnnslu_tag_duration_seconds_count ").append(tagRequests).append('\n');
        return sb.toString();
    }

    private static void header(StringBuilder sb, String name, String type, String help) {
        sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
        sb.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void line(StringBuilder sb, String name, String type, String help, long value) {
        header(sb, name, type, help);
        sb.append(name).append(' ').append(value).append('\n');
    }
}
