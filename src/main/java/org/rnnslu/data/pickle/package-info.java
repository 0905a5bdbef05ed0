/**
 * A safe reader of the tutorial's data pickles ({@code atis.foldN.pkl.gz}, {@code atis.pkl}): a
 * small unpickler that builds only lists, tuples, dicts, ints, strings and numpy integer arrays,
 * calls no code, and rejects every other opcode or global with one line naming it and its byte offset.
 */
package org.rnnslu.data.pickle;
