import java.util.SplittableRandom;
import org.rnnslu.kernels.KernelProvider;
import org.rnnslu.kernels.Kernels;
import org.rnnslu.model.Dims;
import org.rnnslu.model.Network;
import org.rnnslu.model.Objective;
import org.rnnslu.model.Params;
import org.rnnslu.util.Workers;

/**
 * One operation at ATIS's shapes (nh 200, de·cs 350, nc 120) as a Runnable, built inside the class
 * loader of one build so that {@link AB} can time two builds side by side. Compiled against the
 * public API both builds share.
 */
public class Op implements Runnable {
    private final Runnable op;

    public Op(String what, int n) {
        Kernels k = KernelProvider.byName("vector");
        int nc = Integer.getInteger("ab.nc", 120), nh = Integer.getInteger("ab.nh", 200), in = 350; // -Dab.nc: labels
        int cap = what.equals("stream") ? 1 : Math.max(n, 64); // rows of the work arrays (n is bytes for stream)
        SplittableRandom rnd = new SplittableRandom(1);
        float[] x = random(rnd, cap * in), wx = random(rnd, in * nh), wh = random(rnd, nh * nh), w = random(rnd, nh * nc);
        float[] h = random(rnd, cap * nh), p = random(rnd, cap * nc), da = random(rnd, cap * nh);
        float[] dx = new float[cap * in], dh = new float[cap * nh];
        float[] dwx = new float[in * nh], dwh = new float[nh * nh], dw = new float[nh * nc];
        Dims d = new Dims(572, 50, 7, nh, nc); // -Dab.nh: hidden units
        Network net = new Network(Params.initialise(d, 345), k);
        int[] words = new int[n], labels = new int[n];
        for (int i = 0; i < n; i++) {
            words[i] = rnd.nextInt(572);
            labels[i] = rnd.nextInt(nc);
        }
        int b = what.startsWith("batch") ? Integer.parseInt(what.substring(5)) : 16;
        int[][] bw = new int[b][], bl = new int[b][];
        int[] order = new int[b];
        for (int s = 0; s < b; s++) {
            int len = 7 + rnd.nextInt(9);
            bw[s] = new int[len];
            bl[s] = new int[len];
            order[s] = s;
            for (int t = 0; t < len; t++) {
                bw[s][t] = rnd.nextInt(572);
                bl[s][t] = rnd.nextInt(nc);
            }
        }
        switch (what) {
            case "step": op = () -> net.trainStep(words, labels, -1, n, Objective.PER_WORD, 1e-6f); break;    // n words
            case "batch16": case "batch32": case "batch64": // B sentences of 7-15 words, one update
                op = () -> net.trainBatch(bw, bl, null, order, 0, b, Objective.PER_WORD, 1e-6f);
                break;
            case "inproj": op = () -> k.matmulAdd(x, 0, wx, 0, h, 0, n, in, nh); break;               // [n,350]·[350,200]
            case "out": op = () -> k.matmulAdd(h, 0, w, 0, p, 0, n, nh, nc); break;                   // [n,200]·[200,120]
            case "dzwT": op = () -> k.matmulTransB(p, 0, w, 0, da, 0, n, nc, nh); break;             // [n,120]·[200,120]ᵀ
            case "dw": op = () -> k.matmulTransAAdd(h, 0, p, 0, dw, 0, n, nh, nc); break;            // [n,200]ᵀ·[n,120]
            case "bptt": op = () -> k.matVec(wh, 0, da, 0, dh, 0, nh, nh); break;                   // [200,200]·[200]
            case "recur": op = () -> k.vecMatAdd(h, 0, wh, 0, dh, 0, nh, nh); break;                // [200]·[200,200]
            case "dawxT": op = () -> k.matmulTransB(da, 0, wx, 0, dx, 0, n, nh, in); break;          // [n,200]·[350,200]ᵀ
            case "dwx": op = () -> k.matmulTransAAdd(x, 0, da, 0, dwx, 0, n, in, nh); break;         // [n,350]ᵀ·[n,200]
            case "dwh": op = () -> k.matmulTransAAdd(h, 0, da, 0, dwh, 0, n, nh, nh); break;         // [n,200]ᵀ·[n,200]
            case "handover": { // Workers.run of 2 parts of n multiply-adds each (n = 20000: ~60 µs a part)
                Workers workers = new Workers(2);
                double[] sink = new double[2];
                op = () -> workers.run(2, part -> {
                    double acc = part;
                    for (int i = 0; i < n; i++) {
                        acc = acc * 0.999999 + i;
                    }
                    sink[part] = acc;
                });
                break;
            }
            case "fma": { // 393,216 FLOP a call at every width; the result kept so the JIT cannot drop the loop
                Roof.init(); // now, while this side's rnnslu.vectorBitSize is set
                float[] mul = {0.999f}, sink = new float[1];
                op = () -> sink[0] += Roof.fma(mul[0], 1e-3f);
                break;
            }
            case "stream": { // a dot product over two arrays of n bytes in total: FLOP = n / 4
                Roof.init();
                float[] sx = random(rnd, n / 8), sy = random(rnd, n / 8);
                float[] sink = new float[1];
                op = () -> sink[0] += Roof.dot(sx, sy);
                break;
            }
            default: throw new IllegalArgumentException("unknown op '" + what
                    + "': step batch16 batch32 batch64 inproj out dzwT dw bptt recur dawxT dwx dwh handover fma stream");
        }
    }

    @Override
    public void run() {
        op.run();
    }

    private static float[] random(SplittableRandom r, int len) {
        float[] a = new float[len];
        for (int i = 0; i < len; i++) {
            a[i] = (float) (r.nextDouble() - 0.5) * 0.1f;
        }
        return a;
    }
}
