package org.kvmworkbench.kvm;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import com.sun.jna.Pointer;

/**
 * The register page ("BAR") of a passthrough-style device: one 4 KiB page of host memory that is at the same time a
 * KVM memory slot in the guest and the device's own registers. The guest's store to it is an ordinary memory write
 * (no exit at all); the device thread sees it by reading the page. This models VT-d / SR-IOV device assignment,
 * where the guest's BAR is mapped straight onto the device's MMIO: it is a model only. There is no IOMMU here, no
 * DMA remapping and no interrupt remapping; the "device" is a host thread, not hardware.
 *
 * <p>Layout (16-bit little-endian words): +0 doorbell (the guest writes the request number), +2 completion (the device
 * writes the request number it finished, for a guest that polls instead of taking the interrupt). Accesses are
 * acquire/release so a device thread spinning on the page sees each new value.
 */
public final class PassthroughPage implements AutoCloseable {
    public static final int SIZE = 4096, DOORBELL = 0, COMPLETION = 2;
    private static final VarHandle U16 = MethodHandles.byteBufferViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

    private final NativeGuestMemory memory;
    private final ByteBuffer page;

    public PassthroughPage() {
        memory = NativeGuestMemory.allocate(SIZE);
        page = new Pointer(memory.address()).getByteBuffer(0, SIZE).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Map the page into the guest at {@code gpa} as memory slot {@code slot}. */
    public void map(KvmVm vm, int slot, long gpa) {
        vm.setUserMemoryRegion(slot, gpa, memory);
    }

    public int doorbell() {
        return Short.toUnsignedInt((short) U16.getAcquire(page, DOORBELL));
    }

    public void complete(int request) {
        U16.setRelease(page, COMPLETION, (short) request);
    }

    public int completion() {
        return Short.toUnsignedInt((short) U16.getAcquire(page, COMPLETION));
    }

    @Override public void close() {
        memory.close();
    }
}
