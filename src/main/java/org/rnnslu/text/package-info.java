/** Raw text to the model's tokens: a tokenizer that keeps each token's character span in the original string. */
package org.rnnslu.text;
