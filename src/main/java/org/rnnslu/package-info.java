/**
 * The library's front door: {@link org.rnnslu.Tagger} loads a trained model and tags text with it,
 * returning each word's label, each slot's span and score, and the intent.
 */
package org.rnnslu;
