package org.kvmworkbench.kvm;

import com.sun.jna.Native;

import org.kvmworkbench.core.backend.VcpuExit;
import org.kvmworkbench.core.kvm.KvmExitReason;
import org.kvmworkbench.kvm.sys.KvmIoctls;
import org.kvmworkbench.kvm.sys.LibC;

/**
 * Not a test: the loop whose userspace instructions kvm-native/src/test/sh/exit-loop-instructions.sh counts with
 * callgrind (this host has no PMU, so {@code perf stat -e instructions:u} is not supported). It warms the loop up,
 * then opens callgrind's window (callgrind-window.c, loaded with JNA from the path in {@code -Dcallgrind.window}),
 * runs M iterations, and closes it; the vCPU thread's count divided by M is instructions per iteration.
 * Loops: {@code backend} is KvmExitBench's userspace PIO loop ({@link KvmVcpuBackend#run} → resume);
 * {@code kvm-run} is KVM_RUN through JNA and a read of kvm_run.exit_reason, nothing else; {@code check-extension}
 * is a bare JNA ioctl that returns at once (KVM_CHECK_EXTENSION), the floor a JNA call sets.
 * Usage: {@code ExitLoopInstructions LOOP WARM M}.
 */
public final class ExitLoopInstructions {
    private ExitLoopInstructions() {
    }

    /** callgrind-window.c's two functions. */
    private static final class Window {
        static {
            Native.register(Window.class, System.getProperty("callgrind.window"));
        }

        static native void window_open();

        static native void window_close();
    }

    private static void iterate(Runnable body, int n) {
        for (int i = 0; i < n; i++) body.run();
    }

    public static void main(String[] args) throws Exception {
        String loop = args[0];
        int warm = Integer.parseInt(args[1]), m = Integer.parseInt(args[2]);
        try (Kvm kvm = Kvm.open();
             KvmVcpuBackend backend = new KvmVcpuBackend(ByteGuest.config("out-loop", ByteGuest.outLoop(warm + m + 1)),
                     (s, b) -> { }, "bench")) {
            Runnable body = switch (loop) {
                case "backend" -> () -> {
                    VcpuExit e = backend.run(1);
                    if (e.kvmExit != KvmExitReason.IO) throw new IllegalStateException("exit " + e.kvmExit);
                    backend.resume(e);
                };
                case "kvm-run" -> () -> {
                    if (backend.kvmVcpu().runOnce() != 0
                            || backend.kvmVcpu().kvmRun().exitReason() != KvmIoctls.KVM_EXIT_IO) {
                        throw new IllegalStateException("not an I/O exit");
                    }
                };
                case "check-extension" -> () -> kvm.checkExtension(KvmIoctls.KVM_CAP_SYNC_REGS);
                default -> throw new IllegalArgumentException("loop: backend, kvm-run or check-extension");
            };
            // warmed up in short calls, so that iterate itself is compiled (not just its loop, on-stack) before the window
            for (int i = 0; i < warm; i += 10) iterate(body, 10);
            Window.window_open();
            iterate(body, m);
            Window.window_close();
        }
    }
}
