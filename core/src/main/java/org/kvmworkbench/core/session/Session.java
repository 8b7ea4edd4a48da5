package org.kvmworkbench.core.session;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.Predicate;

import org.kvmworkbench.core.exit.ExitRecord;

/**
 * Runs a VM on its own vCPU thread and takes commands from any thread (the GUI's): run, pause, step one
 * instruction, step to the next exit, run until an exit matches, reset, close. Listeners are called on
 * the vCPU thread; a GUI hands their data to its own thread and coalesces it per frame.
 *
 * <p>Commands are queued and run in the order they were given; none is lost. Two rules merge them:
 * <ul>
 *   <li>{@link #pause()} stops the run or step-to-exit in progress and cancels the runs and steps-to-exit queued
 *       before it (those given after it run as usual). Single-instruction steps and resets queued before it still
 *       happen: they are bounded.</li>
 *   <li>{@link #reset()} pauses first (as above), then resets in its place in the queue: "Reset, then Run" resets
 *       and then runs.</li>
 * </ul>
 * <p>Limits: each Run and step-to-exit keeps to {@link #setLimits} (the CLI's {@link RunLimits#DEFAULT} unless
 * changed), counted from where it started and checked on the vCPU thread exactly as the CLI checks them
 * ({@link RunBudget}). A run that reaches one pauses; {@link #limitReached()} says which, until the next run.
 *
 * <p>A run or step takes effect within one slice ({@value HeadlessRun#SLICE} instructions on the simulator) or one
 * kick out of KVM_RUN. {@link #close()} returns only once the vCPU thread has ended; that thread closes the vCPU
 * itself, so native resources are never freed under a thread that still uses them.
 *
 * <p>Reset signal: each completed reset increments {@link #epoch()} and calls the reset listeners with the new
 * epoch (on the vCPU thread, after the VM, its counters and the ring are fresh, before the state turns PAUSED).
 * A view that polls can compare {@link #epoch()} with the epoch it last showed.
 */
public final class Session implements AutoCloseable {
    public enum State { PAUSED, RUNNING, FINISHED, CLOSED }

    private enum Kind { RUN, STEP_INSTRUCTION, STEP_EXIT, RESET }

    private record Command(Kind kind, Predicate<ExitRecord> until, long seq) {}

    private final VmmLoop loop;
    private final ExitRing ring;
    private final VmcsHistory vmcsHistory;
    private final List<ExitListener> exitListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<State>> stateListeners = new CopyOnWriteArrayList<>();
    private final List<LongConsumer> resetListeners = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private final Object lock = new Object();
    private final ArrayDeque<Command> queue = new ArrayDeque<>();
    private long nextSeq = 1;
    /** Runs and steps-to-exit with a sequence number up to this one are paused (stopped or cancelled). */
    private volatile long pausedThrough;
    private volatile boolean closing;
    private volatile State state = State.PAUSED;
    private volatile long epoch;
    private volatile Throwable failure;
    private volatile RunLimits limits = RunLimits.DEFAULT;
    /** The limit the last run paused at ("20000 ms"), or null; cleared when the next run starts. */
    private volatile String limitReached;
    private volatile long limitPauses;
    private final RunClock clock = new RunClock();
    /** The command the vCPU thread is executing (vCPU thread only). */
    private Command current;
    private boolean untilMatched;

    public Session(VmmLoop loop, int ringCapacity) {
        this.loop = loop;
        this.ring = new ExitRing(ringCapacity);
        this.vmcsHistory = new VmcsHistory(ringCapacity);
        loop.setListener(this::publish);
        thread = new Thread(this::vcpuThread, "vcpu-0");
        thread.setDaemon(true);
        thread.start();
    }

    private void publish(ExitRecord r) {
        vmcsHistory.record(r.seq(), loop.vcpu().vmcs()); // before the ring shows the exit, so its VMCS is there too
        ring.onExit(r);
        for (ExitListener l : exitListeners) l.onExit(r);
        Command c = current;
        if (c != null && c.until() != null && c.until().test(r)) untilMatched = true;
    }

    public void addExitListener(ExitListener l) {
        exitListeners.add(l);
    }

    public void addStateListener(Consumer<State> l) {
        stateListeners.add(l);
    }

    /** Called with the new {@link #epoch()} after each reset, on the vCPU thread. */
    public void addResetListener(LongConsumer l) {
        resetListeners.add(l);
    }

    public void run() {
        enqueue(Kind.RUN, null);
    }

    /** Run until an exit matches (e.g. a reason or a port), then pause after it. */
    public void runUntil(Predicate<ExitRecord> condition) {
        enqueue(Kind.RUN, condition);
    }

    public void stepExit() {
        enqueue(Kind.STEP_EXIT, null);
    }

    public void stepInstruction() {
        enqueue(Kind.STEP_INSTRUCTION, null);
    }

    /** Pause, then reset to a fresh VM (see the class comment). */
    public void reset() {
        synchronized (lock) {
            pausedThrough = nextSeq - 1;
            enqueueLocked(Kind.RESET, null);
        }
        loop.vcpu().interrupt();
    }

    /** Stops the run in progress and cancels the runs queued before this call. */
    public void pause() {
        synchronized (lock) {
            pausedThrough = nextSeq - 1;
        }
        loop.vcpu().interrupt(); // a guest spinning inside KVM_RUN must be kicked out to see the request
    }

