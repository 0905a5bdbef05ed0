/** Training a model from labelled data: the recipe, its settings and their recipe.properties, the model card, checkpoints, and the {@link org.rnnslu.train.Training} entry point. */
package org.rnnslu.train;
