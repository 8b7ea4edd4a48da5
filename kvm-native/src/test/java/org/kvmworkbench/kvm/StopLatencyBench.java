package org.kvmworkbench.kvm;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

import org.kvmworkbench.core.backend.SimulatedVcpu;
import org.kvmworkbench.core.backend.Vcpu;
import org.kvmworkbench.core.config.ConfigLoader;
import org.kvmworkbench.core.config.VmConfig;
import org.kvmworkbench.core.session.HeadlessRun;
import org.kvmworkbench.core.session.RunLimits;
import org.kvmworkbench.core.session.Session;
import org.kvmworkbench.core.session.VmmLoop;

/**
 * How long after the request a runaway guest (runaway-loop: spinning with no exits) stops, on the simulator and on
 * KVM: time limit overshoot, Pause (until the session says PAUSED), close (until it returns). A benchmark, not a test.
 * Run: {@code mvn -q test-compile -pl core,kvm-native -am && java -cp kvm-native/target/test-classes:kvm-native/target/classes:
 * core/target/classes:$HOME/.m2/repository/net/java/dev/jna/jna/5.17.0/jna-5.17.0.jar:<snakeyaml, jackson>
 * org.kvmworkbench.kvm.StopLatencyBench [rounds]}
 */
public final class StopLatencyBench {
    private StopLatencyBench() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        VmConfig config = ConfigLoader.load(Path.of("samples", "runaway-loop.yaml"));
        for (boolean kvm : new boolean[] {false, true}) {
            String name = kvm ? "kvm      " : "simulated";
            double[] timeout = new double[rounds], pause = new double[rounds], close = new double[rounds];
            for (int i = 0; i < rounds; i++) {
                try (Vcpu v = open(config, kvm)) {
                    long t0 = System.nanoTime();
                    HeadlessRun.run(new VmmLoop(v), new RunLimits(0, 0, Duration.ofMillis(50)));
                    timeout[i] = (System.nanoTime() - t0) / 1e6 - 50;
                }
                Session s = new Session(new VmmLoop(open(config, kvm)), 16);
                s.run();
                while (s.state() != Session.State.RUNNING) java.util.concurrent.locks.LockSupport.parkNanos(50_000);
                Thread.sleep(20);
                long t0 = System.nanoTime();
                s.pause();
                while (s.state() != Session.State.PAUSED) java.util.concurrent.locks.LockSupport.parkNanos(50_000);
                pause[i] = (System.nanoTime() - t0) / 1e6;
                s.run();
                while (s.state() != Session.State.RUNNING) java.util.concurrent.locks.LockSupport.parkNanos(50_000);
                Thread.sleep(20);
                t0 = System.nanoTime();
                s.close();
                close[i] = (System.nanoTime() - t0) / 1e6;
            }
            System.out.printf("%s  time-limit overshoot ms %s | pause ms %s | close ms %s%n", name, stats(timeout),
                    stats(pause), stats(close));
        }
    }

    private static Vcpu open(VmConfig config, boolean kvm) throws Exception {
        return kvm ? new KvmVcpuBackend(config, (s, b) -> { }, "bench") : new SimulatedVcpu(config, (s, b) -> { }, "bench");
    }

    private static String stats(double[] ms) {
        double[] s = ms.clone();
        Arrays.sort(s);
        return String.format("median %.2f, max %.2f", s[s.length / 2], s[s.length - 1]);
    }
}
