package org.kvmworkbench.app.model;

import org.kvmworkbench.core.session.RunLimits;

/**
 * Signs of life for a running guest, from samples the window takes once per frame of the time the session's vCPU
 * thread has run ({@link org.kvmworkbench.core.session.Session#runNanos()}), the guest instructions retired and the
 * exits: the time run since the reset, and the rates — over the last ~half second while the guest runs, over all the
 * time run once it rests. Timed by the vCPU thread, a run shorter than a frame still has its true length. Also the
 * limits the window gives each run (the CLI's defaults: {@link RunLimits#DEFAULT}), which the session enforces on the
 * vCPU thread. Pure arithmetic on the FX thread.
 */
public final class RunWatch {
    private static final org.kvmworkbench.app.i18n.Texts T = org.kvmworkbench.app.i18n.Texts.of(RunWatch.class);
    /** Rates are measured over windows at least this long of running time, so they do not flicker frame to frame. */
    static final long RATE_WINDOW_NANOS = 500_000_000L;

    private RunLimits limits = RunLimits.DEFAULT;
    private boolean running;
    private long ranNanos;
    private long instructions;
    private long exits;
    private boolean windowDone; // a whole rate window has passed in this run
    private long windowStart;
    private long windowInstructions;
    private long windowExits;
    private double instructionsPerSecond;
    private double exitsPerSecond;

    public RunLimits limits() {
        return limits;
    }

    public void setLimits(RunLimits limits) {
        this.limits = limits;
    }

    /** Start over (a reset or a new VM): no time has run. */
    public void reset() {
        running = false;
        ranNanos = 0;
        instructions = 0;
        exits = 0;
        instructionsPerSecond = 0;
        exitsPerSecond = 0;
    }

    /**
     * One frame's sample.
     *
     * @param ranNanos     the time the vCPU has run since the reset, the run in progress included
     * @param instructions guest instructions retired so far, or -1 where the backend cannot count them
     */
    public void sample(long ranNanos, boolean isRunning, long instructions, long exits) {
        this.ranNanos = ranNanos;
        this.instructions = instructions;
        this.exits = exits;
        if (isRunning && !running) {
            windowDone = false;
            startWindow();
        }
        running = isRunning;
        if (!running) {
            // at rest: the rates over all the time run (none before anything ran)
            instructionsPerSecond = rate(instructions, 0, ranNanos);
            exitsPerSecond = rate(exits, 0, ranNanos);
        } else if (ranNanos - windowStart >= RATE_WINDOW_NANOS) {
            instructionsPerSecond = rate(instructions, windowInstructions, ranNanos - windowStart);
            exitsPerSecond = rate(exits, windowExits, ranNanos - windowStart);
            windowDone = true;
            startWindow();
        } else if (!windowDone) {
            // the run's first half second: its rates so far
            instructionsPerSecond = rate(instructions, windowInstructions, ranNanos - windowStart);
            exitsPerSecond = rate(exits, windowExits, ranNanos - windowStart);
        }
    }

    private void startWindow() {
        windowStart = ranNanos;
        windowInstructions = instructions;
        windowExits = exits;
    }

    /** Per second: -1 where the count is unknown, 0 over no time at all (never a division by zero). */
    private static double rate(long count, long countBefore, long nanos) {
        if (count < 0) return -1;
        return nanos <= 0 ? 0 : (count - countBefore) * 1e9 / nanos;
    }

    public boolean running() {
        return running;
    }

    /** Time the guest has run since the last reset, in nanoseconds. */
    public long elapsedNanos() {
        return ranNanos;
    }

    /** Has the guest run at all since the reset (else there is no rate to show). */
    public boolean hasRun() {
        return ranNanos > 0;
    }

    public double instructionsPerSecond() {
        return instructionsPerSecond;
    }

    public double exitsPerSecond() {
        return exitsPerSecond;
    }

    /** The time run, in the unit that shows it best: "0 s", "640 ns", "812 µs", "8.12 ms", "1.25 s", "42.3 s". */
    public String elapsedText() {
        return elapsedText(ranNanos);
    }

    static String elapsedText(long nanos) {
        if (nanos <= 0) return T.format("elapsed.s", "0");
        if (nanos < 1_000) return T.format("elapsed.ns", Long.toString(nanos));
        if (nanos < 1_000_000) return T.format("elapsed.us", threeDigits(nanos / 1e3));
        if (nanos < 1_000_000_000) return T.format("elapsed.ms", threeDigits(nanos / 1e6));
        double s = nanos / 1e9;
        return T.format("elapsed.s", String.format(java.util.Locale.ROOT, s < 10 ? "%.2f" : "%.1f", s));
    }

    /** 1 ≤ v < 1000 with three significant digits (a value that rounds up to 1000 keeps the unit: "1000"). */
    private static String threeDigits(double v) {
        return String.format(java.util.Locale.ROOT, v < 10 ? "%.2f" : v < 100 ? "%.1f" : "%.0f", v);
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
