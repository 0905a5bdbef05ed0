/**
 * Serving a model over HTTP: the JSON of an analysis, the request checks, the server on the JDK's
 * com.sun.net.httpserver with its metrics, and the reloading of a model folder saved anew.
 */
package org.rnnslu.serve;
