package org.rnnslu.hostile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The CLI as its own process on the built classes ({@code target/classes}): for what only a process
 * shows (exit codes with System.exit, the locale, file descriptors 0-2, the heap limit).
 */
final class Cli {

    /** What a run gave: exit code, stdout's raw bytes, stderr as UTF-8. */
    record Run(int code, byte[] stdout, String err) {
        String out() {
            return new String(stdout, StandardCharsets.UTF_8);
        }

        List<String> errLines() {
            return err.lines().toList();
        }
    }

    private Cli() {}

    /** This JVM's java. */
    static Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** This JVM's java and every other one installed under /usr/lib/jvm (JDK 17 and 25 differ in their encodings). */
    static List<Path> javas() throws IOException {
        Set<Path> out = new LinkedHashSet<>();
        out.add(java().toRealPath());
        Path jvms = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(jvms)) {
            try (var ds = Files.newDirectoryStream(jvms)) {
                for (Path d : ds) {
                    Path j = d.resolve("bin/java");
                    if (Files.isExecutable(j)) {
                        out.add(j.toRealPath());
                    }
                }
            }
        }
        return new ArrayList<>(out);
    }

    /**
     * Runs {@code java [jvmOptions] -cp target/classes org.rnnslu.cli.Main args}: stdin from
     * {@code stdin}, in a C locale when {@code cLocale}, the builder adjusted by {@code tweak}.
     */
    static Run run(Path java, List<String> jvmOptions, boolean cLocale, byte[] stdin,
            Consumer<ProcessBuilder> tweak, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(java.toString());
        cmd.add("-XX:TieredStopAtLevel=1"); // quick start
        cmd.add("-Drnnslu.quiet=true"); // no kernels notice on stderr
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", Path.of("target", "classes").toAbsolutePath().toString(), "org.rnnslu.cli.Main"));
        cmd.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("LC_") || k.equals("LANG") || k.startsWith("JAVA_TOOL") || k.startsWith("JDK_JAVA"));
        if (cLocale) {
            env.put("LC_ALL", "C");
        } else {
            env.put("LC_ALL", "C.UTF-8");
        }
        Path err = Files.createTempFile("rnnslu-err", ".txt");
        Path out = Files.createTempFile("rnnslu-out", ".txt");
        try {
            pb.redirectError(err.toFile()).redirectOutput(out.toFile());
            if (tweak != null) {
                tweak.accept(pb);
            }
            Process p = pb.start();
            try (var in = p.getOutputStream()) {
                in.write(stdin == null ? new byte[0] : stdin);
            } catch (IOException e) {
                // the process stopped reading (it failed early): its exit code and stderr tell why
            }
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("no exit within 60 s: " + cmd);
            }
            return new Run(p.exitValue(), Files.readAllBytes(out), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(err);
            Files.deleteIfExists(out);
        }
    }

    static Run run(byte[] stdin, String... args) throws IOException, InterruptedException {
        return run(java(), List.of(), false, stdin, null, args);
    }
}
