package org.rnnslu.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ContextWindowsTest {

    @Test
    void tutorialExample() {
        int[] out = new int[15];
        ContextWindows.contextWindow(new int[] {0, 1, 2, 3, 4}, 5, 3, out);
        assertThat(out).containsExactly(-1, 0, 1, 0, 1, 2, 1, 2, 3, 2, 3, 4, 3, 4, -1);
        assertThat(ContextWindows.contextWindow(new int[] {0, 1, 2, 3, 4}, 3))
                .isDeepEqualTo(new int[][] {{-1, 0, 1}, {0, 1, 2}, {1, 2, 3}, {2, 3, 4}, {3, 4, -1}});
    }

    @Test
    void windowOfOneIsTheSentence() {
        int[] out = new int[3];
        ContextWindows.contextWindow(new int[] {7, 8, 9}, 3, 1, out);
        assertThat(out).containsExactly(7, 8, 9);
    }

    @Test
    void sevenWideOnOneAndTwoWords() {
        int[] out = new int[14];
        ContextWindows.contextWindow(new int[] {5}, 1, 7, out);
        assertThat(out).startsWith(-1, -1, -1, 5, -1, -1, -1);
        ContextWindows.contextWindow(new int[] {5, 6}, 2, 7, out);
        assertThat(out).containsExactly(-1, -1, -1, 5, 6, -1, -1, -1, -1, 5, 6, -1, -1, -1);
    }

    @Test
    void usesOnlyTheFirstNWordsAndLeavesTheRestOfOut() {
        int[] out = {42, 42, 42, 42, 42, 42, 42};
        ContextWindows.contextWindow(new int[] {1, 2, 3, 4}, 2, 3, out);
        assertThat(out).containsExactly(-1, 1, 2, 1, 2, -1, 42);
    }

    @Test
    void rejectsEvenOrNonPositiveWindowsAndShortOutput() {
        int[] out = new int[100];
        assertThatThrownBy(() -> ContextWindows.contextWindow(new int[] {1}, 1, 2, out))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ContextWindows.contextWindow(new int[] {1}, 1, 0, out))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ContextWindows.contextWindow(new int[] {1}, 1, -3, out))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ContextWindows.contextWindow(new int[] {1, 2}, 2, 3, new int[5]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ContextWindows.contextWindow(new int[] {1}, 2, 3, out))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
