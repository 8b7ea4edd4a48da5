package org.kvmworkbench.core.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.kvmworkbench.core.cpu.Guest.AX;
import static org.kvmworkbench.core.cpu.Guest.BX;
import static org.kvmworkbench.core.cpu.Guest.CODE;
import static org.kvmworkbench.core.cpu.Guest.CX;
import static org.kvmworkbench.core.cpu.Guest.DX;

import org.junit.jupiter.api.Test;

/**
 * Code that changes after it has run must run as changed: a store to an instruction already executed (in the same
 * page, in another page, by REP STOSB), a store to the very next instruction (SDM Vol. 3A §11.6 "Self-Modifying
 * Code": the processor drops a prefetched instruction a store hits), and a write by a device or the loader between
 * runs. Each guest executes the instruction before it is patched, so an interpreter that reuses a decoding made
 * before the change gets a different result.
 */
class SelfModifyingCodeTest {
    @Test
    void anImmediatePatchedInTheSamePageIsSeenOnEveryPass() {
        Guest g = Guest.of(
                0xB3, 0x03,             // 1000 mov bl, 3
                0xB0, 0x11,             // 1002 mov al, 0x11        ; its immediate (1003) goes up by one each pass
                0x00, 0xC7,             // 1004 add bh, al
                0xFE, 0x06, 0x03, 0x10, // 1006 inc byte [0x1003]
                0xFE, 0xCB,             // 100A dec bl
                0x75, 0xF4,             // 100C jnz 1002
                0xF4);                  // 100E hlt
        g.exit(CpuExit.Kind.HLT);
        assertEquals(0x11 + 0x12 + 0x13, g.r8(7), "BH: the three immediates, each as patched before its pass");
        assertEquals(0x14, g.m8(CODE + 3));
    }

    @Test
    void aStoreToTheNextInstructionChangesIt() {
        Guest g = Guest.of(
                0xC6, 0x06, 0x05, 0x10, 0x41, // 1000 mov byte [0x1005], 0x41  ; dec cx becomes inc cx
                0x49,                         // 1005 dec cx
                0xF4);                        // 1006 hlt
        g.set16(CX, 5);
        g.exit(CpuExit.Kind.HLT);
        assertEquals(6, g.r16(CX));
    }

    @Test
    void aSubroutineInAnotherPagePatchedBetweenCallsRunsAsPatched() {
        Guest g = Guest.of(
                0xB3, 0x03,             // 1000 mov bl, 3
                0xE8, 0xFB, 0x0F,       // 1002 call 2000
                0xFE, 0x06, 0x01, 0x20, // 1005 inc byte [0x2001]
                0xFE, 0xCB,             // 1009 dec bl
                0x75, 0xF5,             // 100B jnz 1002
                0xF4);                  // 100D hlt
        g.load(0x2000,
                0xB0, 0x11,             // 2000 mov al, 0x11
                0x00, 0xC7,             // 2002 add bh, al
                0xC3);                  // 2004 ret
        g.exit(CpuExit.Kind.HLT);
        assertEquals(0x11 + 0x12 + 0x13, g.r8(7));
    }

    @Test
    void codeOverwrittenByRepStosbRunsAsTheNewBytes() {
        Guest g = Guest.of(
                0xB3, 0x02,             // 1000 mov bl, 2
                0x42, 0x42, 0x42, 0x42, // 1002 inc dx (x4)         ; the second pass finds dec dx (x4)
                0xFE, 0xCB,             // 1006 dec bl
                0x74, 0x0E,             // 1008 jz 1018
                0xBF, 0x02, 0x10,       // 100A mov di, 0x1002
                0xB9, 0x04, 0x00,       // 100D mov cx, 4
                0xB0, 0x4A,             // 1010 mov al, 0x4A (dec dx)
                0xFC,                   // 1012 cld
                0xF3, 0xAA,             // 1013 rep stosb
                0xEB, 0xEB,             // 1015 jmp 1002
                0x90,                   // 1017 nop
                0xF4);                  // 1018 hlt
        g.exit(CpuExit.Kind.HLT);
        assertEquals(0, g.r16(DX), "four INC DX, then the four DEC DX written over them");
        assertEquals(0x4A4A_4A4A, g.m32(CODE + 2));
    }

    @Test
    void aDeviceOrLoaderWriteBetweenRunsIsSeen() {
        Guest g = Guest.of(0xB0, 0x11, 0xF4); // mov al, 0x11 ; hlt
        g.exit(CpuExit.Kind.HLT);
        assertEquals(0x11, g.r8(AX));
        g.mem.write8(CODE + 1, 0x77); // a DMA write through GuestMemory
        g.cpu.eip = CODE;
        g.exit(CpuExit.Kind.HLT);
        assertEquals(0x77, g.r8(AX));
        g.mem.write(CODE, new byte[] {(byte) 0xB3, 0x55, (byte) 0xF4}, 0, 3); // an image loaded over it: mov bl, 0x55
        g.cpu.eip = CODE;
        g.exit(CpuExit.Kind.HLT);
        assertEquals(0x55, g.r8(BX));
        assertEquals(0x77, g.r8(AX));
    }
}
