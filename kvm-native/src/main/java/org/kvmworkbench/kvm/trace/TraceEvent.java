package org.kvmworkbench.kvm.trace;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of trace_pipe: the event's name and its text as the event's print format wrote it (tracefs default
 * output; the "fields" option is newer than many hosts' kernels). Fields are parsed on first use, by a pattern per
 * event written from the kernel's format files (events/kvm/NAME/format; older kernels' variants included), and
 * named after the format's fields. A "[LOST n EVENTS]" line becomes the event {@value #LOST} with field count.
 */
public final class TraceEvent {
    public static final String LOST = "lost";

    private static final Map<String, Pattern> FORMATS = Map.ofEntries(
            Map.entry("kvm_userspace_exit", Pattern.compile("reason (?<what>\\S+) \\((?<code>-?\\d+)\\)")),
            Map.entry("kvm_cpuid", Pattern.compile("func (?<function>\\p{XDigit}+)(?: idx (?<index>\\p{XDigit}+))?"
                    + " rax (?<rax>\\p{XDigit}+) rbx (?<rbx>\\p{XDigit}+) rcx (?<rcx>\\p{XDigit}+) rdx (?<rdx>\\p{XDigit}+)"
                    + "(?:, cpuid entry (?<found>not found|found))?")),
            Map.entry("kvm_msr", Pattern.compile("msr_(?<dir>read|write) (?<ecx>\\p{XDigit}+) = 0x(?<data>\\p{XDigit}+)(?<gp> \\(#GP\\))?")),
            Map.entry("kvm_pio", Pattern.compile("pio_(?<dir>read|write) at 0x(?<port>\\p{XDigit}+) size (?<size>\\d+)"
                    + " count (?<count>\\d+) val 0x(?<val>\\p{XDigit}+)")),
            Map.entry("kvm_hypercall", Pattern.compile("nr 0x(?<nr>\\p{XDigit}+) a0 0x(?<a0>\\p{XDigit}+) a1 0x(?<a1>\\p{XDigit}+)"
                    + " a2 0x(?<a2>\\p{XDigit}+) a3 0x(?<a3>\\p{XDigit}+)")),
            // kvm_mmio: "mmio write len 4 gpa 0xd0000050 val 0x0"; types unsatisfied-read, read, write (trace.h)
            Map.entry("kvm_mmio", Pattern.compile("mmio (?<type>\\S+) len (?<len>\\d+) gpa 0x(?<gpa>\\p{XDigit}+) val 0x(?<val>\\p{XDigit}+)")),
            Map.entry("kvm_entry", Pattern.compile("rip 0x(?<rip>\\p{XDigit}+)")),
            // info1: the VMX exit qualification, SVM's EXITINFO1 (vmx_get_exit_info, svm_get_exit_info)
            Map.entry("kvm_exit", Pattern.compile("reason (?<reason>\\S+)(?: FAILED_VMENTRY)? rip 0x(?<rip>\\p{XDigit}+)"
                    + "(?: info1 0x(?<info1>\\p{XDigit}+))?")),
            Map.entry("kvm_emulate_insn", Pattern.compile("^(?<csbase>\\p{XDigit}+):(?<rip>\\p{XDigit}+):(?<insn>[0-9a-f ]*) \\((?<mode>\\w+)\\)(?<failed> failed)?")),
            // kvm_inj_virq: "IRQ 0xc", or "IRQ 0xc [reinjected]" (arch/x86/kvm/trace.h; as Linux 6.1 printed it on the SVM test host)
            Map.entry("kvm_inj_virq", Pattern.compile("(?<kind>IRQ|Soft/INTn) 0x(?<vector>\\p{XDigit}+)(?<reinjected> \\[reinjected\\])?")),
            Map.entry("kvm_page_fault", Pattern.compile("address (?:0x)?(?<address>\\p{XDigit}+) error_code (?:0x)?(?<errorcode>\\p{XDigit}+)")),
            Map.entry(LOST, Pattern.compile("\\[LOST (?<count>\\d+) EVENTS\\]")));

    private final String name;
    private final String text;
    private int count = 1;
    private Matcher fields;
    private boolean parsed;

    public TraceEvent(String name, String text) {
        this.name = name;
        this.text = text;
    }

    /**
     * The event on one trace_pipe line, with or without the context columns ("comm-pid [cpu] flags time: ");
     * null for a comment or a line that is no event.
     */
    public static TraceEvent parse(String line) {
        if (line.startsWith("CPU:") && line.contains("[LOST ")) return new TraceEvent(LOST, line);
        int start = 0;
        if (!line.startsWith("kvm_")) {
            start = line.indexOf(": kvm_") + 2;
            if (start < 2) return null;
        }
        int colon = line.indexOf(": ", start);
        if (colon < 0) return null;
        return new TraceEvent(line.substring(start, colon), line.substring(colon + 2));
    }

    public String name() {
        return name;
    }

    /** How many events in a row this one stands for: runs of kvm_emulate_insn are kept as their last one. */
    public int count() {
        return count;
    }

    /** This event comes right after {@code previous}, of the same name, and stands for both from now on. */
    void absorb(TraceEvent previous) {
        count += previous.count;
    }

    /** The event's text after "name: ". */
    public String text() {
        return text;
    }

    /** The field as its format printed it, or null if this event has no such field or its text did not parse. */
    public String field(String field) {
        Matcher m = fields();
        if (m == null) return null;
        try {
            return m.group(field);
        } catch (IllegalArgumentException noSuchGroup) {
            return null;
        }
    }

    /** A field printed in hex (with or without 0x), or {@code ifAbsent}. */
    public long hex(String field, long ifAbsent) {
        String v = field(field);
        return v == null ? ifAbsent : Long.parseUnsignedLong(v, 16);
    }

    /** A field printed in decimal, or {@code ifAbsent}. */
    public long dec(String field, long ifAbsent) {
        String v = field(field);
        return v == null ? ifAbsent : Long.parseLong(v);
    }

    public boolean has(String field) {
        return field(field) != null;
    }

    private Matcher fields() {
        if (!parsed) {
            parsed = true;
            Pattern p = FORMATS.get(name);
            if (p != null) {
                Matcher m = p.matcher(text);
                if (m.find()) fields = m;
            }
        }
        return fields;
    }

    @Override public String toString() {
        return name + ": " + text;
    }
}
