package org.rnnslu.cli.trace;

import org.rnnslu.model.Param;
import org.rnnslu.model.Params;

/** The parameters before the call, every value (--full only). */
final class ParametersSection {

    private ParametersSection() {}

    static void print(Report out, Params p) {
        out.section("the parameters before the call", null);
        for (Param param : p.params()) {
            int[] shape = param.shape(p.dims);
            Values.parameter(out, param.fileName() + " " + Values.shape(shape), p.get(param), shape);
        }
    }
}
