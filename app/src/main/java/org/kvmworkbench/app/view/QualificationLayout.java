package org.kvmworkbench.app.view;

import java.util.ArrayList;
import java.util.List;

import org.kvmworkbench.app.i18n.Texts;
import org.kvmworkbench.core.exit.ExitRecord;
import org.kvmworkbench.core.vmx.CrAccessQualification;
import org.kvmworkbench.core.vmx.DrAccessQualification;
import org.kvmworkbench.core.vmx.EptViolationQualification;
import org.kvmworkbench.core.vmx.IoExitQualification;
import org.kvmworkbench.core.vmx.VmxExitReason;

/**
 * The bit-field layout of an exit's qualification (or, for exceptions, of the VM-exit interruption
 * information), decoded for a diagram: pure logic, no JavaFX, so it can be unit-tested on its own.
 * Fields are listed from the most significant bit to the least, the way the SDM draws them.
 */
public final class QualificationLayout {
    private static final Texts T = Texts.of(QualificationLayout.class);
    public static final String REF_IO = "Intel SDM Vol. 3C §28.2.1, Exit Qualification for I/O Instructions";
    public static final String REF_EPT = "Intel SDM Vol. 3C §28.2.1, Exit Qualification for EPT Violations";
    public static final String REF_CR = "Intel SDM Vol. 3C §28.2.1, Exit Qualification for Control-Register Accesses";
    public static final String REF_DR = "Intel SDM Vol. 3C §28.2.1, Exit Qualification for MOV DR";
    public static final String REF_BASIC = "Intel SDM Vol. 3C §28.2.1, Basic VM-Exit Information";
    public static final String REF_INTR = "Intel SDM Vol. 3C §25.9.2, Information for VM Exits Due to Vectored Events"
            + " (format of the VM-exit interruption-information field)";

    /** How a box is drawn: a multi-bit field, a one-bit flag, reserved bits, or bits left out of the drawing. */
    public enum Kind { FIELD, FLAG, RESERVED, ELIDED }

    /**
     * One box of the diagram.
     *
     * @param hi          most significant bit, inclusive
     * @param lo          least significant bit, inclusive
     * @param name        a short name that fits in a box (T.get("io.port"), "REP")
     * @param value       the decoded value ("0x3F8", "OUT", "1 byte")
     * @param raw         the field's bits, shifted down
     * @param description one sentence for a tooltip
     */
    public record BitField(int hi, int lo, String name, String value, long raw, Kind kind, String description) {
        public BitField {
            if (hi < lo || lo < 0 || hi > 63) throw new IllegalArgumentException("bad bit range " + hi + ":" + lo);
        }

        /** Number of bits the field spans. */
        public int bits() {
            return hi - lo + 1;
        }

        /** "31:16", or "5" for a single bit. */
        public String range() {
            return hi == lo ? Integer.toString(hi) : hi + ":" + lo;
        }

        /** The raw bits as the diagram prints them: binary up to 4 bits ("011"), hex above ("0x3F8"). */
        public String rawText() {
            if (bits() <= 4) {
                StringBuilder b = new StringBuilder(Long.toBinaryString(raw));
                while (b.length() < bits()) b.insert(0, '0');
                return b.toString();
            }
            return "0x" + Long.toHexString(raw).toUpperCase();
        }

        /** A one-bit flag that is set. */
        public boolean isSetFlag() {
            return kind == Kind.FLAG && raw != 0;
        }
    }

    /** A value that goes with the qualification but lives in another VMCS field (e.g. the guest-physical address). */
    public record Extra(String label, String value, String vmcsField) {}

    /**
     * The whole decoding.
     *
     * @param fieldName  which VMCS field the diagram shows (T.get("qualification"), T.get("intr.field"))
     * @param raw        that field's value
     * @param rawBits    how many bits to print the raw value with (64 or 32)
     * @param fields     the boxes, most significant first; empty when nothing is defined
     * @param message    a sentence shown instead of (or under) the diagram; may be empty
     * @param reference  the SDM section, for a caption
     */
    public record Layout(String fieldName, long raw, int rawBits, List<BitField> fields, List<Extra> extras,
                         String message, String reference) {
        public Layout {
            fields = List.copyOf(fields);
            extras = List.copyOf(extras);
        }

        public boolean hasDiagram() {
            return !fields.isEmpty();
        }

        /** The box named {@code name}, or null. */
        public BitField field(String name) {
            for (BitField f : fields) if (f.name().equals(name)) return f;
            return null;
        }

        /** The raw value in hex, padded to the field width ("0x0000000003F80000"). */
        public String rawHex() {
            return hex(raw, rawBits / 4);
        }
    }

