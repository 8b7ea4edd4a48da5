package org.kvmworkbench.core.config;

import java.util.List;

/**
 * The PC/AT interval timer: an 8254 with counters 0-2 at 0x40-0x42, the control word at 0x43, and the channel 2
 * gate / output in bit 0 / bit 5 of port 0x61 (as KVM_CREATE_PIT2 with KVM_PIT_SPEAKER_DUMMY decodes them,
 * arch/x86/kvm/i8254.c). Counter 0's output is IRQ 0, so the board also needs an {@link PicConfig i8259}.
 */
public record PitConfig() implements DeviceConfig {
    public static final String TYPE = "i8254";
    public static final int PORT = 0x40;
    public static final int WINDOW = 4;
    public static final int SPEAKER_PORT = 0x61;
    /** The IRQ counter 0 drives. */
    public static final int IRQ = 0;

    /** Whether the config puts a timer on the board. */
    public static boolean present(VmConfig config) {
        return config.devices().stream().anyMatch(d -> d instanceof PitConfig);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public int port() {
        return PORT;
    }

    @Override
    public int windowLength() {
        return WINDOW;
    }

    @Override
    public List<PortRange> portWindows() {
        return List.of(new PortRange(PORT, PORT + WINDOW - 1), PortRange.of(SPEAKER_PORT));
    }
}
