package org.kvmworkbench.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kvmworkbench.core.exit.Access;
import org.kvmworkbench.core.exit.ExitRecord;
import org.kvmworkbench.core.kvm.KvmExitReason;
import org.kvmworkbench.core.session.RunLimits;
import org.kvmworkbench.core.session.RunOutcome;

/**
 * Every sample on the simulator and on KVM: the userspace exits (each element of each device access, with the I/O
 * exit qualification, plus HLT / shutdown / emulation-failure stops) and the console must be the same. KVM finishes
 * CPUID, MSR and ioeventfd exits in the kernel, so only exits that reach userspace are compared; on the simulator
 * those are the exits whose kvmExit is not null.
 */
class DifferentialSamplesTest {
    @BeforeAll
    static void kvm() {
        SampleRun.assumeKvm();
    }

    /** The samples SamplesOnSimulatorTest runs to a halt (virtio-kick-ioeventfd has its own test below). */
    @ParameterizedTest
    @ValueSource(strings = {"hello-serial", "echo-scripted", "cpuid-msr", "virtio-kick", "hlt-loop", "mmio-probe",
            "virtio-mmio-kick", "cr-access"})
    void sameUserspaceExitsAndConsole(String name) throws Exception {
        SampleRun sim = SampleRun.onSimulator(name, SampleRun.LIMITS);
        SampleRun kvm = SampleRun.onKvm(name, SampleRun.LIMITS);
        assertEquals(RunOutcome.HALTED, sim.result.outcome(), sim.result.detail());
        assertEquals(RunOutcome.HALTED, kvm.result.outcome(), kvm.result.detail());
        assertEquals(events(sim, e -> true), events(kvm, e -> true));
        assertEquals(SampleRun.expected(name), kvm.console.toString());
        assertEquals(sim.console.toString(), kvm.console.toString());
    }

    /**
     * With ioeventfd the virtio device runs on its own thread on KVM, so the guest waits for used.idx with STI+HLT
     * "yields" (HLT exits with IF=1) whose number depends on timing; the simulator's device works at the kick and
     * the guest never yields. Those HLTs are left out; everything else must match.
     */
    @ParameterizedTest
    @ValueSource(strings = {"virtio-kick-ioeventfd", "virtio-mmio-kick-ioeventfd"})
    void virtioKickIoeventfdMatchesApartFromHltYields(String name) throws Exception {
        SampleRun sim = SampleRun.onSimulator(name, SampleRun.LIMITS);
        SampleRun kvm = SampleRun.onKvm(name, SampleRun.LIMITS);
        Predicate<ExitRecord> notAYield = e -> !(e.kvmExit() == KvmExitReason.HLT && interruptsOn(e));
        assertEquals(RunOutcome.HALTED, kvm.result.outcome(), kvm.result.detail());
        assertEquals(events(sim, notAYield), events(kvm, notAYield));
        assertEquals(sim.console.toString(), kvm.console.toString());
    }

    /**
     * The simulator stops at MOVQ MM0, m64 (it models the x87 FPU, not MMX); KVM runs the two MOVQs - natively on
     * VMX/SVM hardware, in its instruction emulator when real mode runs there (PVM), which emulates MMX MOVQ - and
     * prints a second line. An emulator without MOVQ would stop where the simulator does. The exits are compared up
     * to the simulator's stop.
     */
    @Test
    void unsupportedInstructionMatchesUpToTheSimulatorsStop() throws Exception {
        SampleRun sim = SampleRun.onSimulator("unsupported-instruction", SampleRun.LIMITS);
        SampleRun kvm = SampleRun.onKvm("unsupported-instruction", SampleRun.LIMITS);
        assertEquals(RunOutcome.EMULATION_FAILURE, sim.result.outcome());
        List<String> simEvents = events(sim, e -> true);
        List<String> kvmEvents = events(kvm, e -> true);
        assertEquals("stop KVM_EXIT_INTERNAL_ERROR", simEvents.get(simEvents.size() - 1));
        List<String> beforeStop = simEvents.subList(0, simEvents.size() - 1);
        assertEquals(beforeStop, kvmEvents.subList(0, Math.min(beforeStop.size(), kvmEvents.size())));
        ExitRecord simStop = sim.exits.get(sim.exits.size() - 1);
        if (kvm.result.outcome() == RunOutcome.EMULATION_FAILURE) { // an emulator without MMX MOVQ
            assertEquals(simEvents, kvmEvents);
            assertEquals(sim.console.toString(), kvm.console.toString());
            ExitRecord kvmStop = kvm.exits.get(kvm.exits.size() - 1);
            assertEquals(simStop.regs().rip(), kvmStop.regs().rip(), "both stopped at MOVQ MM0");
        } else { // the CPU (or KVM's emulator) runs MMX: the guest goes on to print its second line and halt
            assertEquals(RunOutcome.HALTED, kvm.result.outcome(), kvm.result.detail());
            assertEquals(sim.console + "MMX ran (real CPU)\n", kvm.console.toString());
        }
    }

