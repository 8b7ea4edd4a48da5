package org.kvmworkbench.core.session;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.kvmworkbench.core.exit.ExitRecord;

/**
 * Runs a VM on its own vCPU thread and takes commands from any thread (the GUI's): run, pause, step one
 * instruction, step to the next exit, run until an exit matches, reset, close. Listeners are called on
 * the vCPU thread; a GUI hands their data to its own thread and coalesces it per frame.
 */
public final class Session implements AutoCloseable {
    public enum State { PAUSED, RUNNING, FINISHED, CLOSED }

    private enum Command { NONE, RUN, STEP_INSTRUCTION, STEP_EXIT, RESET, CLOSE }

    private final VmmLoop loop;
    private final ExitRing ring;
    private final List<ExitListener> exitListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<State>> stateListeners = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private final Object lock = new Object();
    private Command pending = Command.NONE;
    private volatile boolean pauseRequested;
    private volatile State state = State.PAUSED;
    private Predicate<ExitRecord> until;
    private volatile Throwable failure;

    public Session(VmmLoop loop, int ringCapacity) {
        this.loop = loop;
        this.ring = new ExitRing(ringCapacity);
        loop.setListener(this::publish);
        thread = new Thread(this::vcpuThread, "vcpu-0");
        thread.setDaemon(true);
        thread.start();
    }

    private void publish(ExitRecord r) {
        ring.onExit(r);
        for (ExitListener l : exitListeners) l.onExit(r);
        if (until != null && until.test(r)) pauseRequested = true;
    }

    public void addExitListener(ExitListener l) {
        exitListeners.add(l);
    }

    public void addStateListener(Consumer<State> l) {
        stateListeners.add(l);
    }

    public void run() {
        command(Command.RUN, null);
    }

    /** Run until an exit matches (e.g. a reason or a port), then pause after it. */
    public void runUntil(Predicate<ExitRecord> condition) {
        command(Command.RUN, condition);
    }

    public void stepExit() {
        command(Command.STEP_EXIT, null);
    }

    public void stepInstruction() {
        command(Command.STEP_INSTRUCTION, null);
    }

    public void reset() {
        pauseRequested = true;
        loop.vcpu().interrupt();
        command(Command.RESET, null);
    }

    public void pause() {
        pauseRequested = true;
        loop.vcpu().interrupt(); // a guest spinning inside KVM_RUN must be kicked out to see the request
    }

    private void command(Command c, Predicate<ExitRecord> condition) {
        synchronized (lock) {
            pending = c;
            until = condition;
            if (c != Command.RESET && c != Command.CLOSE) pauseRequested = false; // a new run/step clears an old pause
            lock.notifyAll();
        }
    }

    public State state() {
        return state;
    }

    public ExitRing ring() {
        return ring;
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
                    while (pending == Command.NONE) lock.wait();
                    c = pending;
                    pending = Command.NONE;
                }
                if (c == Command.CLOSE) break;
                execute(c);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            failure = e;
            loop.stop(RunOutcome.STOPPED, "internal error: " + e);
            setState(State.FINISHED);
        }
        setState(State.CLOSED);
    }

    private void execute(Command c) {
        switch (c) {
            case RESET -> {
                loop.reset();
                ring.clear();
                setState(State.PAUSED);
            }
            case STEP_INSTRUCTION -> {
                loop.vcpu().setSingleStep(true); // KVM's run has no instruction budget: ask it for one step
                try {
                    afterStep(loop.step(1));
                } finally {
                    loop.vcpu().setSingleStep(false);
                }
            }
            case STEP_EXIT -> {
                setState(State.RUNNING);
                VmmLoop.Step s;
                do {
                    s = loop.step(HeadlessRun.SLICE);
                } while (s == VmmLoop.Step.NO_EXIT && !pauseRequested);
                afterStep(s);
            }
            case RUN -> {
                setState(State.RUNNING);
                VmmLoop.Step s;
                do {
                    s = loop.step(HeadlessRun.SLICE);
                } while (s != VmmLoop.Step.FINISHED && !pauseRequested);
                afterStep(s);
            }
            default -> { }
        }
    }

    private void afterStep(VmmLoop.Step s) {
        setState(s == VmmLoop.Step.FINISHED ? State.FINISHED : State.PAUSED);
    }

    @Override public void close() {
        pauseRequested = true;
        loop.vcpu().interrupt();
        command(Command.CLOSE, null);
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        loop.vcpu().close();
    }
}
