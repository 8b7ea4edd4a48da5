package org.kvmworkbench.kvm.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading lines from a pipe (a FIFO stands in for trace_pipe): split across reads, emulated instructions coalesced. */
class TracePipeTest {
    @Test
    void linesAcrossReadsAndRunsOfEmulatedInstructions(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("trace_pipe");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assumeTrue(mkfifo.waitFor() == 0, "mkfifo failed");
        try (TracePipe pipe = new TracePipe(fifo); FileOutputStream out = new FileOutputStream(fifo.toFile())) {
            List<TraceEvent> events = new ArrayList<>();
            out.write(("kvm_fpu: load\nkvm_emulate_insn: 0:1000:31 c0 (real)\nkvm_emulate_insn: 0:1002:8e d8 (real)\n"
                    + "kvm_emulate_insn: 0:10").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            pipe.drain(events); // the last line is not complete yet
            out.write(("04:0f a2 (real)\nkvm_cpuid: func 0 idx 0 rax d rbx 756e6547 rcx 6c65746e rdx 49656e69, cpuid entry found\n"
                    + "kvm_userspace_exit: reason KVM_EXIT_HLT (5)\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            pipe.drain(events);
            assertEquals(List.of("kvm_fpu", "kvm_emulate_insn", "kvm_emulate_insn", "kvm_cpuid", "kvm_userspace_exit"),
                    events.stream().map(TraceEvent::name).toList());
            assertEquals(2, events.get(1).count(), "two emulated instructions in a row: one event");
            assertEquals(0x1002, events.get(1).hex("rip", -1), "the last of them");
            assertEquals(0x1004, events.get(2).hex("rip", -1), "the line split across reads");
            assertEquals(1, events.get(2).count());
        }
    }
}
