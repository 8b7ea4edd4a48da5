package org.kvmworkbench.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ControlsTest {
    private static Controls ioBitmap(PortRange... ranges) {
        return new Controls(Controls.IoMode.BITMAP, List.of(ranges), true, false, Controls.MsrMode.ALL, List.of(),
                List.of());
    }

    private static Controls msrBitmap(Long... msrs) {
        return new Controls(Controls.IoMode.UNCONDITIONAL, List.of(), true, false, Controls.MsrMode.BITMAP,
                List.of(msrs), List.of());
    }

    @Test
    void defaultsExitOnEveryPortAndMsrAndHltOnly() {
        Controls c = Controls.defaults();
        assertTrue(c.exitsOnPort(0) && c.exitsOnPort(0xFFFF) && c.exitsOnMsr(0x10) && c.hlt());
        assertFalse(c.rdtsc());
        assertEquals(0, c.exceptionBitmap());
    }

    @Test
    void ioBitmapSelectsPorts() {
        Controls c = ioBitmap(new PortRange(0x3F8, 0x3FF), PortRange.of(0xE9));
        assertTrue(c.exitsOnPort(0x3F8) && c.exitsOnPort(0x3FF) && c.exitsOnPort(0xE9));
        assertFalse(c.exitsOnPort(0x3F7) || c.exitsOnPort(0x400) || c.exitsOnPort(0xEA));
        assertFalse(ioBitmap().exitsOnPort(0x3F8));
    }

    @Test
    void multiByteAccessExitsIfAnyByteIsInTheBitmapOrItWraps() {
        Controls c = ioBitmap(PortRange.of(0x3F9));
        assertTrue(c.exitsOnAccess(0x3F8, 2));
        assertFalse(c.exitsOnAccess(0x3FA, 4));
        assertTrue(c.exitsOnAccess(0xFFFE, 4));
    }

    @Test
    void msrBitmapOnlyCoversTheLowAndHighRanges() {
        Controls c = msrBitmap(0x174L, 0xC0000080L);
        assertTrue(c.exitsOnMsr(0x174) && c.exitsOnMsr(0xC0000080L));
        assertFalse(c.exitsOnMsr(0x10) || c.exitsOnMsr(0xC0000081L));
        assertTrue(c.exitsOnMsr(0x2000), "outside the bitmap ranges always exits");
        assertTrue(c.exitsOnMsr(0x4000_0000L));
    }

    @Test
    void exceptionVectorsBecomeASortedMask() {
        Controls c = new Controls(Controls.IoMode.UNCONDITIONAL, List.of(), true, false, Controls.MsrMode.ALL,
                List.of(), List.of(14, 0, 31, 14));
        assertEquals(List.of(0, 14, 31), c.exceptionVectors());
        assertEquals(0x8000_4001, c.exceptionBitmap());
        assertTrue(c.exitsOnException(14));
        assertFalse(c.exitsOnException(13) || c.exitsOnException(32));
    }

    @Test
    void recordRejectsInconsistentState() {
        assertThrows(IllegalArgumentException.class, () -> new Controls(Controls.IoMode.UNCONDITIONAL,
                List.of(PortRange.of(1)), true, false, Controls.MsrMode.ALL, List.of(), List.of()));
        assertThrows(IllegalArgumentException.class, () -> new Controls(Controls.IoMode.UNCONDITIONAL,
                List.of(), true, false, Controls.MsrMode.ALL, List.of(), List.of(32)));
        assertThrows(IllegalArgumentException.class, () -> new UartConfig(0xFFF9, null));
        assertThrows(IllegalArgumentException.class, () -> new PortRange(5, 4));
    }
}
