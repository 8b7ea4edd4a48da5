package org.kvmworkbench.kvm.sys;

/**
 * struct kvm_cpuid2 (arch/x86/include/uapi/asm/kvm.h): u32 nent, u32 padding, then nent struct kvm_cpuid_entry2
 * of 40 bytes each (u32 function, index, flags, eax, ebx, ecx, edx, padding[3]).
 */
public final class Cpuid2 extends StructView {
    public static final int HEADER = 8, NENT = 0, ENTRY_SIZE = 40;
    public static final int FUNCTION = 0, INDEX = 4, FLAGS = 8, EAX = 12, EBX = 16, ECX = 20, EDX = 24;

    /** Room for {@code capacity} entries; nent is set to the capacity (what KVM_GET_SUPPORTED_CPUID expects). */
    public Cpuid2(int capacity) {
        super(HEADER + capacity * ENTRY_SIZE);
        buf.putInt(NENT, capacity);
    }

    public int count() {
        return buf.getInt(NENT);
    }

    public void setEntry(int i, int function, int index, int eax, int ebx, int ecx, int edx) {
        int at = HEADER + i * ENTRY_SIZE;
        buf.putInt(at + FUNCTION, function);
        buf.putInt(at + INDEX, index);
        buf.putInt(at + FLAGS, 0);
        buf.putInt(at + EAX, eax);
        buf.putInt(at + EBX, ebx);
        buf.putInt(at + ECX, ecx);
        buf.putInt(at + EDX, edx);
    }

    /** Field {@code field} (FUNCTION .. EDX) of entry {@code i}. */
    public int entry(int i, int field) {
        return buf.getInt(HEADER + i * ENTRY_SIZE + field);
    }
}
