package org.kvmworkbench.core.config;

import java.util.List;

/**
 * The PC/AT interrupt controller: a cascaded 8259A pair, master at 0x20-0x21 and slave at 0xA0-0xA1 (slave on
 * master IR2), with the edge/level control registers (ELCR) at 0x4D0-0x4D1. The ports are fixed, as on every PC
 * and as KVM's in-kernel PIC decodes them (arch/x86/kvm/i8259.c registers 0x20, 0xA0 and 0x4D0, length 2 each).
 * On KVM with {@code kvm: irqchip: true} the chip is the kernel's (KVM_CREATE_IRQCHIP) and the board does not model it.
 */
public record PicConfig() implements DeviceConfig {
    public static final String TYPE = "i8259";
    public static final int MASTER_PORT = 0x20;
    public static final int SLAVE_PORT = 0xA0;
    public static final int ELCR_PORT = 0x4D0;
    public static final int WINDOW = 2;

    /** Whether the config puts an interrupt controller on the board. */
    public static boolean present(VmConfig config) {
        return config.devices().stream().anyMatch(d -> d instanceof PicConfig);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public int port() {
        return MASTER_PORT;
    }

    @Override
    public int windowLength() {
        return WINDOW;
    }

    @Override
    public List<PortRange> portWindows() {
        return List.of(new PortRange(MASTER_PORT, MASTER_PORT + 1), new PortRange(SLAVE_PORT, SLAVE_PORT + 1),
                new PortRange(ELCR_PORT, ELCR_PORT + 1));
    }
}
