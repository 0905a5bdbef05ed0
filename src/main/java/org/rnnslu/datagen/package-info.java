/**
 * A seeded generator of synthetic ATIS-like travel utterances with slot labels and intents, which
 * writes the small corpus in {@code data/} that the quick start trains on.
 */
package org.rnnslu.datagen;
