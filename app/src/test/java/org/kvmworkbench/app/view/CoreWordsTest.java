package org.kvmworkbench.app.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Locale;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kvmworkbench.app.i18n.Texts;
import org.kvmworkbench.core.backend.BackendInfo;
import org.kvmworkbench.core.kvm.CostModel;
import org.kvmworkbench.core.session.RunOutcome;
import org.kvmworkbench.core.vmx.VmcsField;
import org.kvmworkbench.core.vmx.VmxExitReason;

/**
 * Words core keeps in English for the CLI and trace files (SDM exit reason names, run outcomes, VMCS field
 * meanings, the cost model's source) are translated by the app's bundles: their English entries must stay the
 * same words as core's, and the Chinese ones must differ.
 */
class CoreWordsTest {
    @BeforeEach
    void english() {
        Texts.setLocale(Locale.ENGLISH);
    }

    @AfterEach
    void back() {
        Texts.setLocale(Locale.ENGLISH);
    }

    @Test
    void englishEntriesAreCoresWords() {
        for (VmxExitReason r : VmxExitReason.values()) assertEquals(r.sdmName(), ExitText.reasonName(r), r.name());
        for (RunOutcome o : RunOutcome.values()) assertEquals(o.description(), ExitText.outcome(o), o.name());
        for (VmcsField f : VmcsField.values()) assertEquals(f.meaning(), VmcsPanel.meaning(f), f.name());
        BackendInfo sim = BackendInfo.simulated("test");
        assertEquals(sim.technology(), ExitText.technology(sim));
        assertEquals(sim.controlBlock(), ExitText.controlBlock(sim));
        assertEquals("modeled: " + CostModel.SOURCE, Texts.of(StatsView.class).get("latency.source.modeled"));
    }

    @Test
    void chineseEntriesTranslateThem() {
        Texts.setLocale(Texts.ZH_CN);
        assertEquals("I/O 指令", ExitText.reasonName(VmxExitReason.IO_INSTRUCTION));
        assertEquals("EPT 违例", ExitText.reasonName(VmxExitReason.EPT_VIOLATION));
        assertNotEquals(RunOutcome.HALTED.description(), ExitText.outcome(RunOutcome.HALTED));
        assertEquals("退出限定信息", VmcsPanel.meaning(VmcsField.EXIT_QUALIFICATION));
        assertEquals("RIP", VmcsPanel.meaning(VmcsField.GUEST_RIP)); // a name stays a name
    }
}
