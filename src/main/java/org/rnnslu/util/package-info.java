/** Small tools with no domain knowledge: the seeded random generator and the worker threads. */
package org.rnnslu.util;
