/**
 * File infrastructure that knows no model: the one atomic write, strict UTF-8 text lines, key=value
 * lines, the input error, the .npy format, and folders replaced whole (the swap, its MANIFEST, the
 * lock on a folder, the same files as one zip).
 */
package org.rnnslu.io;
