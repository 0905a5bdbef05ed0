/** Scoring predictions against gold labels: conlleval P/R/F1, intent accuracy, a model on a labelled split. */
package org.rnnslu.eval;
