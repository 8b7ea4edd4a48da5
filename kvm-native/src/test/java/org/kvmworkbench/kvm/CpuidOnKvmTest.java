package org.kvmworkbench.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kvmworkbench.core.backend.VcpuExit;
import org.kvmworkbench.core.exit.GuestRegisters;
import org.kvmworkbench.core.kvm.CpuidTable;
import org.kvmworkbench.core.kvm.KvmExitReason;

/**
 * The backend installs the simulator's CPUID table with KVM_SET_CPUID2, and KVM answers CPUID in the kernel from it:
 * the vendor and hypervisor leaves the samples print must be the simulator's. (Other leaves may differ on a host:
 * on the project's PVM host leaf 1's ECX/EDX come back with the host's feature bits and leaf 0xD, absent from the
 * table, with XSAVE sizes.)
 */
class CpuidOnKvmTest {
    @BeforeAll
    static void kvm() {
        SampleRun.assumeKvm();
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 0x4000_0000L, 0x4000_0001L})
    void kvmAnswersTheSimulatorsTable(long leaf) throws Exception {
        byte[] code = ByteGuest.bytes(0x66, 0xB8, (int) (leaf & 0xFF), (int) (leaf >>> 8 & 0xFF), // mov eax, leaf
                (int) (leaf >>> 16 & 0xFF), (int) (leaf >>> 24 & 0xFF),
                0x66, 0x31, 0xC9,  // xor ecx, ecx
                0x0F, 0xA2,        // cpuid: answered in the kernel, no exit
                0xF4);             // hlt
        try (KvmVcpuBackend vcpu = new KvmVcpuBackend(ByteGuest.config("cpuid", code), (s, b) -> { }, "test")) {
            VcpuExit e = vcpu.run(1);
            assertEquals(KvmExitReason.HLT, e.kvmExit, "the CPUID did not reach userspace");
            GuestRegisters r = vcpu.registers();
            CpuidTable.Entry want = CpuidTable.simulated().lookup(leaf);
            assertEquals(want.eax() & 0xFFFF_FFFFL, r.rax());
            assertEquals(want.ebx() & 0xFFFF_FFFFL, r.rbx());
            assertEquals(want.ecx() & 0xFFFF_FFFFL, r.rcx());
            assertEquals(want.edx() & 0xFFFF_FFFFL, r.rdx());
            assertTrue(r.rip() > 0x1000);
        }
    }
}
