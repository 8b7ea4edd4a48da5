package org.kvmworkbench.core.cpu;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kvmworkbench.core.cpu.Guest.CODE;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A guest cannot make the x87 throw: random D8-DF instructions (register and memory forms) on random register
 * contents (every encoding class: unnormals, pseudo-NaNs, denormals, huge and tiny exponents), random control words,
 * tags and memory, each ends as an instruction that retired, a fault delivered, or a run stop with a reason.
 */
class X87RobustnessTest {
    @Test
    void randomInstructionsOnRandomStatesNeverThrow() {
        Random r = new Random(87);
        for (int i = 0; i < 6000; i++) {
            int op = 0xD8 + r.nextInt(8);
            int modrm = r.nextBoolean() ? 0xC0 | r.nextInt(64) : r.nextInt(8) << 3 | 7; // [bx]
            Guest g = Guest.of(op, modrm, 0xF4);
            g.set16(Guest.BX, r.nextInt(0x10000));
            for (int k = 0; k < 128; k++) g.w8(r.nextInt(0x10000), r.nextInt(256));
            X87 f = g.cpu.fpu;
            for (int p = 0; p < 8; p++) {
                f.mant[p] = r.nextLong();
                f.se[p] = r.nextInt(4) == 0 ? r.nextInt(0x10000) : (r.nextInt(2) << 15) | (0x3FFF + r.nextInt(160) - 80);
            }
            f.emptyMask = r.nextInt(256);
            f.top = r.nextInt(8);
            f.control = r.nextInt(0x10000) & 0x1F7F | 0x40 | (r.nextInt(4) == 0 ? 0 : 0x3F);
            g.cpu.cr0 |= r.nextBoolean() ? Cpu.CR0_NE : 0;
            CpuExit e = g.in.run(2);
            assertTrue(e != null && g.cpu.eip >= 0, "ran D" + Integer.toHexString(op) + " " + Integer.toHexString(modrm));
            assertTrue(e.kind != CpuExit.Kind.UNSUPPORTED || e.detail.english().contains("x87")
                    || e.detail.english().contains("opcode"), e.detail.english());
            assertTrue(g.cpu.eip != CODE || e.kind != CpuExit.Kind.NONE, "an instruction that did not stop moved on");
        }
    }
}
