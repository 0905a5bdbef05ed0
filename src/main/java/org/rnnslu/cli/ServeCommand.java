package org.rnnslu.cli;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.rnnslu.Tagger;
import org.rnnslu.serve.ModelReloader;
import org.rnnslu.serve.TagServer;

/** {@code serve}: the tagging HTTP API (docs/serving.md) on the JDK's own HTTP server. */
final class ServeCommand implements Main.Command {

    @Override
    public String summary() {
        return "serve a saved model over HTTP: POST /v1/tag, GET /healthz, GET /metrics";
    }

    @Override
    public String help() {
        TagServer.Limits d = TagServer.Limits.defaults();
        return String.join("\n",
                "usage: rnnslu serve --model DIR [--host H] [--port P] [--reload] [options]",
                "",
                "Answers POST /v1/tag with the JSON of tag --format json, for {\"text\": \"...\"}, {\"words\": [...]}",
                "or {\"batch\": [{\"text\": ...}, {\"words\": [...]}, ...]}; GET /healthz; GET /metrics (Prometheus).",
                "Prints 'listening on http://HOST:PORT' on stdout once it accepts requests (see docs/serving.md).",
                "  --host H          address to bind (default 127.0.0.1; 0.0.0.0 for every interface)",
                "  --port P          port (default 8080; 0 picks a free one, printed on the line above)",
                "  --threads N       requests tagged at once (default: the cores, " + d.threads() + " here)",
                "  --queue N         requests waiting beyond those; more are answered 503 (default " + d.queue() + ")",
                "  --max-bytes N     largest request body; larger is 413 (default " + d.maxBytes() + ")",
                "  --max-batch N     most utterances in one batch; more is 413 (default " + d.maxBatch() + ")",
                "  --reload          watch DIR and swap in a model saved into it (checked every second);",
                "                    a model that fails to load is logged in one line and the old one kept",
                "  --grace S         on SIGTERM, seconds to let requests in progress finish (default 10)",
                "  --read-timeout S  seconds a client has to send its whole request; a connection still",
                "                    sending after that is closed (default " + d.readTimeoutSeconds() + "; 0: no limit)",
                "  --kernels auto|scalar|vector",
                "Stops on SIGTERM or Ctrl-C: new requests are refused, those in progress finish.",
                "");
    }

    @Override
    public int run(String[] argv, PrintStream out, PrintStream err) throws Exception {
        Args a = new Args("serve", argv, Set.of("model", "host", "port", "threads", "queue", "max-bytes", "max-batch",
                "grace", "read-timeout", "kernels"), Set.of("reload"));
        if (!a.positionals().isEmpty()) {
            throw new UsageException("serve: unexpected argument '" + a.positionals().get(0) + "' (see serve --help)");
        }
        TagServer.Limits d = TagServer.Limits.defaults();
        TagServer.Limits limits = new TagServer.Limits(range(a, "threads", d.threads(), 1, 1024),
                range(a, "queue", d.queue(), 0, 1 << 20), range(a, "max-bytes", d.maxBytes(), 1, 1 << 30),
                range(a, "max-batch", d.maxBatch(), 1, 1 << 20),
                range(a, "read-timeout", d.readTimeoutSeconds(), 0, 86_400));
        int port = range(a, "port", 8080, 0, 65535);
        int grace = range(a, "grace", 10, 0, 3600);
        String host = a.get("host", "127.0.0.1");
        boolean reload = a.flag("reload");
        Path dir = Path.of(a.require("model"));
        String version = ModelReloader.version(dir); // before the load: a save during it is then picked up
        Tagger tagger = Tagger.load(dir, CliSupport.kernels(a.get("kernels", "auto")));
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new UsageException("serve: --host '" + host + "' is not an address this machine can bind");
        }
        TagServer server = TagServer.start(tagger, dir, address, limits, err);
        ModelReloader reloader = reload ? ModelReloader.start(server, dir, version, 1000, err) : null;
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (reloader != null) {
                reloader.close();
            }
            server.shutdown(grace);
            stopped.countDown();
        }, "rnnslu-serve-shutdown"));
        out.println("listening on http://" + hostPort(server.address()));
        out.flush();
        stopped.await(); // the shutdown hook ends the process
        return 0;
    }

    private static String hostPort(InetSocketAddress a) {
        String h = a.getAddress().getHostAddress();
        return (h.contains(":") ? "[" + h + "]" : h) + ":" + a.getPort();
    }

    private static int range(Args a, String name, int fallback, int min, int max) {
        int v = a.intValue(name, fallback);
        if (v < min || v > max) {
            throw new UsageException("serve: --" + name + " takes an integer from " + min + " to " + max + ", got '"
                    + a.get(name, "") + "'");
        }
        return v;
    }
}
