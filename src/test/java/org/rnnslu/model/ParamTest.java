package org.rnnslu.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The parameter list of every architecture, as model folders and checkpoints name and order it. */
class ParamTest {

    private static final Architecture JORDAN = Architecture.TUTORIAL.withRecurrence(Architecture.Recurrence.JORDAN);
    private static final Architecture HYBRID = Architecture.TUTORIAL.withRecurrence(Architecture.Recurrence.HYBRID);
    private static final Architecture BI = Architecture.TUTORIAL.withDirection(Architecture.Direction.BI);
    private static final Architecture CRF = Architecture.TUTORIAL.withOutput(Architecture.Output.CRF);
    private static final Architecture BI_CRF = BI.withOutput(Architecture.Output.CRF);

    @Test
    void fileOrderIsTheTutorialsThenIntentThenBackwardThenCrf() {
        assertThat(Params.NAMES).containsExactly("embeddings", "wx", "wh", "w", "bh", "b", "h0");
        assertThat(Params.JOINT_NAMES).containsExactly("embeddings", "wx", "wh", "w", "bh", "b", "h0", "wi", "bi");
        assertThat(Params.BACKWARD_NAMES).containsExactly("wxb", "whb", "bhb", "h0b");
        assertThat(Params.CRF_NAMES).containsExactly("trans", "start", "end");
        assertThat(Params.names(JORDAN, false)).containsExactly("embeddings", "wx", "ws", "w", "bh", "b", "s0");
        assertThat(Params.names(JORDAN, true))
                .containsExactly("embeddings", "wx", "ws", "w", "bh", "b", "s0", "wi", "bi");
        assertThat(Params.names(HYBRID, false)).containsExactly("embeddings", "wx", "wh", "ws", "w", "bh", "b", "h0", "s0");
        assertThat(Params.names(HYBRID, true))
                .containsExactly("embeddings", "wx", "wh", "ws", "w", "bh", "b", "h0", "s0", "wi", "bi");
        assertThat(Params.names(BI, true)).containsExactly("embeddings", "wx", "wh", "w", "bh", "b", "h0", "wi", "bi",
                "wxb", "whb", "bhb", "h0b");
        assertThat(Params.names(CRF, false))
                .containsExactly("embeddings", "wx", "wh", "w", "bh", "b", "h0", "trans", "start", "end");
        assertThat(Params.names(BI_CRF, true)).containsExactly("embeddings", "wx", "wh", "w", "bh", "b", "h0", "wi",
                "bi", "wxb", "whb", "bhb", "h0b", "trans", "start", "end");
    }

    @Test
    void shapesAreTheanosAndAbsentParametersAreEmpty() {
        Dims d = new Dims(9, 4, 3, 6, 5, 2, Pooling.LAST, BI_CRF); // ne de cs nh nc ni
        assertThat(Param.EMBEDDINGS.shape(d)).containsExactly(10, 4);
        assertThat(Param.WX.shape(d)).containsExactly(12, 6);
        assertThat(Param.WH.shape(d)).containsExactly(6, 6);
        assertThat(Param.W.shape(d)).containsExactly(12, 5); // reads [h_fwd; h_bwd]
        assertThat(Param.WI.shape(d)).containsExactly(12, 2);
        assertThat(Param.BI.shape(d)).containsExactly(2);
        assertThat(Param.WXB.shape(d)).containsExactly(12, 6);
        assertThat(Param.TRANS.shape(d)).containsExactly(5, 5);
        assertThat(Param.END.shape(d)).containsExactly(5);
        Params p = new Params(d);
        for (Param q : Param.values()) {
            int expected = q.in(d) ? q.size(d) : 0;
            assertThat(p.get(q)).as(q.fileName()).hasSize(expected);
        }
        assertThat(p.get(Param.WS)).isEmpty();
        assertThat(p.get(Param.WI)).hasSize(24).isSameAs(p.wi);
        assertThat(new Gradients(d).get(Param.WXB)).hasSize(72);
        assertThat(Param.WS.shape(d.withArch(JORDAN))).containsExactly(5, 6);
        assertThat(Param.S0.size(d.withArch(JORDAN))).isEqualTo(5);
        assertThat(Param.WH.size(d.withArch(JORDAN))).isZero();
        Dims hybrid = d.withArch(HYBRID);
        assertThat(Param.WH.size(hybrid)).isEqualTo(36);
        assertThat(Param.H0.size(hybrid)).isEqualTo(6);
        assertThat(Param.WS.shape(hybrid)).containsExactly(5, 6);
        assertThat(Param.S0.size(hybrid)).isEqualTo(5);
    }

    @Test
    void everyParamHasItsOwnFileNameAndArray() {
        Dims d = new Dims(9, 4, 3, 6, 5, 2, Pooling.LAST, BI_CRF);
        Params p = Params.initialise(d, 7);
        for (Param q : p.params()) {
            assertThat(Param.named(q.fileName())).isSameAs(q);
            assertThat(p.byName(q.fileName())).isSameAs(p.get(q));
        }
        List<Param> present = p.params();
        for (int i = 0; i < present.size(); i++) {
            for (int j = i + 1; j < present.size(); j++) {
                assertThat(p.get(present.get(i))).isNotSameAs(p.get(present.get(j)));
            }
        }
        assertThatThrownBy(() -> Param.named("Wx")).hasMessageContaining("no parameter named 'Wx'");
    }
}
