package org.kvmworkbench.core.i18n;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A Chinese character takes two terminal columns, ASCII one: padding is by columns, not by chars. */
class ColumnsTest {
    @Test
    void padsByTerminalColumns() {
        assertEquals(3, Columns.width("abc"));
        assertEquals(4, Columns.width("负载"));
        assertEquals(8, Columns.width("CPU 中位"));
        assertEquals(String.format("%-8s", "mode"), Columns.left("mode", 8));
        assertEquals(String.format("%8s", "mode"), Columns.right("mode", 8));
        assertEquals("负载    ", Columns.left("负载", 8));
        assertEquals("    负载", Columns.right("负载", 8));
        assertEquals("toolong", Columns.left("toolong", 3), "longer text is left as it is");
    }
}
