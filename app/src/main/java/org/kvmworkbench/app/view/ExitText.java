package org.kvmworkbench.app.view;

import org.kvmworkbench.app.i18n.Texts;
import org.kvmworkbench.core.exit.Access;
import org.kvmworkbench.core.exit.ExitRecord;
import org.kvmworkbench.core.exit.GuestRegisters;
import org.kvmworkbench.core.vmx.VmxExitReason;

/** How the views print parts of an exit. Pure functions, no JavaFX; the words are in ExitText.properties. */
public final class ExitText {
    private static final Texts T = Texts.of(ExitText.class);
    /** String I/O shows at most this many elements, then "…". */
    static final int MAX_ELEMENTS = 8;

    private ExitText() {
    }

    /** "kernel", or the KVM_EXIT_* that ioctl(KVM_RUN) returned with. */
    static String finishedIn(ExitRecord r) {
        return r.kvmExit() == null ? T.get("kernel") : r.kvmExit().constantName();
    }

    /** "0x3F8" for a port, "0xFEE00000" for an MMIO address, "" without an access. */
    static String address(Access a) {
        return a == null ? "" : "0x" + Long.toHexString(a.address()).toUpperCase();
    }

    /** Element size in bytes, "" without an access. */
    static String size(Access a) {
        return a == null ? "" : Integer.toString(a.size());
    }

    /** "OUT"/"IN" for port I/O, "write"/"read" for MMIO, "" without an access. */
    static String direction(Access a) {
        if (a == null) return "";
        if (a.kind() == Access.Kind.PIO) return a.write() ? "OUT" : "IN";
        return a.write() ? T.get("write") : T.get("read");
    }

    /**
     * "0x48 'H'" for one element (two hex digits per byte, the character when it is printable ASCII);
     * "26 elements: 6b 69 63 6b 20 31 3a 20…" for string I/O.
     */
    static String data(Access a) {
        if (a == null) return "";
        long[] d = a.data();
        if (a.count() <= 1 && d.length <= 1) {
            long v = d.length == 0 ? 0 : d[0];
            String hex = "0x" + hex(v, a.size());
            return a.size() == 1 && v >= 0x20 && v < 0x7F ? hex + " '" + (char) v + "'" : hex;
        }
        StringBuilder b = new StringBuilder();
        int n = Math.max(a.count(), d.length);
        b.append(T.format(n == 1 ? "element" : "elements", n));
        int shown = Math.min(d.length, MAX_ELEMENTS);
        for (int i = 0; i < shown; i++) {
            if (i > 0) b.append(' ');
            b.append(hex(d[i], a.size()).toLowerCase());
        }
        if (d.length > shown) b.append('…');
        return b.toString();
    }

    /** {@code v} in upper-case hex, zero-padded to {@code bytes} bytes (at least one). */
    static String hex(long v, int bytes) {
        int digits = Math.max(1, Math.min(8, bytes)) * 2;
        long masked = digits >= 16 ? v : v & ((1L << (4 * digits)) - 1);
        String h = Long.toHexString(masked).toUpperCase();
        return h.length() >= digits ? h : "0".repeat(digits - h.length()) + h;
    }

    /** CS:IP as {@link GuestRegisters#csIp()} prints it ("0000:1005"), without String.format. */
    static String csIp(GuestRegisters regs) {
        if (regs == null) return "";
        return hex(regs.cs() & 0xFFFF, 2) + ":" + (regs.rip() > 0xFFFF ? Long.toHexString(regs.rip()).toUpperCase()
                : hex(regs.rip(), 2));
    }

    /** "0x400" from an SVM exit label such as "SVM_EXIT_NPF (0x400)"; the label itself if it has no code. */
    static String svmCode(String label) {
        int open = label.lastIndexOf(" ("), close = label.lastIndexOf(')');
        return open >= 0 && close > open ? label.substring(open + 2, close) : label;
    }

    /** "SVM_EXIT_NPF" from "SVM_EXIT_NPF (0x400)". */
    static String svmName(String label) {
        int open = label.lastIndexOf(" (");
        return open >= 0 ? label.substring(0, open) : label;
    }

    /**
     * The SDM's name of a basic exit reason in the current language ("I/O instruction", "I/O 指令"). Core keeps the
     * SDM's English for the CLI and trace files; the window shows the translation, with the number beside it.
     */
    public static String reasonName(VmxExitReason r) {
        return T.get("reason." + r.name());
    }

    /** "30 I/O instruction" (or "(no VM exit)") in the current language; core's {@link ExitRecord#reasonLabel()}. */
    public static String reasonLabel(ExitRecord r) {
        return r.reason() == null ? T.get("noExit") : r.reason().number() + " " + reasonName(r.reason());
    }

    /** What the host itself reported ({@link ExitRecord#primaryLabel()}): an AMD host's SVM code, else the VMX reason. */
    public static String primaryLabel(ExitRecord r) {
        String p = r.primaryLabel();
        return p.equals(r.reasonLabel()) ? reasonLabel(r) : p;
    }

    /** The host's technology as the views name it: "simulated Intel VMX" is translated, a real host's name is a name. */
    public static String technology(org.kvmworkbench.core.backend.BackendInfo info) {
        return info.simulated() ? T.get("simulated.technology") : info.technology();
    }

    /**
     * The control block: the simulator's "VMCS (modeled)" and PVM's "none" are translated, a real host's VMCS or VMCB
     * is a name.
     */
    public static String controlBlock(org.kvmworkbench.core.backend.BackendInfo info) {
        if (info.simulated()) return T.get("simulated.controlBlock");
        return T.has("controlBlock." + info.technology()) ? T.get("controlBlock." + info.technology()) : info.controlBlock();
    }

    /**
     * An exit's note in the current language: its key and values said now; a note read back from a trace file is
     * English text, recognised by its English pattern.
     */
    public static String note(org.kvmworkbench.core.i18n.Phrase note) {
        if (!note.isLiteral()) return note.toString();
        return org.kvmworkbench.core.exit.NoteText.inCurrentLanguage(note.english(), org.kvmworkbench.kvm.KvmNotes.WORDS);
    }

    /** Why a run ended, in the current language (core's {@link org.kvmworkbench.core.session.RunOutcome#description()}). */
    public static String outcome(org.kvmworkbench.core.session.RunOutcome o) {
        return T.get("outcome." + o.name());
    }

    /** "1 exit" / "3 exits". */
    static String count(long n, String singular, String plural) {
        return String.format("%,d %s", n, n == 1 ? singular : plural);
    }
}
