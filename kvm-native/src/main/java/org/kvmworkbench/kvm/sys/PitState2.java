package org.kvmworkbench.kvm.sys;

/**
 * struct kvm_pit_state2 (arch/x86/include/uapi/asm/kvm.h), 112 bytes: three struct kvm_pit_channel_state (24 bytes
 * each) at 0, u32 flags at 72, 9 reserved u32. KVM_GET_PIT2 fills it.
 * kvm_pit_channel_state: u32 count (can be 65536) 0, u16 latched_count 4, u8 count_latched 6, status_latched 7,
 * status 8, read_state 9, write_state 10, write_latch 11, rw_mode 12, mode 13, bcd 14, gate 15, s64 count_load_time 16.
 */
public final class PitState2 extends StructView {
    public static final int SIZE = 112, CHANNEL_SIZE = 24, FLAGS = 72;
    public static final int COUNT = 0, LATCHED_COUNT = 4, COUNT_LATCHED = 6, STATUS_LATCHED = 7, STATUS = 8,
            READ_STATE = 9, WRITE_STATE = 10, WRITE_LATCH = 11, RW_MODE = 12, MODE = 13, BCD = 14, GATE = 15,
            COUNT_LOAD_TIME = 16;

    public PitState2() {
        super(SIZE);
    }

    /** The reload value of counter {@code channel} (0 … 2); 0x10000 for a programmed 0. */
    public long count(int channel) {
        return buf.getInt(channel * CHANNEL_SIZE + COUNT) & 0xFFFF_FFFFL;
    }

    /** Byte field {@code field} (LATCHED_COUNT is 16 bits: use {@link #latchedCount}) of counter {@code channel}. */
    public int u8(int channel, int field) {
        return buf.get(channel * CHANNEL_SIZE + field) & 0xFF;
    }

    public int latchedCount(int channel) {
        return buf.getShort(channel * CHANNEL_SIZE + LATCHED_COUNT) & 0xFFFF;
    }

    /** Host ktime (ns) when the count was loaded. */
    public long countLoadTime(int channel) {
        return buf.getLong(channel * CHANNEL_SIZE + COUNT_LOAD_TIME);
    }

    public int flags() {
        return buf.getInt(FLAGS);
    }
}
