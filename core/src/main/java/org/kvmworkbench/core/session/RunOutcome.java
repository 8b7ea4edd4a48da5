package org.kvmworkbench.core.session;

/** Why a run ended. {@link #exitStatus()} is the CLI's process exit status. */
public enum RunOutcome {
    HALTED(0, "guest halted (HLT with interrupts disabled)"),
    SHUTDOWN(3, "guest triple-faulted: the VM shut down (KVM_EXIT_SHUTDOWN)"),
    EMULATION_FAILURE(4, "unsupported instruction"),
    BLOCKED(5, "vCPU blocked forever in HLT"),
    EXIT_LIMIT(5, "exit limit reached"),
    INSTRUCTION_LIMIT(5, "instruction limit reached"),
    TIME_LIMIT(5, "time limit reached"),
    STOPPED(0, "stopped by the user");

    private final int exitStatus;
    private final String description;

    RunOutcome(int exitStatus, String description) {
        this.exitStatus = exitStatus;
        this.description = description;
    }

    public int exitStatus() {
        return exitStatus;
    }

    public String description() {
        return description;
    }
}
