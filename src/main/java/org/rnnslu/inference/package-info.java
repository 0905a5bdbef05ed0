/**
 * Running a trained network over many sentences at once to read off its per-word labels and
 * intents, and decoding label sequences from per-word scores (argmax, or Viterbi under transition
 * scores such as the IOB constraint).
 */
package org.rnnslu.inference;
