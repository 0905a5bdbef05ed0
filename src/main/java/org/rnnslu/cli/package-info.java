/**
 * The {@code rnnslu} command line: one class per command that parses its flags, calls the library
 * and prints; bad input becomes one line and exit code 2.
 */
package org.rnnslu.cli;
