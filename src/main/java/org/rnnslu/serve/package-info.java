/** Serving a model: the JSON of an analysis and the HTTP server on the JDK's com.sun.net.httpserver. */
package org.rnnslu.serve;
