package org.kvmworkbench.kvm.sys;

import com.sun.jna.Pointer;

/**
 * The vCPU's shared kvm_run page (include/uapi/linux/kvm.h {@code struct kvm_run}), mmap'ed from the vCPU fd,
 * read and written in place. The exit-specific union starts at byte 32; the PIO data page follows at
 * {@code io.data_offset} (page {@link KvmIoctls#KVM_PIO_PAGE_OFFSET} of the mapping).
 */
public final class KvmRun extends StructView {
    public static final int IMMEDIATE_EXIT = 1, EXIT_REASON = 8, IF_FLAG = 13;
    public static final int IO_DIRECTION = 32, IO_SIZE = 33, IO_PORT = 34, IO_COUNT = 36, IO_DATA_OFFSET = 40;
    public static final int MMIO_PHYS_ADDR = 32, MMIO_DATA = 40, MMIO_LEN = 48, MMIO_IS_WRITE = 52;
    public static final int INTERNAL_SUBERROR = 32, INTERNAL_NDATA = 36, INTERNAL_DATA = 40;
    public static final int EMULATION_FAILURE_FLAGS = 40, EMULATION_FAILURE_INSN_SIZE = 48,
            EMULATION_FAILURE_INSN_BYTES = 49;
    public static final int FAIL_ENTRY_REASON = 32, FAIL_ENTRY_CPU = 40;
    public static final int DEBUG_EXCEPTION = 32, DEBUG_PC = 40;
    public static final int KVM_VALID_REGS = 288, KVM_DIRTY_REGS = 296, SYNC_REGS = 304, SYNC_SREGS = 448;
    /** sizeof(struct kvm_run) in the uapi headers; the mapping is larger (KVM_GET_VCPU_MMAP_SIZE). */
    public static final int STRUCT_SIZE = 2352;

    private final KvmRegs syncRegs;
    private final KvmSregs syncSregs;

    /** @param mapping the start of the vCPU mapping, {@code mapSize} bytes long */
    public KvmRun(Pointer mapping, int mapSize) {
        super(mapping, mapSize);
        this.syncRegs = new KvmRegs(mapping.share(SYNC_REGS));
        this.syncSregs = new KvmSregs(mapping.share(SYNC_SREGS));
    }

    public int exitReason() {
        return buf.getInt(EXIT_REASON);
    }

    /** Set before KVM_RUN: 1 makes KVM_RUN return EINTR at once (KVM_CAP_IMMEDIATE_EXIT). */
    public void setImmediateExit(boolean on) {
        buf.put(IMMEDIATE_EXIT, (byte) (on ? 1 : 0));
    }

    public boolean ioIsOut() {
        return buf.get(IO_DIRECTION) == KvmIoctls.KVM_EXIT_IO_OUT;
    }

    public int ioSize() {
        return buf.get(IO_SIZE) & 0xFF;
    }

    public int ioPort() {
        return buf.getShort(IO_PORT) & 0xFFFF;
    }

    public int ioCount() {
        return buf.getInt(IO_COUNT);
    }

    /** Element {@code i} of the PIO data (little-endian, {@link #ioSize()} bytes). */
    public long ioData(int i) {
        int size = ioSize();
        return readLe((int) buf.getLong(IO_DATA_OFFSET) + i * size, size);
    }

    /** Answer element {@code i} of an IN before the next KVM_RUN (complete_fast_pio_in / complete_emulated_pio). */
    public void setIoData(int i, long value) {
        int size = ioSize();
        writeLe((int) buf.getLong(IO_DATA_OFFSET) + i * size, size, value);
    }

    public long mmioAddress() {
        return buf.getLong(MMIO_PHYS_ADDR);
    }

    public int mmioLength() {
        return buf.getInt(MMIO_LEN);
    }

    public boolean mmioIsWrite() {
        return buf.get(MMIO_IS_WRITE) != 0;
    }

    public long mmioData() {
        return readLe(MMIO_DATA, Math.min(8, mmioLength()));
    }

    /** Answer an MMIO read before the next KVM_RUN (complete_emulated_mmio copies it in). */
    public void setMmioData(long value) {
        writeLe(MMIO_DATA, Math.min(8, mmioLength()), value);
    }

    public int internalSuberror() {
        return buf.getInt(INTERNAL_SUBERROR);
    }

    public int internalDataCount() {
        return buf.getInt(INTERNAL_NDATA);
    }

    /** For suberror KVM_INTERNAL_ERROR_EMULATION: the failing instruction's bytes, or 0 if KVM did not send them. */
    public int emulationFailureInstructionLength() {
        if (internalDataCount() < 2
                || (buf.getLong(EMULATION_FAILURE_FLAGS) & KvmIoctls.KVM_INTERNAL_ERROR_EMULATION_FLAG_INSTRUCTION_BYTES) == 0) {
            return 0;
        }
        return Math.min(15, buf.get(EMULATION_FAILURE_INSN_SIZE) & 0xFF);
    }

    public int emulationFailureInstructionByte(int i) {
        return buf.get(EMULATION_FAILURE_INSN_BYTES + i) & 0xFF;
    }

    public long failEntryReason() {
        return buf.getLong(FAIL_ENTRY_REASON);
    }

    public int failEntryCpu() {
        return buf.getInt(FAIL_ENTRY_CPU);
    }

    /** Ask KVM to copy these register sets into kvm_run at every exit (KVM_CAP_SYNC_REGS). */
    public void setValidRegs(long mask) {
        buf.putLong(KVM_VALID_REGS, mask);
    }

    /** kvm_run.s.regs.regs: the general registers as of the last exit when sync regs are on. */
    public KvmRegs syncRegs() {
        return syncRegs;
    }

    /** kvm_run.s.regs.sregs: the segment and control registers as of the last exit when sync regs are on. */
    public KvmSregs syncSregs() {
        return syncSregs;
    }

    private long readLe(int at, int size) {
        long v = 0;
        for (int i = 0; i < size; i++) v |= (buf.get(at + i) & 0xFFL) << (8 * i);
        return v;
    }

    private void writeLe(int at, int size, long value) {
        for (int i = 0; i < size; i++) buf.put(at + i, (byte) (value >>> (8 * i)));
    }
}
