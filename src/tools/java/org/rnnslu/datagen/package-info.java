/**
 * A tool outside the library jar (target/rnnslu-tools.jar): the seeded generator of synthetic
 * ATIS-like travel utterances with slot labels and intents that wrote the corpus in {@code data/}.
 */
package org.rnnslu.datagen;
