package org.kvmworkbench.core.bench;

import java.util.Arrays;

/** Minimum, median and maximum of a few repetitions' rates (per second). */
public record Stats(double min, double median, double max) {
    public static Stats of(double[] values) {
        if (values.length == 0) throw new IllegalArgumentException("no values");
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        double median = n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
        return new Stats(v[0], median, v[n - 1]);
    }
}
