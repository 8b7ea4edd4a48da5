package org.kvmworkbench.app.cli;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.kvmworkbench.app.Backends;
import org.kvmworkbench.app.WorkbenchWindow;
import org.kvmworkbench.app.i18n.Texts;
import org.kvmworkbench.app.view.ExitText;
import org.kvmworkbench.core.backend.BackendInfo;
import org.kvmworkbench.core.i18n.Errno;
import org.kvmworkbench.core.session.HeadlessRun;
import org.kvmworkbench.core.session.RunOutcome;
import org.kvmworkbench.core.session.VmmLoop;
import org.kvmworkbench.core.vmx.VmxExitReason;

/**
 * The two lines {@code run} ends with on stderr ("done: ..." or "stopped: ...", then the backend and the exit counts),
 * in the CLI's language. In English they are word for word what scripts parse (guest-suite.sh, the README).
 */
final class RunSummary {
    private static final Texts T = Texts.of(RunSummary.class);
    /** How a crossed limit is named (core's RunBudget): "1000 exits", "2000000 instructions". */
    private static final Pattern LIMIT = Pattern.compile("(\\d+) (exits|instructions)");

    private RunSummary() {
    }

    /** "done: guest halted (...)" or "stopped: time limit reached (20 s)". */
    static String ending(HeadlessRun.Result r, VmmLoop loop) {
        String why = ExitText.outcome(r.outcome());
        String detail = detail(r, loop);
        String said = detail.isEmpty() ? why : T.format("detailed", why, detail);
        return T.format(r.outcome().exitStatus() == 0 ? "done" : "stopped", said);
    }

    private static String detail(HeadlessRun.Result r, VmmLoop loop) {
        if (ErrorLine.english() || r.detail().isEmpty()) return r.detail();
        Matcher limit = LIMIT.matcher(r.detail());
        boolean crossed = r.outcome() == RunOutcome.EXIT_LIMIT || r.outcome() == RunOutcome.INSTRUCTION_LIMIT;
        if (crossed && limit.matches()) return T.format("limit." + limit.group(2), Long.parseLong(limit.group(1)));
        return Errno.inCurrentLanguage(ExitText.note(loop.outcomeWords()));
    }

    /** "backend: kvm (PVM; ...) | exits: 92 (userspace 92, in-kernel 0) | by reason: ... | instructions: ...". */
    static String counts(HeadlessRun.Result r, BackendInfo info) {
        // VM exits only: the loop's records also hold interrupt injections (VM entries) and a stop that was no exit
        return T.format("counts", info.name(), ExitText.technology(info), why(info.why()), r.stats().total(),
                r.stats().userspace(), r.stats().kernel(), byReason(r),
                r.instructions() < 0 ? T.get("notCounted") : String.valueOf(r.instructions()));
    }

    /** core's "30 I/O instruction: 91, 12 HLT: 1" with the SDM's names in the CLI's language; a host's codes as named. */
    private static String byReason(HeadlessRun.Result r) {
        String summary = r.stats().summary();
        Map<VmxExitReason, Long> counts = r.stats().byReason();
        if (ErrorLine.english()) return summary;
        if (counts.isEmpty()) return summary.equals("none") ? T.get("none") : summary;
        if (!Character.isDigit(summary.charAt(0))) return summary; // an AMD host's own exit codes: names
        StringBuilder b = new StringBuilder();
        for (Map.Entry<VmxExitReason, Long> e : counts.entrySet()) {
            if (b.length() > 0) b.append(T.get("separator"));
            b.append(T.format("reason", e.getKey().number(), ExitText.reasonName(e.getKey()), e.getValue()));
        }
        return b.toString();
    }

    /** Why this backend: the probe's diagnostic and the words around it, as the window's badge says them. */
    private static String why(String why) {
        return ErrorLine.english() ? why : Errno.inCurrentLanguage(WorkbenchWindow.why(why));
    }

    /** The kernel trace's status line ("on: following kvm events ...", "off: why"). */
    static String traceStatus(String status) {
        return ErrorLine.english() ? status : Errno.inCurrentLanguage(WorkbenchWindow.traceWords(status));
    }

    /** "KVM backend unavailable: why". */
    static String unavailable(Backends.UnavailableException e) {
        return ErrorLine.english() ? e.getMessage() : T.format("unavailable", probeWords(e.reason()));
    }

    /** The KVM probe's diagnostic, its errno included, in the CLI's language (as it is without the native bindings). */
    static String probeWords(String diagnostic) {
        try {
            return org.kvmworkbench.kvm.KvmProbe.inCurrentLanguage(diagnostic);
        } catch (LinkageError noBindings) {
            return Errno.inCurrentLanguage(diagnostic);
        }
    }
}
