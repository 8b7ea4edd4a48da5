package org.kvmworkbench.core.bench;

import java.io.IOException;

import org.kvmworkbench.core.backend.SimulatedVcpu;

/** For tests in other packages: a benchmark guest's vCPU. */
public final class SimulatorBenchAccess {
    private SimulatorBenchAccess() {
    }

    public static SimulatedVcpu open(Workload w) throws IOException {
        return SimulatorBench.open(w, (source, b) -> { }).vcpu();
    }
}
