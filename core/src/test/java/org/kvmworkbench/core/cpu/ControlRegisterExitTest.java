package org.kvmworkbench.core.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.kvmworkbench.core.cpu.Guest.AX;
import static org.kvmworkbench.core.cpu.Guest.CODE;

import org.junit.jupiter.api.Test;
import org.kvmworkbench.core.svm.SvmExitCode;
import org.kvmworkbench.core.vmx.CrAccessQualification;
import org.kvmworkbench.core.vmx.DrAccessQualification;

/**
 * CR and DR accesses the VM-execution controls intercept: fault-like exits (EIP at the instruction, the register
 * unchanged) whose qualifications follow the SDM Vol. 3C tables "Exit Qualification for Control-Register
 * Accesses" and "Exit Qualification for MOV DR", bit by bit.
 */
class ControlRegisterExitTest {
    @Test
    void crQualificationLayoutIsTheSdms() {
        // MOV CR4, RBX: CR 4 in bits 3:0, access type 0, register 3 in bits 11:8
        assertEquals(0x0000_0304L, CrAccessQualification.encode(4, CrAccessQualification.MOV_TO_CR, false, 3, 0));
        // MOV RDI, CR3: access type 1 in bits 5:4, register 7
        assertEquals(0x0000_0713L, CrAccessQualification.encode(3, CrAccessQualification.MOV_FROM_CR, false, 7, 0));
        // CLTS: access type 2, everything else 0
        assertEquals(0x20L, CrAccessQualification.encode(0, CrAccessQualification.CLTS, false, 0, 0));
        // LMSW [mem] with source 0x000F: type 3, bit 6 memory operand, source data in bits 31:16
        assertEquals(0x000F_0070L, CrAccessQualification.encode(0, CrAccessQualification.LMSW, true, 0, 0xF));
        assertEquals(new CrAccessQualification(0, 3, true, 0, 0xF), CrAccessQualification.decode(0x000F_0070L));
    }

    @Test
    void drQualificationLayoutIsTheSdms() {
        assertEquals(0x0000_0207L, DrAccessQualification.encode(7, false, 2)); // MOV DR7, RDX
        assertEquals(0x0000_0516L, DrAccessQualification.encode(6, true, 5));  // MOV RBP, DR6: bit 4 = from DR
        assertEquals(new DrAccessQualification(6, true, 5), DrAccessQualification.decode(0x516));
    }

    @Test
    void svmCodesForCrAndDrAccessesAreTheHeadersBasePlusN() {
        assertEquals("SVM_EXIT_WRITE_CR4 (0x014)", SvmExitCode.WRITE_CR0.label(4));
        assertEquals("SVM_EXIT_READ_CR0 (0x000)", SvmExitCode.READ_CR0.label(0));
        assertEquals("SVM_EXIT_READ_DR7 (0x027)", SvmExitCode.READ_DR0.label(7));
    }

    @Test
    void movToCr0ExitsBeforeItChangesAnything() {
        Guest g = Guest.of(0x0F, 0x22, 0xC0); // mov cr0,eax
        g.controls.crExits = 1;
        g.set32(AX, 0x6000_0018); // TS
        CpuExit e = g.exit(CpuExit.Kind.CR_ACCESS);
        assertEquals(CODE, e.ip);
        assertEquals(3, e.instructionLength);
        assertEquals(0x0000_0000L, e.qualification, "CR0, MOV to CR, RAX");
        assertEquals(0x6000_0010L, g.cpu.cr0);
    }

    @Test
    void anInvalidValueStillExitsFirstButAnInvalidCrIsUd() {
        Guest g = Guest.of(0x0F, 0x22, 0xE3); // mov cr4,ebx with a reserved bit: the VMM sees it before #GP
        g.controls.crExits = 1 << 4;
        g.set32(Guest.BX, 0x8000_0000);
        assertEquals(0x0000_0304L, g.exit(CpuExit.Kind.CR_ACCESS).qualification);
        Guest h = Guest.of(0x0F, 0x20, 0xC8); // mov eax,cr1: #UD has priority
        h.controls.crExits = 0xFF;
        h.ivt(6, 0, 0x5000).load(0x5000, 0xF4);
        assertEquals(0x5000, h.exit(CpuExit.Kind.HLT).ip);
    }

    @Test
    void cltsAndLmswExitWithTheirAccessTypes() {
        Guest g = Guest.of(0x0F, 0x06, 0x0F, 0x01, 0x36, 0x00, 0x30); // clts ; lmsw [0x3000]
        g.controls.crExits = 1;
        g.cpu.cr0 |= Cpu.CR0_TS;
        assertEquals(0x20L, g.exit(CpuExit.Kind.CR_ACCESS).qualification);
        g.in.skipInstruction();
        g.w16(0x3000, 0x000E);
        CpuExit e = g.exit(CpuExit.Kind.CR_ACCESS);
        assertEquals(0x000E_0070L, e.qualification);
        assertEquals(5, e.instructionLength);
    }

    @Test
    void movDrExitsWhenMovDrExitingIsOn() {
        Guest g = Guest.of(0x0F, 0x21, 0xFA); // mov edx,dr7
        g.controls.movDr = true;
        CpuExit e = g.exit(CpuExit.Kind.DR_ACCESS);
        assertEquals(0x0000_0217L, e.qualification, "DR7, from DR, RDX");
        g.in.skipInstruction();
        assertEquals(CODE + 3, g.ip());
    }
}
