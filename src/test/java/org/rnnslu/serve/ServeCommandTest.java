package org.rnnslu.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rnnslu.Tagger;
import org.rnnslu.cli.Main;
import org.rnnslu.serve.Http.Reply;

/** {@code serve} from the command line: its errors, and as its own process, the address line and SIGTERM. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ServeCommandTest {

    static final Path TINY = Path.of("data", "tiny-model");

    @TempDir
    Path tmp;

    record Result(int code, String out, String err) {}

    static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void badOptionsAndABadModelAreOneLineAndExit2() throws IOException {
        Path missing = tmp.resolve("no-model");
        Result r = run("serve", "--model", missing.toString(), "--port", "0");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("rnnslu serve: ").contains(missing.toString()).endsWith("\n");
        assertThat(r.err().lines()).hasSize(1);

        Path notAModel = Files.createDirectories(tmp.resolve("empty"));
        Files.writeString(notAModel.resolve("words.txt"), "a\n");
        r = run("serve", "--model", notAModel.toString(), "--port", "0");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().lines()).hasSize(1);

        assertThat(run("serve", "--model", TINY.toString(), "--port", "70000").err())
                .isEqualTo("rnnslu serve: serve: --port takes an integer from 0 to 65535, got '70000'\n");
        assertThat(run("serve", "--model", TINY.toString(), "--threads", "x").code()).isEqualTo(2);
        assertThat(run("serve", "--model", TINY.toString(), "--host", "no.such.host.invalid", "--port", "0").err())
                .startsWith("rnnslu serve: serve: --host 'no.such.host.invalid'");
        assertThat(run("serve", "--port", "0").err()).contains("--model is required");
        assertThat(run("serve", "--model", TINY.toString(), "extra").code()).isEqualTo(2);
    }

    @Test
    void helpAndTheCommandList() {
        Result help = run("serve", "--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).startsWith("usage: rnnslu serve --model DIR").contains("--reload").contains("--max-bytes");
        assertThat(run("--help").out()).contains("  serve ");
    }

    @Test
    void sigtermLetsTheRequestInProgressFinishThenExits() throws Exception {
        Path err = tmp.resolve("err.txt");
        Process p = serveProcess(err, "--grace", "30");
        try {
            int port = listeningPort(p);
            Tagger tiny = Tagger.load(TINY);
            String text = "flights from boston to denver";
            assertThat(Http.post(port, "{\"text\": \"" + text + "\"}").body())
                    .isEqualTo(AnalysisJson.toJson(tiny.analyze(text), false, 3) + "\n");
            try (Http.HalfSent inProgress = new Http.HalfSent(port, "{\"text\": \"" + text + "\"}")) {
                awaitInProgress(port, 1);
                p.destroy(); // SIGTERM
                Reply refused = awaitRefusal(port);
                assertThat(refused.body()).contains("shutting down");
                assertThat(p.isAlive()).as("waits for the request in progress").isTrue();
                Reply r = inProgress.finish();
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.body()).isEqualTo(AnalysisJson.toJson(tiny.analyze(text), false, 3) + "\n");
            }
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("exits once the request is answered").isTrue();
            assertThat(p.exitValue()).isEqualTo(143); // 128 + SIGTERM, as the JVM exits on a signal
            assertThat(Files.readString(err)).doesNotContain("Exception").doesNotContain("\tat ");
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void aClientThatStallsIsCutOffAfterTheReadTimeoutAndTheServerGoesOn() throws Exception {
        Path err = tmp.resolve("err.txt");
        Process p = serveProcess(err, "--read-timeout", "1");
        try {
            int port = listeningPort(p);
            String headers = "POST /v1/tag HTTP/1.1\r\nHost: 127.0.0.1\r\n";
            String halfBody = headers + "Content-Type: application/json\r\nContent-Length: 40\r\n\r\n{\"text\": \"to";
            for (String stalled : List.of(headers, halfBody)) {
                try (Socket s = stall(port, stalled)) {
                    long t0 = System.nanoTime();
                    readUntilClosed(s); // a SocketTimeoutException after 20 s if it is never closed
                    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).as("closed after about 1 s")
                            .isBetween(500L, 9_000L);
                }
            }
            Tagger tiny = Tagger.load(TINY);
            assertThat(Http.post(port, "{\"text\": \"to boston\"}").body())
                    .isEqualTo(AnalysisJson.toJson(tiny.analyze("to boston"), false, 3) + "\n");
            // the client sees the close before the connection thread has counted its request out
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (TagServerTest.value(Http.get(port, "/metrics").body(), "rnnslu_requests_in_progress") > 1) {
                assertThat(System.nanoTime()).as("the stalled requests counted out within 10 s").isLessThan(deadline);
                Thread.sleep(5);
            }
        } finally {
            p.destroyForcibly();
        }
        assertThat(Files.readString(err)).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void withoutAReadTimeoutAStalledClientKeepsItsConnection() throws Exception {
        Process p = serveProcess(tmp.resolve("err.txt"), "--read-timeout", "0");
        try (Socket s = stall(listeningPort(p), "POST /v1/tag HTTP/1.1\r\nHost: 127.0.0.1\r\n")) {
            s.setSoTimeout(4_000);
            assertThatThrownBy(() -> s.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
        } finally {
            p.destroyForcibly();
        }
    }

    /** {@code rnnslu serve} on the tiny model, port 0, as a process of its own (the JDK reads the read timeout once per process). */
    private static Process serveProcess(Path err, String... options) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-Drnnslu.quiet=true", "-cp",
                Path.of("target", "classes").toAbsolutePath().toString(), "org.rnnslu.cli.Main", "serve", "--model",
                TINY.toString(), "--port", "0"));
        cmd.addAll(List.of(options));
        return new ProcessBuilder(cmd).redirectError(err.toFile()).start();
    }

    /** The port of the 'listening on' line the process prints first. */
    private static int listeningPort(Process p) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = CompletableFuture.supplyAsync(() -> readLine(out)).get(30, TimeUnit.SECONDS);
        Matcher m = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)").matcher(String.valueOf(line));
        assertThat(m.matches()).as(line).isTrue();
        return Integer.parseInt(m.group(1));
    }

    /** A connection that sends the start of a request and then nothing. */
    private static Socket stall(int port, String start) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        s.setSoTimeout(20_000);
        s.getOutputStream().write(start.getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        return s;
    }

    /** Reads until the server closes the connection (a reset counts as closed). */
    private static void readUntilClosed(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        try {
            while (in.read() >= 0) {
                // drain whatever comes before the close
            }
        } catch (SocketException reset) {
            // closed
        }
    }

    /** Waits until the server has admitted {@code n} requests besides the /metrics request asking. */
    private static void awaitInProgress(int port, int n) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (TagServerTest.value(Http.get(port, "/metrics").body(), "rnnslu_requests_in_progress") < n + 1) {
            assertThat(System.nanoTime()).as("%d requests in progress within 10 s", n).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private static String readLine(BufferedReader r) {
        try {
            return r.readLine();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Posts until the server answers 503, as it does once a shutdown has begun. */
    private static Reply awaitRefusal(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            Reply r = Http.post(port, "{\"text\": \"to boston\"}");
            if (r.status() == 503) {
                return r;
            }
            assertThat(System.nanoTime()).as("a 503 within 10 s of SIGTERM").isLessThan(deadline);
            Thread.sleep(5);
        }
    }
}
