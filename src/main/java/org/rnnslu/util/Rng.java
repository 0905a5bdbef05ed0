package org.rnnslu.util;

/**
 * A small, fully specified pseudo-random generator (SplitMix64), so that a seed gives the same
 * corpus on every JDK: nothing here depends on the JDK's own generators, whose bounded-draw
 * algorithms are not guaranteed to stay the same between releases. Its whole state is one long,
 * so a training checkpoint can save it and resume the same stream.
 */
public final class Rng {

    private static final long GAMMA = 0x9e3779b97f4a7c15L;

    private long state;

    public Rng(long seed) {
        this.state = seed;
    }

    /** The generator's whole state: {@code new Rng(state())} continues the same stream. */
    public long state() {
        return state;
    }

    /** A seed for an independent stream, derived from a parent seed and a stream number. */
    public static long derive(long seed, long stream) {
        return mix(mix(seed + GAMMA * (stream + 1)) ^ stream);
    }

    /** SplitMix64's finaliser. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    public long nextLong() {
        state += GAMMA;
        return mix(state);
    }

    /** Uniform in [0, bound), unbiased (rejection sampling). */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive: " + bound);
        }
        // 31 random bits; reject the top partial block so every residue is equally likely
        int limit = Integer.MAX_VALUE - (int) ((Integer.MAX_VALUE % (long) bound + 1) % bound);
        while (true) {
            int r = (int) (nextLong() >>> 33);
            if (r <= limit) {
                return r % bound;
            }
        }
    }

    /** True with probability {@code percent / 100}. */
    public boolean percent(int percent) {
        return nextInt(100) < percent;
    }
}
