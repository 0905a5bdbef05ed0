package org.rnnslu.serve;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import org.rnnslu.Tagger;
import org.rnnslu.io.FolderSwap;

/**
 * {@code serve --reload}: watches the model folder and, when a save has replaced it, loads the new
 * model on its own thread and swaps it into the server; requests never wait for a load. A save
 * replaces the whole folder (io/FolderSwap), so the folder's identity and its marker's save id
 * change at every save; {@link Tagger#load} itself retries while a save is under way. A model that
 * fails to load is one line on the log, and the running model stays until the folder changes again.
 */
public final class ModelReloader implements AutoCloseable {

    private final TagServer server;
    private final Path dir;
    private final long intervalMillis;
    private final PrintStream log;
    private final Thread thread;
    private String seen; // the folder's version last loaded (or tried), read by the watching thread only
    private volatile boolean closed;

    private ModelReloader(TagServer server, Path dir, String version, long intervalMillis, PrintStream log) {
        this.server = server;
        this.dir = dir;
        this.seen = version;
        this.intervalMillis = intervalMillis;
        this.log = log;
        this.thread = new Thread(this::watch, "rnnslu-reload");
        thread.setDaemon(true);
    }

    /**
     * Starts watching {@code dir}, the folder {@code server}'s model came from, every
     * {@code intervalMillis}; {@code version} is {@link #version(Path)} of the folder taken before
     * that model was loaded, so a save that lands between the load and this call is not missed.
     */
    public static ModelReloader start(TagServer server, Path dir, String version, long intervalMillis, PrintStream log) {
        ModelReloader r = new ModelReloader(server, dir, version, intervalMillis, log);
        r.thread.start();
        return r;
    }

    private void watch() {
        while (!closed) {
            try {
                Thread.sleep(intervalMillis);
            } catch (InterruptedException e) {
                return;
            }
            String now = version(dir);
            if (now != null && !now.equals(seen)) {
                seen = now;
                reload();
            }
        }
    }

    private void reload() {
        try {
            Tagger next = Tagger.load(dir, server.tagger().kernels());
            if (!closed) {
                server.replace(next);
                log.println("rnnslu serve: reloaded the model in " + dir);
            }
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            server.metrics().reloaded(false);
            log.println("rnnslu serve: kept the running model; loading " + dir + " failed: " + oneLine(e));
        }
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage();
        return (m == null || m.isBlank() ? e.getClass().getSimpleName() : m).replace('\n', ' ').replace('\r', ' ');
    }

    /**
     * What a save changes: the folder's identity (a new folder is renamed in), its modification time
     * and its marker (with the save id); null while the folder is absent (between a save's renames).
     */
    public static String version(Path dir) {
        try {
            BasicFileAttributes a = Files.readAttributes(dir, BasicFileAttributes.class);
            Path marker = dir.resolve(FolderSwap.MARKER);
            String m = Files.isRegularFile(marker) ? Files.readString(marker, StandardCharsets.UTF_8) : "";
            return Objects.toString(a.fileKey()) + '|' + a.lastModifiedTime() + '|' + m;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Stops watching (a load under way finishes but is not swapped in). */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
