package org.kvmworkbench.core.bench;

import java.util.List;

/** Every repetition of one workload, with their rates summarised. */
public record WorkloadResult(Workload workload, List<Repetition> repetitions) {
    public WorkloadResult {
        repetitions = List.copyOf(repetitions);
        if (repetitions.isEmpty()) throw new IllegalArgumentException("no repetitions");
    }

    public Stats cpuRates() {
        return Stats.of(repetitions.stream().mapToDouble(Repetition::cpuRate).toArray());
    }

    public Stats wallRates() {
        return Stats.of(repetitions.stream().mapToDouble(Repetition::wallRate).toArray());
    }
}
