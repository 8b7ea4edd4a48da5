package org.kvmworkbench.kvm.sys;

import com.sun.jna.Pointer;

/** struct kvm_regs (arch/x86/include/uapi/asm/kvm.h): 18 u64, RAX..R15 then RIP and RFLAGS; 144 bytes. */
public final class KvmRegs extends StructView {
    public static final int SIZE = 144;
    public static final int RAX = 0, RBX = 8, RCX = 16, RDX = 24, RSI = 32, RDI = 40, RSP = 48, RBP = 56,
            RIP = 128, RFLAGS = 136;

    public KvmRegs() {
        super(SIZE);
    }

    public KvmRegs(Pointer at) {
        super(at, SIZE);
    }

    /** One register by its byte offset (the constants above). */
    public long get(int offset) {
        return buf.getLong(offset);
    }

    public void set(int offset, long value) {
        buf.putLong(offset, value);
    }

    public long rip() {
        return buf.getLong(RIP);
    }

    public long rflags() {
        return buf.getLong(RFLAGS);
    }
}
