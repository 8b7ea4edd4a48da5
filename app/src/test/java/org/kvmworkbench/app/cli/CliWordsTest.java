package org.kvmworkbench.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kvmworkbench.app.i18n.Bundles;
import org.kvmworkbench.app.i18n.Texts;
import org.kvmworkbench.core.i18n.Messages;
import org.kvmworkbench.kvm.ReturnPathBench;

/**
 * The CLI's words that are looked up by a name made at run time (a doorbell, a completion, a crossed limit): in
 * English they are word for word what kvm-native and core name them (so the tables read as before), and in
 * Chinese every one exists and keeps no English but names.
 */
@ExtendWith(InEnglish.class)
class CliWordsTest {
    private static final Texts KICK = Texts.of(KickBench.class);
    private static final Texts SUMMARY = Texts.of(RunSummary.class);

    @Test
    void theReturnPathTablesLabelsAreKvmNativesInEnglish() {
        for (ReturnPathBench.Mode m : KickBench.returnPathModes()) {
            assertEquals(m.doorbellLabel(), KickBench.doorbellLabel(m));
            assertEquals(m.completionLabel(), KICK.get("completion." + m.completion().name()));
        }
    }

    @Test
    void everyWordLookedUpByNameIsThereInChinese() {
        Texts.setLocale(Texts.ZH_CN);
        Messages.setLocale(Texts.ZH_CN);
        List<String> said = new java.util.ArrayList<>();
        for (ReturnPathBench.Mode m : KickBench.returnPathModes()) {
            said.add(KickBench.doorbellLabel(m));
            said.add(KICK.get("completion." + m.completion().name()));
        }
        for (String kind : List.of("exits", "instructions")) said.add(SUMMARY.format("limit." + kind, 10L));
        for (String s : said) {
            assertFalse(s.contains("!"), s);
            assertEquals(List.of(), Bundles.englishWords(s), s);
        }
        assertTrue(said.contains("IRQ 5，经 irqfd"), said.toString());
    }
}
