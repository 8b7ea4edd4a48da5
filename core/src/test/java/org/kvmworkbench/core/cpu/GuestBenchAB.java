package org.kvmworkbench.core.cpu;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Two builds of the interpreter side by side in one JVM (not a unit test): each build's {@code classes} directory
 * gets its own class loader and its own guest, and the two run in alternating half-second slices, so a swing in
 * the machine's speed hits both alike. Prints each build's median CPU-time rate and the median of the per-slice
 * ratio B/A, the figure to trust. Measured on the busy 2-core development VM: A/A runs gave 1.00-1.02, but the
 * ratio of two near-identical builds swung 0.90-1.10 from one JVM to the next (each JVM compiles the interpreter
 * its own way): run it several times, both ways round, before believing a change under 10 %. The best slice of each
 * build is printed too: under a load that comes and goes it is the least disturbed figure.
 * <pre>java -cp core/target/test-classes org.kvmworkbench.core.cpu.GuestBenchAB OLD/classes core/target/classes
 *     samples/bench/mixed.bin [slices]</pre>
 */
public final class GuestBenchAB {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final long SLICE_NANOS = 500_000_000L;
    private static final int WARM_UP_SLICES = 6;

    private GuestBenchAB() {
    }

    public static void main(String[] args) throws Exception {
        byte[] image = Files.readAllBytes(Path.of(args[2]));
        int slices = args.length > 3 ? Integer.parseInt(args[3]) : 12;
        Build[] builds = {new Build(Path.of(args[0]), image), new Build(Path.of(args[1]), image)};
        List<List<Double>> rates = List.of(new ArrayList<>(), new ArrayList<>());
        for (int s = 0; s < WARM_UP_SLICES + slices; s++) {
            for (int i = 0; i < 2; i++) {
                int k = (s & 1) == 0 ? i : 1 - i; // alternate which build goes first
                double rate = builds[k].slice();
                if (s >= WARM_UP_SLICES) rates.get(k).add(rate);
            }
        }
        List<Double> ratio = new ArrayList<>();
        for (int i = 0; i < slices; i++) ratio.add(rates.get(1).get(i) / rates.get(0).get(i));
        System.out.printf("%s: A %.1f  B %.1f M instr/s (CPU-time medians of %d slices), median B/A %.3f; best A %.1f  B %.1f (%.3f)%n",
                Path.of(args[2]).getFileName(), median(rates.get(0)), median(rates.get(1)), slices, median(ratio),
                best(rates.get(0)), best(rates.get(1)), best(rates.get(1)) / best(rates.get(0)));
    }

    /** The fastest slice: on a shared machine other load only ever slows a slice down, so the best is the least disturbed. */
    private static double best(List<Double> values) {
        return Collections.max(values);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    /** One build's interpreter running the guest, driven through reflection (its classes are not ours). */
    private static final class Build {
        private final Object interpreter, cpu, noExit, ioExit;
        private final Method run, completeIo;
        private final Field kind, instructions;

        Build(Path classes, byte[] image) throws Exception {
            ClassLoader l = new URLClassLoader(new URL[] {classes.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
            Class<?> memoryClass = l.loadClass("org.kvmworkbench.core.memory.ArrayGuestMemory");
            Class<?> cpuClass = l.loadClass("org.kvmworkbench.core.cpu.Cpu");
            Class<?> controls = l.loadClass("org.kvmworkbench.core.cpu.ExitControls");
            Class<?> msrs = l.loadClass("org.kvmworkbench.core.cpu.MsrFile");
            Class<?> interpreterClass = l.loadClass("org.kvmworkbench.core.cpu.Interpreter");
            Class<?> kinds = l.loadClass("org.kvmworkbench.core.cpu.CpuExit$Kind");
            Object memory = memoryClass.getConstructor(int.class).newInstance(1 << 20);
            System.arraycopy(image, 0, (byte[]) memoryClass.getMethod("bytes").invoke(memory), 0x1000, image.length);
            cpu = cpuClass.getConstructor().newInstance();
            cpuClass.getMethod("startAt", int.class, int.class).invoke(cpu, 0, 0x1000);
            cpuClass.getMethod("setReg16", int.class, int.class).invoke(cpu, Reg.ESP, 0x8000);
            interpreter = interpreterClass.getConstructor(cpuClass, memoryClass, controls, msrs)
                    .newInstance(cpu, memory, controls.getField("ALL").get(null), msrs.getConstructor().newInstance());
            run = interpreterClass.getMethod("run", long.class);
            completeIo = interpreterClass.getMethod("completeIo");
            kind = l.loadClass("org.kvmworkbench.core.cpu.CpuExit").getField("kind");
            instructions = cpuClass.getField("instructions");
            noExit = kinds.getField("NONE").get(null);
            ioExit = kinds.getField("IO").get(null);
        }

        /** Run for one slice; millions of instructions per CPU second. */
        double slice() throws Exception {
            long n0 = instructions.getLong(cpu), cpu0 = THREADS.getCurrentThreadCpuTime();
            long end = System.nanoTime() + SLICE_NANOS;
            do {
                Object k = kind.get(run.invoke(interpreter, 1_000_000L));
                if (k == ioExit) completeIo.invoke(interpreter);
                else if (k != noExit) throw new IllegalStateException("unexpected exit " + k);
            } while (System.nanoTime() < end);
            return (instructions.getLong(cpu) - n0) / ((THREADS.getCurrentThreadCpuTime() - cpu0) / 1e9) / 1e6;
        }
    }
}
