package org.kvmworkbench.core.config;

import java.util.List;
import java.util.TreeSet;

/**
 * Which guest actions cause a VM exit, modelled on the VMX VM-execution controls.
 *
 * @param ioBitmap         ports that exit when {@code io} is BITMAP; must be empty otherwise
 * @param msrBitmap        MSR indices whose RDMSR/WRMSR exit when {@code msr} is BITMAP; must be empty otherwise
 * @param exceptionVectors vectors 0..31 that exit (the exception bitmap), sorted, without duplicates
 * @param crAccess         control-register accesses exit as under Linux's KVM on VMX: the CR0/CR4 guest/host masks
 *                         own every bit but those the guest owns (CR0.TS and WP; CR4 PVI DE TSD PGE PCE OSFXSR
 *                         OSXMMEXCPT FSGSBASE: KVM_POSSIBLE_CR0/CR4_GUEST_BITS, arch/x86/kvm/kvm_cache_regs.h), the
 *                         read shadows hold the guest's values, CR3 exiting is off (EPT, unrestricted guest)
 * @param movDr            MOV-DR exiting (primary processor-based control bit 23), re-armed at every VM exit as KVM's
 *                         lazy debug-register switch does (handle_dr / dr_interception clear it, sync_dirty_debug_regs
 *                         sets it again)
 */
public record Controls(IoMode io, List<PortRange> ioBitmap, boolean hlt, boolean rdtsc,
                       MsrMode msr, List<Long> msrBitmap, List<Integer> exceptionVectors,
                       boolean crAccess, boolean movDr) {

    /** "Unconditional I/O exiting" vs. "use I/O bitmaps". */
    public enum IoMode { UNCONDITIONAL, BITMAP }

    /** Every RDMSR/WRMSR exits vs. "use MSR bitmaps". */
    public enum MsrMode { ALL, BITMAP }

    public Controls {
        ioBitmap = List.copyOf(ioBitmap);
        msrBitmap = List.copyOf(new TreeSet<>(msrBitmap));
        exceptionVectors = List.copyOf(new TreeSet<>(exceptionVectors));
        if (io != IoMode.BITMAP && !ioBitmap.isEmpty())
            throw new IllegalArgumentException("ioBitmap needs io mode BITMAP");
        if (msr != MsrMode.BITMAP && !msrBitmap.isEmpty())
            throw new IllegalArgumentException("msrBitmap needs msr mode BITMAP");
        for (int v : exceptionVectors)
            if (v < 0 || v > 31) throw new IllegalArgumentException("exception vector " + v + " is not 0..31");
    }

    /** Without the control-register and MOV-DR intercepts. */
    public Controls(IoMode io, List<PortRange> ioBitmap, boolean hlt, boolean rdtsc, MsrMode msr, List<Long> msrBitmap,
                    List<Integer> exceptionVectors) {
        this(io, ioBitmap, hlt, rdtsc, msr, msrBitmap, exceptionVectors, false, false);
    }

    /** Every port and MSR access exits, HLT exits, RDTSC does not, no exceptions exit, CR and DR accesses do not. */
    public static Controls defaults() {
        return new Controls(IoMode.UNCONDITIONAL, List.of(), true, false, MsrMode.ALL, List.of(), List.of());
    }

    /** The 32-bit exception bitmap: bit n set means vector n causes a VM exit. */
    public int exceptionBitmap() {
        int mask = 0;
        for (int v : exceptionVectors) mask |= 1 << v;
        return mask;
    }

    public boolean exitsOnException(int vector) {
        return vector >= 0 && vector < 32 && (exceptionBitmap() & (1 << vector)) != 0;
    }

    /** Whether a one-byte IN/OUT on {@code port} exits. */
    public boolean exitsOnPort(int port) {
        return io == IoMode.UNCONDITIONAL || ioBitmap.stream().anyMatch(r -> r.contains(port));
    }

    /**
     * Whether an IN/OUT of {@code size} bytes starting at {@code port} exits: with I/O bitmaps it does if any
     * byte's port is in the bitmap, or if the access wraps past port 0xFFFF (Intel SDM 26.1.3).
     */
    public boolean exitsOnAccess(int port, int size) {
        if (io == IoMode.UNCONDITIONAL || port + size - 1 > 0xFFFF) return true;
        for (int p = port; p < port + size; p++) if (exitsOnPort(p)) return true;
        return false;
    }

    /**
     * Whether RDMSR/WRMSR of {@code msr} exits. MSR bitmaps only cover 0x0-0x1FFF and
     * 0xC0000000-0xC0001FFF; any other MSR exits regardless of the bitmap (Intel SDM 26.1.3).
     */
    public boolean exitsOnMsr(long msr) {
        if (this.msr == MsrMode.ALL || !coveredByMsrBitmap(msr)) return true;
        return msrBitmap.contains(msr);
    }

    static boolean coveredByMsrBitmap(long msr) {
        return (msr >= 0 && msr <= 0x1FFF) || (msr >= 0xC000_0000L && msr <= 0xC000_1FFFL);
    }
}
