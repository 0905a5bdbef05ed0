/** Running a trained network over many sentences at once to read off its per-word labels and intents. */
package org.rnnslu.inference;
