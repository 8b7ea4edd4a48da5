package org.kvmworkbench.app.model;

import org.kvmworkbench.core.session.RunLimits;

/**
 * Signs of life for a running guest, from samples the window takes once per frame: time since Run, guest
 * instructions retired and exits, and their rates over the last ~half second. Also the limits the window gives each
 * run (the CLI's defaults: {@link RunLimits#DEFAULT}), which the session enforces on the vCPU thread. Pure arithmetic
 * on the FX thread.
 */
public final class RunWatch {
    private static final org.kvmworkbench.app.i18n.Texts T = org.kvmworkbench.app.i18n.Texts.of(RunWatch.class);
    /** Rates are measured over windows at least this long, so they do not flicker frame to frame. */
    static final long RATE_WINDOW_NANOS = 500_000_000L;

    private RunLimits limits = RunLimits.DEFAULT;
    private boolean running;
    private long runStart;
    private long elapsedBefore; // time run before the last pause, since the last reset
    private long windowStart;
    private long windowInstructions;
    private long windowExits;
    private double instructionsPerSecond;
    private double exitsPerSecond;
    private long lastNow;

    public RunLimits limits() {
        return limits;
    }

    public void setLimits(RunLimits limits) {
        this.limits = limits;
    }

    /** Start over (a reset or a new VM): no time has run. */
    public void reset() {
        running = false;
        elapsedBefore = 0;
        instructionsPerSecond = 0;
        exitsPerSecond = 0;
    }

    /**
     * One frame's sample.
     *
     * @param instructions guest instructions retired so far, or -1 where the backend cannot count them
     */
    public void sample(long now, boolean isRunning, long instructions, long exits) {
        lastNow = now;
        if (isRunning && !running) {
            running = true;
            runStart = now;
            windowStart = now;
            windowInstructions = instructions;
            windowExits = exits;
            instructionsPerSecond = 0;
            exitsPerSecond = 0;
        } else if (!isRunning && running) {
            running = false;
            elapsedBefore += now - runStart;
        } else if (running && now - windowStart >= RATE_WINDOW_NANOS) {
            double secs = (now - windowStart) / 1e9;
            instructionsPerSecond = instructions < 0 ? -1 : (instructions - windowInstructions) / secs;
            exitsPerSecond = (exits - windowExits) / secs;
            windowStart = now;
            windowInstructions = instructions;
            windowExits = exits;
        }
    }

    public boolean running() {
        return running;
    }

    /** Time the guest has run since the last reset, in nanoseconds. */
    public long elapsedNanos() {
        return elapsedBefore + (running ? lastNow - runStart : 0);
    }

    public double instructionsPerSecond() {
        return instructionsPerSecond;
    }

    public double exitsPerSecond() {
        return exitsPerSecond;
    }

    /** "limits per run: 10,000,000 exits, 2,000,000,000 instructions, 20 s" */
    public String describeLimits() {
        StringBuilder b = new StringBuilder();
        if (limits.maxExits() > 0) b.append(T.format("exits", limits.maxExits()));
        if (limits.maxInstructions() > 0) {
            if (b.length() > 0) b.append(", ");
            b.append(T.format("instructions", limits.maxInstructions()));
        }
        if (limits.timeout() != null && !limits.timeout().isZero()) {
            if (b.length() > 0) b.append(", ");
            b.append(T.format("seconds", limits.timeout().toSeconds()));
        }
        return b.length() == 0 ? T.get("noLimits") : T.format("limitsPerRun", b);
    }
}
