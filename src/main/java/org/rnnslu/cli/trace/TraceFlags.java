package org.rnnslu.cli.trace;

/**
 * The text of trace's flags that say what the call is; null where a flag is absent.
 *
 * @param bptt whether --bptt was given (its objective defaults to last-step)
 */
public record TraceFlags(String words, String idxs, String labels, String y, String intent, String objective,
                         boolean bptt) {}
