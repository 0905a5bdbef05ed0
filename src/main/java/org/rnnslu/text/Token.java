package org.rnnslu.text;

/**
 * One token the model reads, and where it came from.
 *
 * @param text the token as the model's vocabulary spells it ("i'd", "530", "pm", "new")
 * @param start the first char of its source in the original string (a String index: UTF-16 units)
 * @param end one past the last char of its source; tokens expanded from one source ("N.Y." to
 *     "new" "york") share its span
 */
public record Token(String text, int start, int end) {

    public Token {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("a token needs text");
        }
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("bad span [" + start + ", " + end + ") of token '" + text + "'");
        }
    }
}
