/** The dense float operations the model runs on ({@link org.rnnslu.kernels.Kernels}), their scalar reference, and the once-per-JVM choice between it and the vector kernels. */
package org.rnnslu.kernels;
