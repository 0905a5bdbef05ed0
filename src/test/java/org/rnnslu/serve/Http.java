package org.rnnslu.serve;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A loopback client for the server tests: whole requests, and a request whose body arrives in two parts. */
final class Http {

    /** A status and the body as UTF-8. */
    record Reply(int status, String body) {}

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Http() {}

    static Reply send(int port, String method, String path, byte[] body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20));
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Reply(r.statusCode(), r.body());
    }

    static Reply post(int port, String json) throws IOException, InterruptedException {
        return send(port, "POST", "/v1/tag", json.getBytes(StandardCharsets.UTF_8));
    }

    static Reply get(int port, String path) throws IOException, InterruptedException {
        return send(port, "GET", path, null);
    }

    /**
     * A POST /v1/tag on a raw socket that sends its headers and the first half of its body at once
     * and the rest on {@link #finish}: until then the server holds it as a request in progress.
     */
    static final class HalfSent implements AutoCloseable {
        private final Socket socket = new Socket();
        private final byte[] body;

        HalfSent(int port, String json) throws IOException {
            body = json.getBytes(StandardCharsets.UTF_8);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/tag HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, 0, body.length / 2);
            out.flush();
        }

        /** Sends the rest and reads the whole reply. */
        Reply finish() throws IOException {
            OutputStream out = socket.getOutputStream();
            out.write(body, body.length / 2, body.length - body.length / 2);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String text = all.toString(StandardCharsets.UTF_8);
            int status = Integer.parseInt(text.substring(9, 12));
            return new Reply(status, text.substring(text.indexOf("\r\n\r\n") + 4));
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