    private QualificationLayout() {
    }

    /** The layout for an exit record (null record: no exit). */
    public static Layout of(ExitRecord r) {
        if (r == null) return noExit();
        return of(r.reason(), r.qualification(), r.interruptionInfo(), r.guestPhysical(), r.guestLinear());
    }

    public static Layout of(VmxExitReason reason, long qualification, int interruptionInfo, long guestPhysical,
                            long guestLinear) {
        if (reason == null) return noExit();
        switch (reason) {
            case IO_INSTRUCTION: return io(qualification, guestLinear);
            case EPT_VIOLATION: return eptViolation(qualification, guestPhysical, guestLinear);
            case EPT_MISCONFIG: return eptMisconfig(guestPhysical);
            case EXCEPTION_NMI: return interruptionInfo(interruptionInfo, qualification);
            case CR_ACCESS: return crAccess(qualification);
            case DR_ACCESS: return drAccess(qualification);
            default: return undefined(reason, qualification);
        }
    }

    /** Reason 30: I/O instruction. {@code guestLinear} is shown for string I/O when ≥ 0. */
    public static Layout io(long q, long guestLinear) {
        IoExitQualification d = IoExitQualification.decode(q);
        List<BitField> f = new ArrayList<>();
        f.add(new BitField(31, 16, T.get("io.port"), hex(d.port(), 0), bits(q, 31, 16), Kind.FIELD,
                T.get("io.port.desc")));
        f.add(new BitField(15, 7, T.get("reserved"), "0", bits(q, 15, 7), Kind.RESERVED, T.get("reserved.desc")));
        f.add(new BitField(6, 6, T.get("io.operand"), d.immediate() ? T.get("io.operand.imm") : "DX", bits(q, 6, 6), Kind.FLAG,
                T.get("io.operand.desc")));
        f.add(new BitField(5, 5, "REP", d.rep() ? "REP" : T.get("no"), bits(q, 5, 5), Kind.FLAG,
                T.get("io.rep.desc")));
        f.add(new BitField(4, 4, T.get("io.string"), d.string() ? "INS/OUTS" : T.get("no"), bits(q, 4, 4), Kind.FLAG,
                T.get("io.string.desc")));
        f.add(new BitField(3, 3, T.get("io.direction"), d.in() ? "IN" : "OUT", bits(q, 3, 3), Kind.FLAG,
                T.get("io.direction.desc")));
        f.add(new BitField(2, 0, T.get("io.size"), bytes(d.size()), bits(q, 2, 0), Kind.FIELD,
                T.get("io.size.desc")));
        List<Extra> extras = new ArrayList<>();
        if (d.string() && guestLinear >= 0) {
            extras.add(new Extra(T.get("extra.linear"), hex(guestLinear, 0), "GUEST_LINEAR_ADDRESS"));
        }
        return new Layout(T.get("qualification"), q, 64, f, extras, T.get("io.message"), REF_IO);
    }

