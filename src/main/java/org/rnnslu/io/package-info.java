/**
 * Model files on disk: the .npy format, the model folder's layout (or the same files as one
 * store-only zip), and the folder infrastructure under them (the swap that replaces a folder whole,
 * its MANIFEST, the lock on --out).
 */
package org.rnnslu.io;
