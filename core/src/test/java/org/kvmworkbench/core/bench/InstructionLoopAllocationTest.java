package org.kvmworkbench.core.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.kvmworkbench.core.session.VmmLoop;

/**
 * The simulated core allocates nothing per instruction: the benchmark guests run millions of instructions (blocks of
 * them per call of the opcode switch, memory operands, prefixes, CALL/RET, REP strings, the end-of-round exit) on a
 * thread whose allocated bytes stay where they were.
 */
class InstructionLoopAllocationTest {
    private static final long WARM_UP = 5_000_000, MEASURED = 5_000_000;

    @ParameterizedTest
    @EnumSource(value = Workload.class, names = {"REGISTER_LOOP", "MIXED", "SIEVE"})
    void theInstructionLoopAllocatesNothing(Workload workload) throws Exception {
        SimulatorBench b = SimulatorBench.open(workload);
        run(b, WARM_UP);
        long before = b.vcpu().instructionsRetired();
        long allocated = LeastAllocation.ofThreeRounds(() -> run(b, MEASURED));
        assertTrue(b.vcpu().instructionsRetired() - before >= MEASURED);
        assertEquals(0, allocated, "bytes allocated over " + MEASURED + " instructions");
    }

    /** At least {@code n} more instructions (steps end at the guest's end-of-round exits too). */
    private static void run(SimulatorBench b, long n) {
        long end = b.vcpu().instructionsRetired() + n;
        while (b.vcpu().instructionsRetired() < end) {
            if (b.loop().step(1_000_000) == VmmLoop.Step.FINISHED) throw new AssertionError("the guest stopped: " + b.loop().outcome());
        }
    }
}
