/**
 * The {@code trace} command's content: one call of the tutorial's {@code sentence_train} read from
 * the flags' text, run through the library's {@link org.rnnslu.model.Network}, and printed section
 * by section, with its numbers, as text or Markdown.
 */
package org.rnnslu.cli.trace;
