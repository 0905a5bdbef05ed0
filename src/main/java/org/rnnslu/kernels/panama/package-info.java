/** The kernels on the Panama Vector API, at the hardware's widest vector width or a forced one: the project's only use of {@code jdk.incubator.vector}. */
package org.rnnslu.kernels.panama;
