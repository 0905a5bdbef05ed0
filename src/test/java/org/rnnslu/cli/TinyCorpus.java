package org.rnnslu.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** A small learnable slot corpus in the ATIS layout, written into a temp folder for CLI tests. */
public final class TinyCorpus {

    private static final String[] CITIES = {"boston", "denver", "atlanta", "dallas", "seattle", "miami", "new york"};
    private static final String[] DAYS = {"monday", "tuesday", "friday"};

    private TinyCorpus() {}

    public static Path write(Path root, long seed) throws IOException {
        SplittableRandom rng = new SplittableRandom(seed);
        split(root.resolve("train"), rng, 120);
        split(root.resolve("dev"), rng, 30);
        split(root.resolve("test"), rng, 30);
        return root;
    }

    private static void split(Path dir, SplittableRandom rng, int count) throws IOException {
        Files.createDirectories(dir);
        List<String> in = new ArrayList<>();
        List<String> out = new ArrayList<>();
        List<String> label = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String from = CITIES[rng.nextInt(CITIES.length)];
            String to = CITIES[rng.nextInt(CITIES.length)];
            StringBuilder w = new StringBuilder();
            StringBuilder l = new StringBuilder();
            boolean fare = rng.nextBoolean();
            add(w, l, fare ? "fares" : "flights", "O");
            add(w, l, "from", "O");
            city(w, l, from, "fromloc.city_name");
            add(w, l, "to", "O");
            city(w, l, to, "toloc.city_name");
            if (rng.nextBoolean()) {
                add(w, l, "on", "O");
                add(w, l, DAYS[rng.nextInt(DAYS.length)], "B-depart_date.day_name");
            }
            in.add(w.toString().trim());
            out.add(l.toString().trim());
            label.add(fare ? "atis_airfare" : "atis_flight");
        }
        Files.write(dir.resolve("seq.in"), in, StandardCharsets.UTF_8);
        Files.write(dir.resolve("seq.out"), out, StandardCharsets.UTF_8);
        Files.write(dir.resolve("label"), label, StandardCharsets.UTF_8);
    }

    private static void city(StringBuilder w, StringBuilder l, String city, String type) {
        String[] parts = city.split(" ");
        for (int i = 0; i < parts.length; i++) {
            add(w, l, parts[i], (i == 0 ? "B-" : "I-") + type);
        }
    }

    private static void add(StringBuilder w, StringBuilder l, String word, String label) {
        w.append(word).append(' ');
        l.append(label).append(' ');
    }
}
