package org.kvmworkbench.kvm;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;

import org.kvmworkbench.core.backend.VcpuExit;
import org.kvmworkbench.core.machine.Doorbell;
import org.kvmworkbench.kvm.trace.KernelTrace;
import org.kvmworkbench.kvm.trace.TraceEvent;

/**
 * The backend's side of kernel tracing, on the vCPU thread: after each KVM_RUN it reads the run's events and turns
 * them into in-kernel exits. A failure stops the reading and is kept in {@link #failure()}; the VM runs on.
 */
final class TracedRuns implements AutoCloseable {
    /** Consecutive runs whose kvm_userspace_exit never came before tracing is given up. */
    private static final int MAX_LATE_RUNS = 3;

    private final KernelTrace trace;
    private final HostVirtualization host;
    private final List<Doorbell> doorbells;
    private final List<TraceEvent> batch = new ArrayList<>();
    private KernelExits exits;
    private Thread followed;
    private int lateRuns;
    private String failure;

    TracedRuns(KernelTrace trace, HostVirtualization host, List<Doorbell> doorbells) {
        this.trace = trace;
        this.host = host;
        this.doorbells = doorbells;
        this.exits = new KernelExits(host, doorbells);
        this.followed = Thread.currentThread();
    }

    void beforeRun() {
        if (failure != null) return;
        Thread t = Thread.currentThread();
        try {
            if (t != followed) trace.follow(KernelTrace.currentTid()); // set_event_pid names one thread
            followed = t;
            trace.expectRun();
        } catch (KernelTrace.Unavailable e) {
            failure = e.getMessage();
        }
    }

    /**
     * After KVM_RUN: adds the run's in-kernel exits to {@code into} and what happened since the last of them to the
     * note of {@code result} (the run's own exit, null if it was interrupted). Returns whether any were added.
     */
    boolean afterRun(VcpuExit result, Queue<VcpuExit> into) {
        if (failure == null) collect();
        if (result != null) exits.annotate(result);
        boolean any = exits.hasReady();
        while (exits.hasReady()) into.add(exits.next());
        return any;
    }

    private void collect() {
        batch.clear();
        if (trace.collect(batch)) {
            lateRuns = 0;
        } else if (++lateRuns >= MAX_LATE_RUNS) {
            failure = org.kvmworkbench.kvm.trace.TraceWords.stoppedArriving(trace.instance());
        } else {
            exits.incomplete();
        }
        for (TraceEvent e : batch) exits.add(e);
    }

    /** Forget what the last run left open (the vCPU was reset). */
    void reset() {
        exits = new KernelExits(host, doorbells);
    }

    /** Why tracing stopped working, or null. */
    String failure() {
        return failure;
    }

    KernelTrace trace() {
        return trace;
    }

    @Override public void close() {
        trace.close();
    }
}