    /** Reason 48: EPT violation. */
    public static Layout eptViolation(long q, long guestPhysical, long guestLinear) {
        EptViolationQualification d = EptViolationQualification.decode(q);
        List<BitField> f = new ArrayList<>();
        f.add(new BitField(63, 9, T.get("ept.other"), bits(q, 63, 9) == 0 ? "0" : hex(bits(q, 63, 9), 0), bits(q, 63, 9),
                Kind.ELIDED, T.get("ept.other.desc")));
        f.add(flag(q, 8, T.get("ept.translated"), d.translatedAccess(), T.get("ept.translated.yes"), T.get("ept.translated.no"),
                T.get("ept.translated.desc")));
        f.add(flag(q, 7, T.get("ept.linearValid"), d.linearValid(), T.get("yes"), T.get("no"),
                T.get("ept.linearValid.desc")));
        f.add(new BitField(6, 6, T.get("ept.bit6"), Long.toString(bits(q, 6, 6)), bits(q, 6, 6), Kind.RESERVED,
                T.get("ept.bit6.desc")));
        f.add(flag(q, 5, T.get("ept.executable"), d.executable(), T.get("yes"), T.get("no"),
                T.get("ept.executable.desc")));
        f.add(flag(q, 4, T.get("ept.writable"), d.writable(), T.get("yes"), T.get("no"),
                T.get("ept.writable.desc")));
        f.add(flag(q, 3, T.get("ept.readable"), d.readable(), T.get("yes"), T.get("no"),
                T.get("ept.readable.desc")));
        f.add(flag(q, 2, T.get("ept.fetch"), d.fetch(), T.get("yes"), T.get("no"), T.get("ept.fetch.desc")));
        f.add(flag(q, 1, T.get("ept.write"), d.write(), T.get("yes"), T.get("no"), T.get("ept.write.desc")));
        f.add(flag(q, 0, T.get("ept.read"), d.read(), T.get("yes"), T.get("no"), T.get("ept.read.desc")));
        List<Extra> extras = new ArrayList<>();
        if (guestPhysical >= 0) extras.add(new Extra(T.get("extra.physical"), hex(guestPhysical, 0), "GUEST_PHYSICAL_ADDRESS"));
        if (d.linearValid() && guestLinear >= 0) extras.add(new Extra(T.get("extra.linear"), hex(guestLinear, 0), "GUEST_LINEAR_ADDRESS"));
        String msg = !d.readable() && !d.writable() && !d.executable()
                ? T.get("ept.unmapped")
                : "";
        return new Layout(T.get("qualification"), q, 64, f, extras, msg, REF_EPT);
    }

    /** Reason 49: EPT misconfiguration: no qualification, only the guest-physical address. */
    public static Layout eptMisconfig(long guestPhysical) {
        List<Extra> extras = new ArrayList<>();
        if (guestPhysical >= 0) extras.add(new Extra(T.get("extra.physical"), hex(guestPhysical, 0), "GUEST_PHYSICAL_ADDRESS"));
        return new Layout(T.get("qualification"), 0, 64, List.of(), extras,
                T.get("misconfig.message"), REF_BASIC);
    }

    /** Reason 0: exception or NMI, decoded from the VM-exit interruption information. */
    public static Layout interruptionInfo(int info, long qualification) {
        long i = info & 0xFFFF_FFFFL;
        int vector = (int) bits(i, 7, 0), type = (int) bits(i, 10, 8);
        List<BitField> f = new ArrayList<>();
        f.add(flag(i, 31, T.get("intr.valid"), bits(i, 31, 31) != 0, T.get("intr.valid"), T.get("intr.invalid"), T.get("intr.valid.desc")));
        f.add(new BitField(30, 13, T.get("reserved"), "0", bits(i, 30, 13), Kind.RESERVED, T.get("reserved.desc")));
        f.add(flag(i, 12, T.get("intr.nmi"), bits(i, 12, 12) != 0, T.get("yes"), T.get("no"),
                T.get("intr.nmi.desc")));
        f.add(flag(i, 11, T.get("intr.errorCode"), bits(i, 11, 11) != 0, T.get("intr.valid"), T.get("intr.errorCode.none"),
                T.get("intr.errorCode.desc")));
        f.add(new BitField(10, 8, T.get("intr.type"), interruptionType(type), type, Kind.FIELD,
                T.get("intr.type.desc")));
        f.add(new BitField(7, 0, T.get("intr.vector"), vectorName(vector), vector, Kind.FIELD,
                T.get("intr.vector.desc")));
        List<Extra> extras = new ArrayList<>();
        extras.add(new Extra(T.get("qualification"), hex(qualification, 0), "EXIT_QUALIFICATION"));
        return new Layout(T.get("intr.field"), i, 32, f, extras,
                T.get("intr.message"),
                REF_INTR);
    }

    private static final String[] GPR = {"RAX", "RCX", "RDX", "RBX", "RSP", "RBP", "RSI", "RDI",
            "R8", "R9", "R10", "R11", "R12", "R13", "R14", "R15"};

