package org.kvmworkbench.core.cpu;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.kvmworkbench.core.memory.ArrayGuestMemory;

/**
 * Throughput check for the interpreter (not a unit test). Run after {@code mvn -pl core test-compile}:
 * <pre>java -cp core/target/classes:core/target/test-classes org.kvmworkbench.core.cpu.InterpreterBench [seconds]</pre>
 * Prints millions of guest instructions per second for a tight ALU loop, and VM exits per second for a
 * port-I/O loop whose every exit is completed with {@link Interpreter#completeIo()}. Rates are given per
 * second of wall time and per second of this thread's CPU time (steadier on a shared machine).
 */
public final class InterpreterBench {
    private InterpreterBench() {
    }

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        // start: mov cx,0xFFFF ; l: add ax,bx ; dec cx ; jnz l ; jmp start
        byte[] alu = bytes(0xB9, 0xFF, 0xFF, 0x01, 0xD8, 0x49, 0x75, 0xFB, 0xEB, 0xF6);
        // l: out 0x80,al ; in al,dx ; jmp l
        byte[] io = bytes(0xE6, 0x80, 0xEC, 0xEB, 0xFB);
        for (int round = 0; round < 2; round++) {
            String tag = round == 0 ? "warm-up " : "";
            double s = round == 0 ? 1 : seconds;
            double[] r = aluLoop(alu, s);
            System.out.printf("%sALU loop : %.1f M instr/s (wall), %.1f M instr/s (CPU time)%n", tag, r[0] / 1e6, r[1] / 1e6);
            r = ioLoop(io, s);
            System.out.printf("%sI/O loop : %.2f M exits/s (wall), %.2f M exits/s (CPU time)%n", tag, r[0] / 1e6, r[1] / 1e6);
        }
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private static byte[] bytes(int... b) {
        byte[] r = new byte[b.length];
        for (int i = 0; i < b.length; i++) r[i] = (byte) b[i];
        return r;
    }

    /** A 1 MiB machine with {@code code} at 0000:1000, SP = 0x8000, BX = 3, every exit control on. */
    static Interpreter machine(byte[] code) {
        ArrayGuestMemory mem = new ArrayGuestMemory(1 << 20);
        System.arraycopy(code, 0, mem.bytes(), 0x1000, code.length);
        Cpu cpu = new Cpu();
        cpu.startAt(0, 0x1000);
        cpu.setReg16(Reg.ESP, 0x8000);
        cpu.setReg16(Reg.EBX, 3);
        return new Interpreter(cpu, mem, ExitControls.ALL, new MsrFile());
    }

    /** Returns {per wall second, per CPU second}. */
    private static double[] aluLoop(byte[] code, double seconds) {
        Interpreter in = machine(code);
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        long t0 = System.nanoTime(), cpu0 = THREADS.getCurrentThreadCpuTime(), start = in.cpu().instructions;
        long now;
        do {
            CpuExit e = in.run(1_000_000);
            if (e.kind != CpuExit.Kind.NONE) throw new IllegalStateException("unexpected exit " + e.kind);
        } while ((now = System.nanoTime()) < deadline);
        long cpu = THREADS.getCurrentThreadCpuTime() - cpu0;
        double n = in.cpu().instructions - start;
        return new double[] {n / ((now - t0) / 1e9), n / (cpu / 1e9)};
    }

    private static double[] ioLoop(byte[] code, double seconds) {
        Interpreter in = machine(code);
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        long t0 = System.nanoTime(), cpu0 = THREADS.getCurrentThreadCpuTime(), exits = 0;
        long now;
        do {
            for (int i = 0; i < 10_000; i++) {
                CpuExit e = in.run(1000);
                if (e.kind != CpuExit.Kind.IO) throw new IllegalStateException("unexpected exit " + e.kind);
                if (e.in) e.data[0] = 0x5A;
                in.completeIo();
                exits++;
            }
        } while ((now = System.nanoTime()) < deadline);
        long cpu = THREADS.getCurrentThreadCpuTime() - cpu0;
        return new double[] {exits / ((now - t0) / 1e9), exits / (cpu / 1e9)};
    }
}
