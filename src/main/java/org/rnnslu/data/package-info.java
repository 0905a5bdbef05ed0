/**
 * From text files to the numbers the network reads: labelled corpora, vocabulary and label sets,
 * pretrained word vectors, preprocessing, word indices and context windows.
 */
package org.rnnslu.data;
