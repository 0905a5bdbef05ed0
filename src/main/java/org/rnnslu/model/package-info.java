/**
 * The network and its maths: dimensions, parameters, the forward pass, the loss, the hand-written
 * backward pass into gradient buffers, and the SGD update, for Elman, Jordan, hybrid and bidirectional
 * recurrences with a softmax or CRF output; each layer is a class with its forward and backward
 * side by side.
 */
package org.rnnslu.model;
