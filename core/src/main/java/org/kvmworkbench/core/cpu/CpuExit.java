package org.kvmworkbench.core.cpu;

import org.kvmworkbench.core.i18n.Messages;
import org.kvmworkbench.core.i18n.Phrase;

/**
 * Why the interpreter stopped, filled in place and reused (no allocation per exit). A VM exit is
 * fault-like, as on VMX: EIP still points at the exiting instruction and {@link #instructionLength}
 * says how far to skip once the exit is handled (SDM Vol. 3C §28.2.4 "VM-exit instruction length").
 */
public final class CpuExit {
    /** The words of a stop's {@link #detail} (CpuExit.properties), said when shown, in the language of that moment. */
    public static final Messages WORDS = Messages.of(CpuExit.class);

    public enum Kind {
        /** the instruction budget ran out; no exit */
        NONE,
        IO, MMIO, CPUID, HLT, RDMSR, WRMSR, RDTSC, VMCALL,
        /** MOV to/from CRn, CLTS, LMSW intercepted (qualification: SDM 3C "Exit Qualification for Control-Register Accesses") */
        CR_ACCESS,
        /** MOV DR with MOV-DR exiting (qualification: SDM 3C "Exit Qualification for MOV DR") */
        DR_ACCESS,
        /** an exception whose vector is set in the exception bitmap */
        EXCEPTION,
        TRIPLE_FAULT,
        /** an instruction this simulator does not implement (KVM's analogue: emulation failure) */
        UNSUPPORTED,
        /** HLT with HLT exiting off: the vCPU sleeps in the guest and nothing can wake it */
        HALTED_IN_GUEST,
        /** a host interrupt (the kick) arrived at an instruction boundary: no guest instruction ran */
        EXTERNAL_INTERRUPT,
        /** interrupt-window exiting was on and the guest can now take an interrupt (IF=1, no shadow) */
        INTERRUPT_WINDOW
    }

    /** Largest number of string-I/O elements one exit carries: one 4 KiB page of data, as KVM's PIO page. */
    public static final int MAX_ELEMENTS = 4096;

    public Kind kind = Kind.NONE;
    public int instructionLength;
    /** CS base and EIP of the exiting instruction */
    public int csBase, ip;

    // I/O instruction (also string I/O)
    public int port, size, count;
    public boolean in, string, rep, immediate;
    /** the instruction used 32-bit addressing (0x67): ECX/ESI/EDI instead of CX/SI/DI */
    public boolean addr32;
    /** for OUT/OUTS the values written (element i); for IN/INS filled by the device before completion */
    public final long[] data = new long[MAX_ELEMENTS];
    /** linear address of the string operand (INS: ES:DI, OUTS: seg:SI) */
    public long linearAddress;

    // MMIO (a guest-physical access outside RAM)
    public long gpa;
    public boolean mmioWrite;
    /** true for the first touch of this page (EPT violation); later touches are EPT misconfigurations */
    public boolean firstTouch;
    /** which access kind caused it, for the EPT qualification: 0 read, 1 write, 2 instruction fetch */
    public int mmioAccess;

    // exception / VMCALL / unsupported
    public int vector;
    public boolean softwareException;
    public int opcode;
    public final byte[] bytes = new byte[15];
    public int byteCount;
    /** why an UNSUPPORTED stop happened: a key and its values, formatted only when someone reads it */
    public Phrase detail = Phrase.NONE;
    /** the VM-exit qualification where the model computes one here: #DB (DR6-like bits, SDM Vol. 3C Table 28-1), CR and DR accesses */
    public long qualification;

    void clear() {
        kind = Kind.NONE;
        instructionLength = 0;
        count = 0;
        string = rep = immediate = in = false;
        detail = Phrase.NONE;
        qualification = 0;
    }
}
