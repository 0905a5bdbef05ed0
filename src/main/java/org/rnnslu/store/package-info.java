/**
 * A model on disk: which files a model folder (or model zip) holds and what each says, and how a
 * model is saved to them and loaded and cross-checked from them.
 */
package org.rnnslu.store;