    private void enqueue(Kind kind, Predicate<ExitRecord> until) {
        synchronized (lock) {
            enqueueLocked(kind, until);
        }
    }

    private void enqueueLocked(Kind kind, Predicate<ExitRecord> until) {
        if (closing) return;
        queue.add(new Command(kind, until, nextSeq++));
        lock.notifyAll();
    }

    /** The limits of the runs started from now on (0 or a zero timeout = no limit). */
    public void setLimits(RunLimits l) {
        limits = l;
    }

    public RunLimits limits() {
        return limits;
    }

    /** What the last run paused at because it reached a limit (e.g. "20000 ms", "10000000 exits"), or null. */
    public String limitReached() {
        return limitReached;
    }

    /** How many runs have paused at a limit: a view shows the note once per pause. */
    public long limitPauses() {
        return limitPauses;
    }

    public State state() {
        return state;
    }

    /**
     * Nanoseconds the vCPU has run since the last reset: every run, step to an exit and single step, timed on the
     * vCPU thread from its start to its stop (the run in progress up to now included). Readable from any thread.
     */
    public long runNanos() {
        return clock.elapsedNanos();
    }

    /** How many resets have completed: a view showing data from an older epoch must start over. */
    public long epoch() {
        return epoch;
    }

    public ExitRing ring() {
        return ring;
    }

    /** The VMCS as it was at each exit the ring holds. */
    public VmcsHistory vmcsHistory() {
        return vmcsHistory;
    }

    public VmmLoop loop() {
        return loop;
    }

    /** Why the vCPU thread died, if it did (a bug, never a guest fault). */
    public Throwable failure() {
        return failure;
    }

    private void setState(State s) {
        state = s;
        for (Consumer<State> l : stateListeners) l.accept(s);
    }

    private void vcpuThread() {
        try {
            for (;;) {
                Command c;
                synchronized (lock) {
                    while (queue.isEmpty() && !closing) lock.wait();
                    if (closing) break;
                    c = queue.poll();
                }
                execute(c);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            failure = e;
            loop.stop(RunOutcome.STOPPED, "internal error: " + e);
            setState(State.FINISHED);
        } finally {
            try {
                loop.vcpu().close(); // here, on the only thread that uses the vCPU: never under a run in progress
            } finally {
                setState(State.CLOSED);
            }
        }
    }

    private boolean stopRequested(Command c) {
        return closing || pausedThrough >= c.seq() || untilMatched;
    }

    private void execute(Command c) {
        current = c;
        untilMatched = false;
        loop.vcpu().clearInterrupt(); // a kick meant for an earlier command must not cut this one short
        try {
            switch (c.kind()) {
                case RESET -> {
                    loop.reset();
                    clock.reset();
                    ring.clear();
                    vmcsHistory.clear();
                    long e = epoch + 1;
                    epoch = e;
                    for (LongConsumer l : resetListeners) l.accept(e);
                    setState(State.PAUSED);
                }
                case STEP_INSTRUCTION -> {
                    loop.vcpu().setSingleStep(true); // KVM's run has no instruction budget: ask it for one step
                    VmmLoop.Step s;
                    clock.start();
                    try {
                        s = loop.step(1);
                    } finally {
                        clock.stop();
                        loop.vcpu().setSingleStep(false);
                    }
                    afterStep(s);
                }
                case STEP_EXIT -> runSlices(c, VmmLoop.Step.EXIT);
                case RUN -> runSlices(c, VmmLoop.Step.FINISHED);
            }
        } finally {
            current = null;
        }
    }

    /**
     * Runs slice after slice until a step says {@code until} (EXIT also stops at FINISHED), a stop is asked for, or
     * the run reaches one of its limits (then it pauses and says which).
     */
    private void runSlices(Command c, VmmLoop.Step until) {
        if (stopRequested(c)) return;
        limitReached = null;
        RunBudget budget = new RunBudget(loop, limits);
        clock.start(); // before the state says RUNNING: a view that sees RUNNING sees the time run too
        setState(State.RUNNING);
        VmmLoop.Step s;
        try (Watchdog w = new Watchdog(loop, budget)) {
            for (;;) {
                s = loop.step(budget.next());
                if (s == until || s == VmmLoop.Step.FINISHED || stopRequested(c)) break;
                RunOutcome crossed = budget.crossed();
                if (crossed != null) {
                    limitReached = budget.detail(crossed);
                    limitPauses++; // vCPU thread only
                    break;
                }
            }
        } finally {
            clock.stop(); // before the state says PAUSED or FINISHED: the time shown with it is the run's whole time
        }
        afterStep(s);
    }

    private void afterStep(VmmLoop.Step s) {
        setState(s == VmmLoop.Step.FINISHED ? State.FINISHED : State.PAUSED);
    }

    /**
     * Stops the vCPU thread and returns once it has ended and closed the vCPU. Kicks the vCPU until then (a guest
     * spinning inside KVM_RUN). If the calling thread is interrupted while it waits, this returns early with the
     * interrupt status set; the vCPU thread still closes the vCPU when it leaves. Called from a listener (on the
     * vCPU thread), it only asks: the thread ends after the listener returns.
     */
    @Override public void close() {
        synchronized (lock) {
            closing = true;
            pausedThrough = Long.MAX_VALUE;
            queue.clear();
            lock.notifyAll();
        }
        if (Thread.currentThread() == thread) return;
        while (thread.isAlive()) {
            loop.vcpu().interrupt();
            try {
                thread.join(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
