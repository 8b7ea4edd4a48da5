package org.kvmworkbench.core.cpu;

/**
 * The VM-execution controls the interpreter consults when an instruction may cause a VM exit
 * (SDM Vol. 3C §26.1.3 "Instructions That Cause VM Exits Conditionally" and §25.6).
 * CPUID, VMCALL and triple faults exit unconditionally (§26.1.2); they are not here.
 */
public interface ExitControls {
    /** Unconditional I/O exiting, or the port's bit in I/O bitmap A/B. */
    boolean ioExits(int port);

    /** MSR bitmaps off, or the MSR's read/write bit set. */
    boolean msrExits(long msr, boolean write);

    boolean hltExiting();

    boolean rdtscExiting();

    /** Exception bitmap: bit n set = exception vector n causes a VM exit (§25.6.3). */
    int exceptionBitmap();

    /**
     * Whether a control-register access exits (§26.1.3): MOV to CR0/CR4 when a bit set in the guest/host mask differs
     * from the read shadow, MOV to/from CR3 with CR3-load/store exiting, CLTS when the mask and shadow own TS, LMSW
     * likewise for PE MP EM TS. {@code accessType} as in the exit qualification (0 MOV to, 1 MOV from, 2 CLTS, 3 LMSW),
     * {@code value} the value to be written. Default: nothing exits (hardware with a guest that owns its CRs).
     */
    default boolean crAccessExits(int cr, int accessType, long value) {
        return false;
    }

    /** MOV-DR exiting (§25.6.2, primary processor-based control bit 23). Default off. */
    default boolean movDrExiting() {
        return false;
    }

    ExitControls ALL = new ExitControls() {
        @Override public boolean ioExits(int port) {
            return true;
        }

        @Override public boolean msrExits(long msr, boolean write) {
            return true;
        }

        @Override public boolean hltExiting() {
            return true;
        }

        @Override public boolean rdtscExiting() {
            return false;
        }

        @Override public int exceptionBitmap() {
            return 0;
        }
    };
}
