/**
 * From text files to the numbers the network reads: reading labelled corpora, vocabulary and label
 * sets, preprocessing, word indices and context windows, with the file helpers those readers share.
 */
package org.rnnslu.data;
