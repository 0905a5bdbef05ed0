package org.rnnslu.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60) // a lost or doubly run part shows as a run that never ends
class WorkersTest {

    @Test
    void everyPartRunsExactlyOnceWhateverTheirNumber() {
        try (Workers workers = new Workers(3)) {
            for (int parts : new int[] {1, 2, 3, 4, 7, 12}) {
                AtomicIntegerArray runs = new AtomicIntegerArray(parts);
                workers.run(parts, runs::incrementAndGet);
                for (int p = 0; p < parts; p++) {
                    assertThat(runs.get(p)).as("part %d of %d", p, parts).isEqualTo(1);
                }
            }
        }
    }

    @Test
    void partsSeeWhatTheCallerWroteAndTheCallerSeesWhatTheyWrote() {
        try (Workers workers = new Workers(2)) {
            long[] input = new long[2];
            long[] output = new long[2];
            for (int round = 1; round <= 20_000; round++) {
                input[0] = round;
                input[1] = -round;
                workers.run(2, p -> output[p] = input[p] * 2);
                assertThat(output[0]).isEqualTo(2L * round);
                assertThat(output[1]).isEqualTo(-2L * round);
            }
        }
    }

    @Test
    void helpersThatParkedAreWokenForTheNextRun() throws InterruptedException {
        try (Workers workers = new Workers(2)) {
            int[] seen = new int[2];
            for (int round = 1; round <= 3; round++) {
                Thread.sleep(5 * Workers.SPIN_NANOS / 1_000_000 + 5); // long enough for the helper to park
                int r = round;
                workers.run(2, p -> seen[p] = r);
                assertThat(seen).containsExactly(round, round);
            }
        }
    }

    @Test
    void aPartWhoseThreadIsLateRunsOnTheCaller() throws InterruptedException {
        Thread caller = Thread.currentThread();
        try (Workers workers = new Workers(2)) {
            int stolen = 0;
            for (int round = 0; round < 50 && stolen == 0; round++) {
                // the helper parks; waking it takes longer than the caller's empty part
                Thread.sleep(5 * Workers.SPIN_NANOS / 1_000_000 + 5);
                Thread[] ranOn = new Thread[2];
                workers.run(2, p -> ranOn[p] = Thread.currentThread());
                assertThat(ranOn[0]).isSameAs(caller);
                stolen += ranOn[1] == caller ? 1 : 0;
            }
            assertThat(stolen).as("runs whose part 1 the caller took from a helper not yet awake").isPositive();
        }
    }

    @Test
    void partsRunOnceWhenHelpersFallBehindTheCallerRunAfterRun() {
        // tiny parts, so the caller often takes a helper's part and posts the next run while a helper
        // is still on the last one: a late helper must neither run a newer run's part nor lose one
        try (Workers workers = new Workers(3)) {
            int[] sizes = {2, 5, 3, 7, 4};
            for (int round = 0; round < 20_000; round++) {
                int parts = sizes[round % sizes.length];
                AtomicIntegerArray runs = new AtomicIntegerArray(parts);
                int r = round;
                long[] out = new long[parts];
                workers.run(parts, p -> {
                    runs.incrementAndGet(p);
                    out[p] = (long) r * 31 + p;
                });
                for (int p = 0; p < parts; p++) {
                    assertThat(runs.get(p)).as("round %d part %d", round, p).isEqualTo(1);
                    assertThat(out[p]).isEqualTo((long) r * 31 + p);
                }
            }
        }
    }

    @Test
    void theLowestFailingPartIsRethrownAfterAllPartsEnded() {
        try (Workers workers = new Workers(2)) {
            AtomicIntegerArray ended = new AtomicIntegerArray(4);
            assertThatThrownBy(() -> workers.run(4, p -> {
                ended.set(p, 1);
                if (p >= 1) {
                    throw new IllegalArgumentException("part " + p);
                }
            })).isInstanceOf(IllegalArgumentException.class).hasMessage("part 1");
            for (int p = 0; p < 4; p++) {
                assertThat(ended.get(p)).as("part %d", p).isEqualTo(1);
            }
            int[] after = new int[2];
            workers.run(2, p -> after[p] = p + 1); // still usable, no stale failure
            assertThat(after).containsExactly(1, 2);
        }
    }

    @Test
    void oneThreadRunsInlineAndAClosedPoolRefuses() {
        Thread caller = Thread.currentThread();
        try (Workers one = new Workers(1)) {
            one.run(3, p -> assertThat(Thread.currentThread()).isSameAs(caller));
        }
        Workers two = new Workers(2);
        two.close();
        assertThatThrownBy(() -> two.run(2, p -> { })).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new Workers(0)).hasMessageContaining("--threads must be >= 1");
    }
}
