package org.kvmworkbench.kvm.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lines as this host's tracefs printed them (PVM, Linux 6.18), plus kvm_exit as VMX hosts print it. */
class TraceEventTest {
    @Test
    void withoutAndWithContextColumns() {
        TraceEvent bare = TraceEvent.parse("kvm_pio: pio_write at 0xc010 size 2 count 1 val 0x1 ");
        TraceEvent context = TraceEvent.parse(
                "            java-16001   [001] .....  3970.301684: kvm_pio: pio_write at 0xc010 size 2 count 1 val 0x1 ");
        for (TraceEvent e : new TraceEvent[] {bare, context}) {
            assertEquals("kvm_pio", e.name());
            assertEquals("write", e.field("dir"));
            assertEquals(0xC010, e.hex("port", -1));
            assertEquals(2, e.dec("size", -1));
            assertEquals(1, e.hex("val", -1));
        }
        assertNull(TraceEvent.parse("# tracer: nop"));
        assertNull(TraceEvent.parse(""));
    }

    @Test
    void cpuidMsrAndUserspaceExit() {
        TraceEvent c = TraceEvent.parse("kvm_cpuid: func 40000000 idx 0 rax 40000001 rbx 4b4d564b rcx 564b4d56 rdx 4d,"
                + " cpuid entry found");
        assertEquals(0x4000_0000L, c.hex("function", -1));
        assertEquals(0x4b4d564bL, c.hex("rbx", -1));
        assertEquals("found", c.field("found"));
        TraceEvent old = TraceEvent.parse("kvm_cpuid: func 0 rax d rbx 756e6547 rcx 6c65746e rdx 49656e69"); // before Linux 5.x
        assertEquals(0xd, old.hex("rax", -1));
        assertFalse(old.has("index"));

        TraceEvent w = TraceEvent.parse("kvm_msr: msr_write 174 = 0x1234");
        assertEquals("write", w.field("dir"));
        assertEquals(0x174, w.hex("ecx", -1));
        assertEquals(0x1234, w.hex("data", -1));
        assertFalse(w.has("gp"));
        assertTrue(TraceEvent.parse("kvm_msr: msr_read c0000103 = 0x0 (#GP)").has("gp"));

        TraceEvent io = TraceEvent.parse("kvm_userspace_exit: reason KVM_EXIT_IO (2)");
        assertEquals("KVM_EXIT_IO", io.field("what"));
        assertEquals(2, io.dec("code", -1));
        assertEquals("restart", TraceEvent.parse("kvm_userspace_exit: reason restart (4)").field("what"));
    }

    @Test
    void emulatedInstructionVendorExitAndLostEvents() {
        TraceEvent i = TraceEvent.parse("kvm_emulate_insn: 0:1015:0f a2 (real)");
        assertEquals(0x1015, i.hex("rip", -1));
        assertEquals("0f a2", i.field("insn"));
        assertFalse(i.has("failed"));
        TraceEvent x = TraceEvent.parse("kvm_exit: vcpu 0 reason CPUID rip 0x1015 info1 0x0000000000000000 info2"
                + " 0x0000000000000000 intr_info 0x00000000 error_code 0x00000000");
        assertEquals("CPUID", x.field("reason"));
        assertEquals(0x1015, x.hex("rip", -1));
        assertEquals("IO_INSTRUCTION", TraceEvent.parse("kvm_exit: reason IO_INSTRUCTION rip 0x1020 info 3e90040 0").field("reason"));
        TraceEvent lost = TraceEvent.parse("CPU:1 [LOST 1234 EVENTS]");
        assertEquals(TraceEvent.LOST, lost.name());
        assertEquals(1234, lost.dec("count", -1));
        assertNull(TraceEvent.parse("kvm_fpu: load").field("anything"));
    }

    /** The reasons the app gives when tracing cannot be used are one line and undo what was done. */
    @Test
    void missingKvmEventsAreReportedAndNothingIsLeftBehind(@TempDir Path fakeTracefs) throws Exception {
        Files.createDirectories(fakeTracefs.resolve("instances"));
        Files.createDirectories(fakeTracefs.resolve("events/sched"));
        KernelTrace.Unavailable e = assertThrows(KernelTrace.Unavailable.class,
                () -> KernelTrace.open(fakeTracefs, false, 1));
        assertTrue(e.getMessage().startsWith("no kvm events in "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        try (Stream<Path> left = Files.list(fakeTracefs.resolve("instances"))) {
            assertEquals(0, left.count());
        }
    }
}
