/** A small strict JSON reader and writer (RFC 8259), bounded in depth and size, for the tagging wire format and a model's card.json. */
package org.rnnslu.json;
