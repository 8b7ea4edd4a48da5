package org.kvmworkbench.core.bench;

/**
 * How long to measure: each workload is warmed up for {@code warmUpSeconds} (the JIT compiles the
 * interpreter's hot paths), then timed {@code repeat} times for {@code seconds} each.
 */
public record BenchSettings(double seconds, int repeat, double warmUpSeconds) {
    public static final double MIN_SECONDS = 0.01, MAX_SECONDS = 600;
    public static final int MIN_REPEAT = 1, MAX_REPEAT = 100;

    /** The default run: medians of 5 one-second repetitions after a one-second warm-up. */
    public static final BenchSettings DEFAULT = new BenchSettings(1, 5, 1);
    /** A smoke run for CI: a few short repetitions; the rates are rough. */
    public static final BenchSettings QUICK = new BenchSettings(0.1, 3, 0.1);

    public BenchSettings {
        if (!(seconds >= MIN_SECONDS && seconds <= MAX_SECONDS)) throw new IllegalArgumentException("seconds " + seconds);
        if (repeat < MIN_REPEAT || repeat > MAX_REPEAT) throw new IllegalArgumentException("repeat " + repeat);
        if (!(warmUpSeconds >= 0 && warmUpSeconds <= MAX_SECONDS)) throw new IllegalArgumentException("warm-up " + warmUpSeconds);
    }
}