    /** Reason 28: control-register access (MOV to/from CRn, CLTS, LMSW). */
    public static Layout crAccess(long q) {
        CrAccessQualification d = CrAccessQualification.decode(q);
        boolean lmsw = d.accessType() == CrAccessQualification.LMSW;
        boolean mov = d.accessType() <= CrAccessQualification.MOV_FROM_CR;
        List<BitField> f = new ArrayList<>();
        f.add(reserved(q, 63, 32));
        f.add(new BitField(31, 16, T.get("cr.lmswSource"), lmsw ? hex(d.lmswSource(), 0) : "0", bits(q, 31, 16),
                Kind.FIELD, T.get("cr.lmswSource.desc")));
        f.add(reserved(q, 15, 12));
        f.add(new BitField(11, 8, T.get("cr.register"), mov ? GPR[d.gpr()] : "0", d.gpr(), Kind.FIELD,
                T.get("cr.register.desc")));
        f.add(reserved(q, 7, 7));
        f.add(flag(q, 6, T.get("cr.lmswOperand"), d.lmswMemory(), T.get("cr.memory"), T.get("cr.register"),
                T.get("cr.lmswOperand.desc")));
        f.add(new BitField(5, 4, T.get("cr.accessType"), T.get("cr.access." + d.accessType()), d.accessType(),
                Kind.FIELD, T.get("cr.accessType.desc")));
        f.add(new BitField(3, 0, "CR", "CR" + d.cr(), d.cr(), Kind.FIELD, T.get("cr.number.desc")));
        return new Layout(T.get("qualification"), q, 64, f, List.of(), "", REF_CR);
    }

    /** Reason 29: MOV DR. */
    public static Layout drAccess(long q) {
        DrAccessQualification d = DrAccessQualification.decode(q);
        List<BitField> f = new ArrayList<>();
        f.add(reserved(q, 63, 12));
        f.add(new BitField(11, 8, T.get("cr.register"), GPR[d.gpr()], d.gpr(), Kind.FIELD, T.get("dr.register.desc")));
        f.add(reserved(q, 7, 5));
        f.add(flag(q, 4, T.get("io.direction"), d.fromDr(), T.get("dr.from"), T.get("dr.to"), T.get("dr.direction.desc")));
        f.add(reserved(q, 3, 3));
        f.add(new BitField(2, 0, "DR", "DR" + d.dr(), d.dr(), Kind.FIELD, T.get("dr.number.desc")));
        return new Layout(T.get("qualification"), q, 64, f, List.of(), "", REF_DR);
    }

    /** Reserved bits hi:lo, cleared to 0. */
    private static BitField reserved(long q, int hi, int lo) {
        return new BitField(hi, lo, T.get("reserved"), "0", bits(q, hi, lo), Kind.RESERVED,
                T.get(hi == lo ? "reserved.bit.desc" : "reserved.desc"));
    }

    /** Any reason without a defined qualification. */
    public static Layout undefined(VmxExitReason reason, long q) {
        return new Layout(T.get("qualification"), q, 64, List.of(), List.of(),
                T.format("undefined.message", q == 0 ? "0" : hex(q, 0)), REF_BASIC);
    }

    private static Layout noExit() {
        return new Layout(T.get("qualification"), 0, 64, List.of(), List.of(),
                T.get("noExit.message"), REF_BASIC);
    }

    /** T.get("type.3") for type 3, etc. */
    public static String interruptionType(int type) {
        switch (type) {
            case 0: return T.get("type.0");
            case 2: return "NMI";
            case 3: return T.get("type.3");
            case 4: return T.get("type.4");
            case 5: return T.get("type.5");
            case 6: return T.get("type.6");
            case 7: return T.get("type.7");
            default: return T.format("type.reserved", type);
        }
    }

    private static final String[] VECTORS = {"#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD", "#NM", "#DF", null,
            "#TS", "#NP", "#SS", "#GP", "#PF", null, "#MF", "#AC", "#MC", "#XM", "#VE", "#CP"};

    /** "6 #UD", or just "40" for a vector without a mnemonic. */
    public static String vectorName(int vector) {
        String m = vector < VECTORS.length ? VECTORS[vector] : null;
        return m == null ? Integer.toString(vector) : vector + " " + m;
    }

    static String bytes(int n) {
        return T.format(n == 1 ? "byte" : "bytes", n);
    }

    private static BitField flag(long q, int bit, String name, boolean set, String yes, String no, String description) {
        return new BitField(bit, bit, name, set ? yes : no, bits(q, bit, bit), Kind.FLAG, description);
    }

    static long bits(long v, int hi, int lo) {
        int n = hi - lo + 1;
        long mask = n == 64 ? -1L : (1L << n) - 1;
        return (v >>> lo) & mask;
    }

    /** "0x3F8" (digits = 0) or zero-padded to {@code digits} hex digits, upper case. */
    public static String hex(long v, int digits) {
        String h = Long.toHexString(v).toUpperCase();
        StringBuilder b = new StringBuilder("0x");
        for (int i = h.length(); i < digits; i++) b.append('0');
        return b.append(h).toString();
    }
}
