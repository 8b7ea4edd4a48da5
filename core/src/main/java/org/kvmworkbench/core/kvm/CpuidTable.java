package org.kvmworkbench.core.kvm;

import java.util.Map;
import java.util.TreeMap;

/**
 * The CPUID answers KVM gives the guest: the table a VMM installs with KVM_SET_CPUID2 and
 * kvm_emulate_cpuid looks up. The simulator and the KVM backend install the same entries so that
 * guests print the same thing on both. Leaf meanings: Intel SDM Vol. 2A "CPUID"; the hypervisor
 * leaves 0x40000000/0x40000001 per Linux's Documentation/virt/kvm/x86/cpuid.rst (KVM_CPUID_SIGNATURE,
 * KVM_CPUID_FEATURES). The simulator's table describes only what the simulator implements.
 */
public final class CpuidTable {
    /** EAX, EBX, ECX, EDX of one leaf (subleaf 0). */
    public record Entry(int eax, int ebx, int ecx, int edx) {}

    private final TreeMap<Long, Entry> leaves = new TreeMap<>();

    public static CpuidTable simulated() {
        CpuidTable t = new CpuidTable();
        // leaf 0: highest basic leaf and the vendor string in EBX, EDX, ECX order
        t.put(0, new Entry(0xD, ascii("Genu"), ascii("ntel"), ascii("ineI")));
        // leaf 1: no family/model claimed; ECX bit 31 = hypervisor present; EDX bit 4 TSC, bit 5 MSR
        t.put(1, new Entry(0, 0, 1 << 31, (1 << 4) | (1 << 5)));
        // KVM_CPUID_SIGNATURE: max hypervisor leaf and "KVMKVMKVM\0\0\0"
        t.put(0x4000_0000L, new Entry(0x4000_0001, ascii("KVMK"), ascii("VMKV"), ascii("M\0\0\0")));
        // KVM_CPUID_FEATURES: no paravirtual features offered
        t.put(0x4000_0001L, new Entry(0, 0, 0, 0));
        return t;
    }

    public void put(long leaf, Entry e) {
        leaves.put(leaf, e);
    }

    private static final Entry ZEROS = new Entry(0, 0, 0, 0);

    /**
     * The entry for a leaf. A leaf above the highest one of its range (the EAX of leaf 0, 0x40000000 or
     * 0x80000000) answers like the highest basic leaf: Intel's rule, which KVM's kvm_cpuid applies for
     * non-AMD guests (arch/x86/kvm/cpuid.c, get_out_of_range_cpuid_entry). A leaf inside its range that the
     * table lacks answers zeros.
     */
    public Entry lookup(long leaf) {
        Entry e = leaves.get(leaf);
        if (e != null) return e;
        Entry rangeHead = leaves.get(leaf & 0xF000_0000L);
        boolean inRange = rangeHead != null && leaf <= (rangeHead.eax() & 0xFFFF_FFFFL);
        if (inRange) return ZEROS;
        Entry basic = leaves.get(0L);
        Entry highest = basic == null ? null : leaves.get((long) basic.eax());
        return highest != null ? highest : ZEROS;
    }

    public Map<Long, Entry> entries() {
        return java.util.Collections.unmodifiableMap(leaves);
    }

    static int ascii(String four) {
        return four.charAt(0) | four.charAt(1) << 8 | four.charAt(2) << 16 | four.charAt(3) << 24;
    }
}
