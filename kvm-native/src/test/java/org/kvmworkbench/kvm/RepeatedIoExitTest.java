package org.kvmworkbench.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kvmworkbench.core.backend.VcpuExit;
import org.kvmworkbench.core.kvm.KvmExitReason;
import org.kvmworkbench.core.vmx.IoExitQualification;

/**
 * The decoder answers an exit at the same OUT as the one before from memory ({@link ExitDecoder}'s locate): that
 * answer must follow the guest's bytes. The guest runs {@code out 0x10, al} twice, rewrites those two bytes to
 * {@code nop; out dx, al} (DX = 0x10) and runs them twice: the same port, size and direction, and on a host where KVM
 * emulates the OUT (PVM) the same RIP after it, yet a one-byte instruction one byte further on.
 */
class RepeatedIoExitTest {
    private static final int OUT = 0x1007;

    @BeforeAll
    static void kvm() {
        SampleRun.assumeKvm();
    }

    @Test
    void rewrittenOutIsDecodedAfresh() throws Exception {
        byte[] code = ByteGuest.bytes(
                0xBA, 0x10, 0x00,                   // 1000: mov dx, 0x10
                0xB5, 0x02,                         // 1003: mov ch, 2
                0xB1, 0x02,                         // 1005: pass: mov cl, 2
                0xE6, 0x10,                         // 1007: again: out 0x10, al
                0xFE, 0xC9,                         // 1009: dec cl
                0x75, 0xFA,                         // 100B: jnz again
                0xC7, 0x06, 0x07, 0x10, 0x90, 0xEE, // 100D: mov word [0x1007], 0xEE90 (nop; out dx, al)
                0xFE, 0xCD,                         // 1013: dec ch
                0x75, 0xEE,                         // 1015: jnz pass
                0xF4);                              // 1017: hlt
        IoExitQualification immediate = new IoExitQualification(1, false, false, false, true, 0x10);
        IoExitQualification viaDx = new IoExitQualification(1, false, false, false, false, 0x10);
        try (KvmVcpuBackend vcpu = new KvmVcpuBackend(ByteGuest.config("rewritten-out", code), (s, b) -> { }, "test")) {
            for (int i = 0; i < 4; i++) {
                VcpuExit e = vcpu.run(1);
                assertEquals(KvmExitReason.IO, e.kvmExit, "exit " + i);
                boolean rewritten = i >= 2;
                assertEquals(rewritten ? viaDx : immediate, IoExitQualification.decode(e.qualification), "exit " + i);
                assertEquals(rewritten ? OUT + 1 : OUT, e.instructionIp, "exit " + i);
                assertEquals(rewritten ? 1 : 2, e.instructionLength, "exit " + i);
                vcpu.resume(e);
            }
            assertEquals(KvmExitReason.HLT, vcpu.run(1).kvmExit);
        }
    }
}
