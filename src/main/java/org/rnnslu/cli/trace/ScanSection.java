package org.rnnslu.cli.trace;

import static org.rnnslu.cli.trace.Values.vec;

import java.util.Locale;
import org.rnnslu.model.Activations;
import org.rnnslu.model.Architecture;
import org.rnnslu.model.Dims;
import org.rnnslu.model.Params;

/**
 * Section 3, the scan: each step's hidden state h_t [nh]; for the tutorial's Elman network with
 * --full, the terms of its sum; for the bidirectional, Jordan and hybrid networks, their states only.
 */
final class ScanSection {

    private ScanSection() {}

    static void print(Report out, Step s) {
        Params p = s.before;
        Dims d = p.dims;
        if (!d.arch().withOutput(Architecture.Output.SOFTMAX).isTutorial()) { // bi, Jordan or hybrid (a CRF output changes no scan)
            otherScan(out, p, s.act, s.n());
            return;
        }
        int nh = d.nh();
        out.section("3. the scan: [h, s], _ = theano.scan(fn=recurrence, sequences=x, outputs_info=[h0, None])",
                "h_t = sigmoid(x_t . wx + h_{t-1} . wh + bh),  h_{-1} = h0   each [nh] = [" + nh + "]");
        out.line("scan calls recurrence(x_t, h_tm1) once per row of x. outputs_info gives one entry per output of");
        out.line("recurrence: h0 is the first h_tm1, and h_t is fed back as the next step's h_tm1; None says s_t is");
        out.line("produced at every step but not fed back (it is only collected into s).");
        out.line("rnnslu computes x . wx for all rows at once (it does not depend on h); only h . wh is sequential.");
        out.line("h0   = " + vec(out, p.h0, 0, nh));
        for (int t = 0; t < s.n(); t++) {
            if (out.full) {
                elmanTerms(out, p, s.act, t);
            } else {
                out.line("h[" + t + "] = " + vec(out, s.act.h, t * nh, nh));
            }
        }
    }

    /** Step t of the Elman recurrence term by term: x_t . wx, h_{t-1} . wh, bh, their sum, its sigmoid. */
    private static void elmanTerms(Report out, Params p, Activations act, int t) {
        Dims d = p.dims;
        int nh = d.nh();
        double[] xw = Terms.product(act.x, t * d.inputDim(), p.wx, d.inputDim(), nh);
        double[] hw = Terms.product(act.hPrev, t * nh, p.wh, nh, nh);
        double[] pre = new double[nh];
        for (int i = 0; i < nh; i++) {
            pre[i] = xw[i] + hw[i] + p.bh[i];
        }
        String step = String.format(Locale.ROOT, "t=%-3d", t);
        String pad = " ".repeat(step.length());
        out.line(String.format(Locale.ROOT, "%s%-22s= %s", step, "x[" + t + "] . wx", vec(out, xw)));
        out.line(String.format(Locale.ROOT, "%s%-22s= %s", pad, (t == 0 ? "h0" : "h[" + (t - 1) + "]") + " . wh",
                vec(out, hw)));
        out.line(String.format(Locale.ROOT, "%s%-22s= %s", pad, "bh", vec(out, p.bh, 0, nh)));
        out.line(String.format(Locale.ROOT, "%s%-22s= %s", pad, "a[" + t + "] (the sum)", vec(out, pre)));
        out.line(String.format(Locale.ROOT, "%s%-22s= %s", pad, "h[" + t + "] = sigmoid(a[" + t + "])",
                vec(out, act.h, t * nh, nh)));
    }

    /** The bidirectional, Jordan and hybrid networks' hidden states, step by step (no per-term breakdown). */
    private static void otherScan(Report out, Params p, Activations act, int n) {
        Dims d = p.dims;
        int nh = d.nh();
        if (d.feedsBackOutput() && d.feedsBackHidden()) {
            out.section("3. the scan (the Elman-Jordan hybrid): [h, s], _ = theano.scan(fn=recurrence, sequences=x, outputs_info=[h0, s0])",
                    "h_t = sigmoid(x_t . wx + h_{t-1} . wh + s_{t-1} . ws + bh),  s_t = softmax(h_t . w + b),  h_{-1} = h0,"
                            + "  s_{-1} = s0   h_t [nh] = [" + nh + "]");
            out.line("both are fed back into h_t: h_{t-1}, and s_{t-1}, the previous step's output distribution p[t-1] (section 4).");
            out.line("h0   = " + vec(out, p.h0, 0, nh));
            out.line("s0   = " + vec(out, p.s0, 0, d.nc()));
        } else if (d.feedsBackOutput()) {
            out.section("3. the scan (is13's jordan.py): [h, s], _ = theano.scan(fn=recurrence, sequences=x, outputs_info=[None, s0])",
                    "h_t = sigmoid(x_t . wx + s_{t-1} . ws + bh),  s_t = softmax(h_t . w + b),  s_{-1} = s0   h_t [nh] = [" + nh + "]");
            out.line("s_{t-1} is the previous step's output distribution p[t-1] (section 4), fed back into h_t.");
            out.line("s0   = " + vec(out, p.s0, 0, d.nc()));
        } else {
            out.section("3. two scans: h left to right, hb right to left, each with its own weights",
                    "h_t = sigmoid(x_t . wx + h_{t-1} . wh + bh), h_{-1} = h0;  hb_t = sigmoid(x_t . wxb + hb_{t+1} . whb + bhb), hb_n = h0b");
            out.line("the output layer reads [h_t; hb_t] [2nh] = [" + 2 * nh + "].");
            out.line("h0   = " + vec(out, p.h0, 0, nh));
            out.line("h0b  = " + vec(out, p.h0b, 0, nh));
        }
        for (int t = 0; t < n; t++) {
            out.line("h[" + t + "] = " + vec(out, act.h, t * nh, nh));
            if (d.bidirectional()) {
                out.line("hb[" + t + "] = " + vec(out, act.hb, t * nh, nh));
            }
        }
    }
}
