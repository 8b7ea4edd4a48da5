package org.kvmworkbench.core.config;

import java.util.List;

/**
 * A passthrough-style device: the MODEL of an assigned device (VT-d / SR-IOV), whose register page ("BAR") the guest
 * reaches with plain memory writes, so its doorbell causes no exit at all. What is modeled, and what is not: the page
 * is a page of guest RAM that a device thread (KVM) or the simulator's device model reads; there is no IOMMU, no DMA
 * remapping, no interrupt remapping and no real hardware. Its completion interrupt comes back on {@code irq} (on KVM
 * through an irqfd when {@code kvm: irqfd: true}, else KVM_IRQ_LINE).
 * @param bar guest-physical address of the register page: page-aligned, inside RAM (checked with the memory size)
 * @param irq the completion interrupt line; the same rules as a virtio console's
 */
public record PassthroughConfig(long bar, int irq) implements DeviceConfig {
    public static final String TYPE = "passthrough";
    public static final int DEFAULT_IRQ = 10;
    /** The register page: 4 KiB. */
    public static final int BAR_SIZE = 4096;

    public PassthroughConfig {
        if (bar < 0 || bar % VmConfig.PAGE_SIZE != 0 || bar > VmConfig.MAX_MEMORY - BAR_SIZE)
            throw new IllegalArgumentException(TYPE + " bar " + Numbers.hex(bar) + " must be page-aligned inside RAM");
        org.kvmworkbench.core.i18n.Phrase irqProblem = VirtioConsoleConfig.irqProblem(irq);
        if (irqProblem != null) throw new IllegalArgumentException(TYPE + " " + irqProblem.english());
    }

    @Override public String type() {
        return TYPE;
    }

    /** On no bus: the page is memory. */
    @Override public int port() {
        return 0;
    }

    @Override public int windowLength() {
        return 0;
    }

    @Override public boolean onPortBus() {
        return false;
    }

    @Override public List<PortRange> portWindows() {
        return List.of();
    }
}
