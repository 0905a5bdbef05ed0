package org.rnnslu.hostile;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.rnnslu.Tagger;
import org.rnnslu.data.LabelSet;
import org.rnnslu.data.Preprocessing;
import org.rnnslu.data.Vocabulary;
import org.rnnslu.kernels.ScalarKernels;
import org.rnnslu.model.Dims;
import org.rnnslu.model.Params;
import org.rnnslu.model.Task;

/**
 * A service that reloads its model {@code args[0]} times behind an 8-thread pool, each pool thread
 * tagging with every new Tagger; prints "ok" at the end. Run at a small heap: if dead Taggers'
 * workspaces stayed in the pool threads it runs out of memory.
 */
public final class ReloadLoop {

    static final int THREADS = 8;

    private ReloadLoop() {}

    /** i in base 26 with the letters a-z. */
    static String letters(int i) {
        StringBuilder b = new StringBuilder("w");
        for (int n = i; n > 0; n /= 26) {
            b.append((char) ('a' + n % 26));
        }
        return b.toString();
    }

    public static void main(String[] args) throws Exception {
        try {
            run(Integer.parseInt(args[0]));
        } catch (OutOfMemoryError e) {
            System.out.println("OutOfMemoryError");
            System.exit(1);
        }
        System.out.println("ok");
    }

    static void run(int reloads) throws Exception {
        Dims dims = new Dims(8000, 2, 3, 64, 5); // 6 MB a model with its input table [cs, ne+1, nh], quick to build
        List<String> words = new ArrayList<>();
        words.add(Vocabulary.UNK);
        for (int i = 1; i < dims.ne(); i++) {
            words.add(letters(i)); // no digits: they would read as DIGIT
        }
        Vocabulary vocab = Vocabulary.of(words, Preprocessing.DEFAULT);
        LabelSet labels = LabelSet.of(List.of("B-a", "I-a", "B-b", "I-b", "O"));
        Params params = Params.initialise(dims, 1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r);
            t.setDaemon(true); // an OutOfMemoryError in main ends the process
            return t;
        });
        try {
            String[] sentence = {words.get(5), words.get(7), words.get(11)};
            for (int r = 0; r < reloads; r++) {
                Tagger tagger = new Tagger(params, vocab, labels, Task.SLOTS, ScalarKernels.INSTANCE);
                CyclicBarrier all = new CyclicBarrier(THREADS); // every pool thread tags with this Tagger
                List<Future<String[]>> done = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    done.add(pool.submit(() -> {
                        all.await();
                        return tagger.tag(sentence);
                    }));
                }
                for (Future<String[]> f : done) {
                    f.get();
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
