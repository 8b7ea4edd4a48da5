package org.kvmworkbench.core.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvmworkbench.core.config.ConfigLoader;
import org.kvmworkbench.core.config.VmConfig;
import org.kvmworkbench.core.device.ConsoleSink;
import org.kvmworkbench.core.device.IrqLine;
import org.kvmworkbench.core.device.IrqLines;
import org.kvmworkbench.core.device.Uart16550;
import org.kvmworkbench.core.memory.ArrayGuestMemory;

/** Which IRQ each device drives, and where the chipset lives: on the board, or outside it (in-kernel irqchip). */
class MachineIrqWiringTest {
    @TempDir
    Path dir;

    private static final ConsoleSink CONSOLE = new ConsoleSink() {
        @Override public void write(String source, int b) { }

        @Override public int room() {
            return Integer.MAX_VALUE;
        }
    };

    private VmConfig config(String devices) throws Exception {
        Files.write(dir.resolve("g.bin"), new byte[16]);
        return ConfigLoader.parse("name: t\nmemory: 64K\nimage: g.bin\nkvm: { irqchip: true }\ndevices:\n" + devices,
                ConfigLoader.Format.YAML, dir);
    }

    private static final String BOARD = "  - type: uart16550\n  - type: i8259\n  - type: i8254\n"
            + "  - type: virtio-console\n    irq: 11\n";

    @Test
    void boardChipsetGetsTheDeviceLines() throws Exception {
        Machine m = Machine.build(config(BOARD), new ArrayGuestMemory(64 * 1024), CONSOLE);
        assertNotNull(m.pic());
        assertNotNull(m.pit());
        assertSame(m.pic(), m.pioBus().find(0x20).device());
        assertNotNull(m.pioBus().find(0xA1));
        assertNotNull(m.pioBus().find(0x4D0));
        assertNotNull(m.pioBus().find(0x43));
        assertNotNull(m.pioBus().find(0x61));
        m.uart().write(Uart16550.MCR, 1, Uart16550.MCR_OUT2);
        m.uart().write(Uart16550.IER, 1, Uart16550.IER_ETBEI); // THR empty: the UART raises its line at once
        assertEquals(1 << 4, m.pic().irr(), "the UART is IRQ 4 (the list put it before the i8259)");
        m.irqLines().line(11).set(true);
        assertEquals(1 << 4 | 1 << 2 | 1 << 11, m.pic().irr(), "IRQ 11 on the slave, cascaded into master IR2");
    }

    @Test
    void externalIrqchipKeepsThePortsFreeAndTakesTheLines() throws Exception {
        List<String> raised = new ArrayList<>();
        IrqLines kernel = irq -> level -> raised.add(irq + "=" + level);
        Machine m = Machine.build(config(BOARD), new ArrayGuestMemory(64 * 1024), CONSOLE, kernel);
        assertNull(m.pic());
        assertNull(m.pit());
        for (int port : new int[] {0x20, 0x21, 0xA0, 0xA1, 0x40, 0x43, 0x61, 0x4D0})
            assertNull(m.pioBus().find(port), "port " + Integer.toHexString(port) + " belongs to the kernel");
        m.uart().write(Uart16550.MCR, 1, Uart16550.MCR_OUT2);
        m.uart().write(Uart16550.IER, 1, Uart16550.IER_ETBEI);
        assertEquals(List.of("4=true"), raised);
        assertSame(kernel, m.irqLines());
    }

    @Test
    void noChipsetMeansLinesGoNowhere() throws Exception {
        Machine m = Machine.build(config("  - type: uart16550\n"), new ArrayGuestMemory(64 * 1024), CONSOLE);
        assertNull(m.pic());
        assertSame(IrqLine.NONE, m.irqLines().line(4));
        assertTrue(m.devices().size() == 1);
    }
}
