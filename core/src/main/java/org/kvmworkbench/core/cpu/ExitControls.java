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