    /**
     * No exits after the first line: the simulator stops at its instruction limit; KVM runs until the line is out
     * (no fixed time: a nested host is slow), then 20 more interrupted runs must bring no exit. Everything before
     * the spin must match.
     */
    @Test
    void runawayLoopMatchesUpToTheLimit() throws Exception {
        SampleRun sim = SampleRun.onSimulator("runaway-loop", new RunLimits(0, 5_000_000, Duration.ofSeconds(10)));
        String line = SampleRun.expected("runaway-loop");
        SampleRun kvm = SampleRun.onKvmUntil(SampleRun.config("runaway-loop"),
                run -> run.console.length() >= line.length(), Duration.ofMinutes(3), 20);
        assertEquals(RunOutcome.INSTRUCTION_LIMIT, sim.result.outcome());
        assertTrue(kvm.reached, "the line: " + kvm.console);
        assertFalse(kvm.finished, "the loop never ends by itself");
        assertEquals(events(sim, e -> true), events(kvm, e -> true));
        assertEquals(SampleRun.expected("runaway-loop"), kvm.console.toString());
    }

    /**
     * The simulator checks the IDT limit (INT 3 → #GP → #DF → triple fault); KVM's real-mode emulator ignores it
     * and delivers INT 3 through the IVT to the guest's second crash (PUSH with SP = 1 → #SS → ... shutdown).
     * Either way the VM ends with KVM_EXIT_SHUTDOWN after the same output.
     */
    @Test
    void tripleFaultEndsInTheSameShutdown() throws Exception {
        SampleRun sim = SampleRun.onSimulator("triple-fault", SampleRun.LIMITS);
        SampleRun kvm = SampleRun.onKvm("triple-fault", SampleRun.LIMITS);
        assertEquals(RunOutcome.SHUTDOWN, sim.result.outcome());
        assertEquals(RunOutcome.SHUTDOWN, kvm.result.outcome(), kvm.result.detail());
        assertEquals(events(sim, e -> true), events(kvm, e -> true));
        assertEquals(SampleRun.expected("triple-fault"), kvm.console.toString());
        assertEquals(KvmExitReason.SHUTDOWN, kvm.exits.get(kvm.exits.size() - 1).kvmExit());
    }

    private static boolean interruptsOn(ExitRecord e) {
        return (e.regs().rflags() & (1 << 9)) != 0;
    }

    /** Userspace exits as comparable lines; string I/O is expanded element by element. */
    static List<String> events(SampleRun run, Predicate<ExitRecord> keep) {
        List<String> out = new ArrayList<>();
        for (ExitRecord e : run.exits) {
            if (e.kvmExit() == null || !keep.test(e)) continue;
            Access a = e.access();
            if (a == null) {
                out.add(e.kvmExit() == KvmExitReason.HLT ? "HLT IF=" + (interruptsOn(e) ? 1 : 0)
                        : "stop " + e.kvmExit().constantName());
                continue;
            }
            long[] data = a.data();
            for (int i = 0; i < a.count(); i++) {
                out.add(String.format("%s %s 0x%x size %d data 0x%x%s", a.kind(), a.write() ? "write" : "read",
                        a.address(), a.size(), data[i],
                        a.kind() == Access.Kind.PIO ? String.format(" qualification 0x%x", e.qualification()) : ""));
            }
        }
        return out;
    }
}
