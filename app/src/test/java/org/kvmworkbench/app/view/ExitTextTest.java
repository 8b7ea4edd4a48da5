package org.kvmworkbench.app.view;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.kvmworkbench.core.exit.Access;
import org.kvmworkbench.core.exit.GuestRegisters;

class ExitTextTest {
    @Test void formatsPortAccesses() {
        Access out = new Access(Access.Kind.PIO, 0x3F8, 1, true, 1, new long[] {0x48});
        assertEquals("0x3F8", ExitText.address(out));
        assertEquals("1", ExitText.size(out));
        assertEquals("OUT", ExitText.direction(out));
        assertEquals("0x48 'H'", ExitText.data(out));
        Access in = new Access(Access.Kind.PIO, 0xC00C, 2, false, 1, new long[] {0x10});
        assertEquals("IN", ExitText.direction(in));
        assertEquals("0x0010", ExitText.data(in));
        assertEquals("0x0A", ExitText.data(new Access(Access.Kind.PIO, 0xE9, 1, true, 1, new long[] {10})));
    }

    @Test void stringIoListsItsElements() {
        Access s = new Access(Access.Kind.PIO, 0xE9, 1, true, 3, new long[] {0x48, 0x65, 0x6C});
        assertEquals("3 elements: 48 65 6c", ExitText.data(s));
        long[] text = "Hello, world".chars().asLongStream().toArray();
        assertEquals("12 elements: 48 65 6c 6c 6f 2c 20 77…",
                ExitText.data(new Access(Access.Kind.PIO, 0xE9, 1, true, text.length, text)));
        assertEquals("2 elements: 0102 0304",
                ExitText.data(new Access(Access.Kind.PIO, 0x60, 2, false, 2, new long[] {0x102, 0x304})));
    }

    @Test void csIpMatchesTheCoreFormat() {
        for (long rip : new long[] {0x1005, 0x5, 0xFFFF, 0x12345}) {
            GuestRegisters r = new GuestRegisters(0, 0, 0, 0, 0, 0, 0, 0, rip, 0, 0x1F, 0, 0, 0, 0, 0, 0);
            assertEquals(r.csIp(), ExitText.csIp(r));
        }
    }

    @Test void formatsMmioAndNothing() {
        Access m = new Access(Access.Kind.MMIO, 0xFEE0_0000L, 4, false, 1, new long[] {0xDEADBEEFL});
        assertEquals("0xFEE00000", ExitText.address(m));
        assertEquals("read", ExitText.direction(m));
        assertEquals("0xDEADBEEF", ExitText.data(m));
        assertEquals("", ExitText.address(null));
        assertEquals("", ExitText.data(null));
        assertEquals("1 exit", ExitText.count(1, "exit", "exits"));
        assertEquals("1,234 exits", ExitText.count(1234, "exit", "exits"));
    }

    @Test void splitsAnSvmExitLabelForTheHeadline() {
        assertEquals("0x400", ExitText.svmCode("SVM_EXIT_NPF (0x400)"));
        assertEquals("SVM_EXIT_NPF", ExitText.svmName("SVM_EXIT_NPF (0x400)"));
        assertEquals("SVM_EXIT_EXCP_BASE+6", ExitText.svmName("SVM_EXIT_EXCP_BASE+6 (0x046)"));
        assertEquals("odd", ExitText.svmCode("odd"));
    }
}
