package org.kvmworkbench.kvm;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;

import org.kvmworkbench.core.backend.BackendInfo;
import org.kvmworkbench.core.backend.ShadowedStep;
import org.kvmworkbench.core.backend.Vcpu;
import org.kvmworkbench.core.backend.VcpuExit;
import org.kvmworkbench.core.config.PitConfig;
import org.kvmworkbench.core.config.VmConfig;
import org.kvmworkbench.core.cpu.Disassembler;
import org.kvmworkbench.core.device.ConsoleSink;
import org.kvmworkbench.core.exit.GuestRegisters;
import org.kvmworkbench.core.kvm.CpuidTable;
import org.kvmworkbench.core.kvm.KvmExitReason;
import org.kvmworkbench.core.machine.Machine;
import org.kvmworkbench.core.vmx.Vmcs;
import org.kvmworkbench.kvm.sys.KickSignal;
import org.kvmworkbench.kvm.sys.KvmIoctls;
import org.kvmworkbench.kvm.sys.KvmRun;
import org.kvmworkbench.kvm.sys.LibC;
import org.kvmworkbench.kvm.trace.KernelTrace;

/**
 * The real-KVM vCPU: one VM with one memory slot of the config's RAM at guest-physical 0, the core {@link Machine}
 * on that RAM, one vCPU in real mode at the config's entry, the simulator's CPUID table, and an ioeventfd device
 * thread for the machine's doorbells. {@link #run} is one KVM_RUN; the exits KVM finishes in the kernel (CPUID,
 * MSRs, doorbells) are invisible in kvm_run. With {@link #setKernelTrace kernel tracing} on, KVM's trace events
 * show them, and {@link #run} returns them first ({@code kvmExit == null}, already handled), then the run's own exit.
 *
 * <p>Threading: every method runs on the vCPU thread except {@link #interrupt()}, and
 * {@link #vmcs()} from another thread, which then returns the VMCS as last refreshed without touching KVM.
 */
public final class KvmVcpuBackend implements Vcpu {
    /** Largest string I/O exit: a page of 1-byte elements (KVM's PIO data page). */
    private static final int MAX_IO_ELEMENTS = 4096;

    private final BackendInfo info;
    private final HostVirtualization host;
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private final NativeGuestMemory ram;
    private final KvmVcpu vcpu;
    private final KvmRun run;
    private final Machine machine;
    private final GuestState state;
    private final DerivedVmcs vmcs = new DerivedVmcs();
    private final ExitDecoder decoder;
    private final DoorbellThread doorbells;
    /** Polls the passthrough-style devices' register pages; null without such a device. */
    private final PassthroughThread passthrough;
    /** The devices' IRQ lines into the in-kernel irqchip; null without it. */
    private final KvmIrqLines irqLines;
    private final VcpuExit exit = new VcpuExit();
    private VcpuExit lastExit;
    /** Kernel tracing: null while off (the default), so the run loop only tests this field. */
    private TracedRuns traced;
    /** In-kernel exits from the trace, then the run's own result, waiting to be returned by {@link #run}. */
    private final ArrayDeque<VcpuExit> waiting = new ArrayDeque<>();
    /** Stands for null (an interrupted run) in {@link #waiting}. */
    private static final VcpuExit NO_EXIT = new VcpuExit();
    private String traceStatus = "off: not requested";
    /** Single-stepping is on; the last run was a step over MOV SS/POP SS that ran two instructions (else null). */
    private boolean singleStepping;
    private ShadowedStep shadowedStep;
    /** The exit last handed out was made from the trace (finished in the kernel): registers() shows its RIP. */
    private boolean kernelExitShown;

    private final Object kickLock = new Object();
    /** The vCPU thread is inside {@link #run}: alive, and the one to signal. */
    private volatile boolean busy;
    private volatile boolean closed;
    /** close() on another thread waits (under kickLock) for the run to end. */
    private boolean closeWaits;
    private volatile Thread runThread;
    private long runPthread;

    public KvmVcpuBackend(VmConfig config, ConsoleSink console, String why) throws IOException {
        this(config, console, why, Kvm.DEVICE);
    }

    /** @param devicePath the KVM device, normally /dev/kvm */
    public KvmVcpuBackend(VmConfig config, ConsoleSink console, String why, String devicePath) throws IOException {
        KickSignal.number(); // fail here, not in interrupt(), if no signal can be installed
        try {
            ram = own(NativeGuestMemory.allocate(config.memoryBytes()));
            Kvm kvm = own(Kvm.open(devicePath));
            KvmVm vm = own(kvm.createVm());
            vm.setUserMemoryRegion(0, 0, ram);
            KvmIrqLines irqs = null;
            if (config.kvm().irqchip()) {
                vm.createIrqchip();
                if (PitConfig.present(config)) vm.createPit2();
                irqs = own(new KvmIrqLines(vm, config.kvm().irqfd() ? KvmIrqLines.Path.IRQFD
                        : KvmIrqLines.Path.IRQ_LINE));
            }
            irqLines = irqs;
            machine = Machine.build(config, ram, console, irqs);
            if (config.kvm().irqchip()) {
                InKernelPic pic = new InKernelPic(vm);
                resources.push(pic::close);
                machine.showOffBoard(pic);
                if (PitConfig.present(config)) {
                    InKernelPit pit = new InKernelPit(vm);
                    resources.push(pit::close);
                    machine.showOffBoard(pit);
                }
            }
            vcpu = own(vm.createVcpu(0));
            run = vcpu.kvmRun();
            vcpu.setCpuid(CpuidTable.simulated());
            state = new GuestState(vcpu, kvm.checkExtension(KvmIoctls.KVM_CAP_SYNC_REGS) > 0);
            resources.push(state::release);
            state.resetTo(config.entry());
            decoder = new ExitDecoder(run, ram, state);
            doorbells = machine.doorbells().isEmpty() ? null : own(new DoorbellThread(vm, machine.doorbells()));
            passthrough = machine.passthroughDevices().isEmpty() ? null
                    : own(new PassthroughThread(machine.passthroughDevices()));
        } catch (IOException | RuntimeException e) {
            closeResources();
            throw e;
        }
        exit.data = new long[MAX_IO_ELEMENTS];
        host = HostVirtualization.detect();
        info = host.backendInfo(why);
    }

    private <T extends AutoCloseable> T own(T resource) {
        resources.push(resource);
        return resource;
    }

    @Override public BackendInfo info() {
        return info;
    }

    @Override public Machine machine() {
        return machine;
    }

    /**
     * One KVM_RUN ({@code instructionBudget} is ignored: KVM cannot count instructions). Returns null when the run
     * was interrupted ({@link #interrupt()}, EINTR) or a single step finished (KVM_EXIT_DEBUG).
     *
     * @throws IllegalStateException after {@link #close()}
     */
    @Override public VcpuExit run(long instructionBudget) {
        Thread current = Thread.currentThread();
        if (current != runThread) {
            runThread = current;
            runPthread = LibC.pthread_self();
        }
        busy = true; // Dekker with close(): it sees busy, or this sees closed
        if (closed) {
            leaveRun();
            throw new IllegalStateException("vCPU closed");
        }
        try {
            kernelExitShown = false;
            if (!waiting.isEmpty()) return handOut(waiting.poll());
            TracedRuns t = traced;
            if (t != null && t.failure() != null) {
                endTracing("off: " + t.failure());
                t = null;
            }
            if (t != null) t.beforeRun();
            StepCheck step = singleStepping ? StepCheck.before(state, ram) : null;
            long start = System.nanoTime();
            int errno = vcpu.runOnce();
            long nanos = System.nanoTime() - start;
            state.afterRun(errno == 0);
            vmcs.stale();
            VcpuExit e = null;
            if (errno != 0) {
                run.setImmediateExit(false);
            } else {
                e = exit;
                e.clear();
                if (decoder.decode(e)) e.measuredNanos = nanos;
                else e = null;
            }
            shadowedStep = step != null && e == null && errno == 0 ? step.after(state, ram) : null;
            if (t != null && t.afterRun(e, waiting)) {
                waiting.add(e == null ? NO_EXIT : e);
                return handOut(waiting.poll());
            }
            if (e != null) {
                nameForHost(e);
                lastExit = e;
            }
            return e;
        } finally {
            leaveRun();
        }
    }

    private VcpuExit handOut(VcpuExit e) {
        if (e == NO_EXIT) return null;
        kernelExitShown = e.kvmExit == null && e.instructionIp >= 0;
        if (kernelExitShown && e.instructionLength == 0) e.instructionLength = lengthAt(e.instructionIp);
        nameForHost(e);
        lastExit = e;
        vmcs.stale();
        return e;
    }

    /**
     * The length of the instruction at CS:{@code ip}, decoded from guest memory: for an in-kernel exit whose
     * kvm_entry (RIP after KVM skipped it) came in a later run, e.g. when a kick signal ended the run first.
     */
    private int lengthAt(long ip) {
        long linear = state.sregs().base(org.kvmworkbench.kvm.sys.KvmSregs.CS) + ip;
        if (linear < 0 || !ram.contains(linear, 1)) return 0;
        return Disassembler.decode(ram, linear, (int) ip).length();
    }

    /** On an AMD host the SVM exit code is the exit's own name; the VMX reason is its equivalent. */
    private void nameForHost(VcpuExit e) {
        if (host == HostVirtualization.SVM) e.hostReason = e.svm;
    }

    /**
     * Kernel tracing on or off (off by default). On, each run's kvm trace events (a private tracefs instance following
     * the vCPU thread) become the exits KVM finished in the kernel, returned by {@link #run} before the run's own
     * exit. Needs root; mounts tracefs if it is not (and unmounts it on close). Returns whether tracing is on: if it
     * cannot be, {@link #kernelTraceStatus()} says why and the VM runs as before. Call on the vCPU thread, or while
     * no run is in progress.
     */
    public boolean setKernelTrace(boolean on) {
        ensureOpen();
        if (busy && Thread.currentThread() != runThread) throw new IllegalStateException("a run is in progress");
        if (!on) {
            if (traced != null) endTracing("off: turned off");
            return false;
        }
        if (traced != null && traced.failure() == null) return true;
        if (traced != null) endTracing("off: " + traced.failure());
        try {
            KernelTrace trace = KernelTrace.open(KernelTrace.currentTid());
            traced = new TracedRuns(trace, host, machine.doorbells());
            traceStatus = "on: " + trace.describe();
            return true;
        } catch (KernelTrace.Unavailable e) {
            traceStatus = "off: " + e.getMessage();
        } catch (RuntimeException | LinkageError e) {
            traceStatus = "off: " + e;
        }
        return false;
    }

    /** "on: following kvm events for TID n (instance ...)" or "off: reason". */
    public String kernelTraceStatus() {
        if (traced != null && traced.failure() != null) return "off: " + traced.failure();
        return traceStatus;
    }

    /** Closes the trace; exits already waiting are still handed out by {@link #run}. */
    private void endTracing(String status) {
        traceStatus = status;
        TracedRuns t = traced;
        traced = null;
        try {
            t.close();
        } catch (RuntimeException e) {
            traceStatus = status + "; " + e.getMessage();
        }
    }

    /** The trace while kernel tracing is on, else null (for tests and reports). */
    KernelTrace kernelTrace() {
        return traced == null ? null : traced.trace();
    }

    private void leaveRun() {
        synchronized (kickLock) {
            busy = false; // from here on no kick signal is sent to this thread, which may end
            if (closeWaits) kickLock.notifyAll(); // notifyAll is a call into the VM: not on every exit
        }
    }

    /**
     * Complete an IN or MMIO read: KVM copies the answer into the guest on the next KVM_RUN. Exits KVM finished
     * in the kernel ({@code kvmExit == null}) need nothing.
     */
    @Override public void resume(VcpuExit e) {
        ensureOpen();
        if (e.write || e.kvmExit == null) return;
        if (e.kvmExit == KvmExitReason.IO) {
            for (int i = 0; i < e.count; i++) run.setIoData(i, e.data[i]);
        } else if (e.kvmExit == KvmExitReason.MMIO) {
            run.setMmioData(e.data[0]);
        }
    }

    /**
     * Make the current (or next) KVM_RUN return at once, from any thread: sets kvm_run.immediate_exit and
     * signals the vCPU thread if it is inside {@link #run} (a guest spinning without exits never returns otherwise).
     */
    @Override public void interrupt() {
        synchronized (kickLock) {
            if (closed) return;
            kick();
        }
    }

    /** Clears kvm_run.immediate_exit left by a kick that no KVM_RUN has seen yet. */
    @Override public void clearInterrupt() {
        synchronized (kickLock) {
            if (!closed) run.setImmediateExit(false);
        }
    }

    /** With kickLock held. The signal's handler does nothing; what matters is that KVM_RUN returns EINTR. */
    private void kick() {
        run.setImmediateExit(true);
        if (busy) KickSignal.send(runPthread);
    }

    private void ensureOpen() {
        if (closed) throw new IllegalStateException("vCPU closed");
    }

    /** Single-step: with it on, each {@link #run} returns after one guest instruction (null) or at its exit. */
    @Override public void setSingleStep(boolean on) {
        ensureOpen();
        vcpu.setGuestDebug(on ? KvmIoctls.KVM_GUESTDBG_ENABLE | KvmIoctls.KVM_GUESTDBG_SINGLESTEP : 0);
        singleStepping = on;
    }

    /**
     * Written by each run (null unless it stepped over MOV SS). Another thread reads it after seeing the run end
     * through a volatile (the Session's state), which orders this plain field too.
     */
    @Override public ShadowedStep lastShadowedStep() {
        return shadowedStep;
    }

    /**
     * The registers as at the exit last returned. For an exit KVM finished in the kernel (told by the trace), RIP is
     * that exit's instruction; the other registers are as at the end of the KVM_RUN it came from.
     */
    @Override public GuestRegisters registers() {
        ensureOpen();
        GuestRegisters r = state.registers();
        if (!kernelExitShown || lastExit == null) return r;
        return new GuestRegisters(r.rax(), r.rbx(), r.rcx(), r.rdx(), r.rsi(), r.rdi(), r.rsp(), r.rbp(),
                lastExit.instructionIp, r.rflags(), r.cs(), r.ds(), r.es(), r.ss(), r.fs(), r.gs(), r.cr0());
    }

    /** The derived VMCS; refreshed from the registers when called on the vCPU thread. */
    @Override public Vmcs vmcs() {
        if (closed || Thread.currentThread() != runThread && runThread != null) return vmcs.current();
        return vmcs.refresh(state, lastExit);
    }

    @Override public String instructionAt(long csBase, long ip) {
        return Disassembler.decode(ram, csBase + ip, (int) ip).text();
    }

    @Override public long instructionsRetired() {
        return -1;
    }

    /** The vCPU itself, for the benchmarks that take the backend's loop apart. */
    KvmVcpu kvmVcpu() {
        return vcpu;
    }

    /** The IRQ lines into the in-kernel irqchip (with their system-call counts), or null without it. */
    public KvmIrqLines irqLines() {
        return irqLines;
    }

    /** Why the ioeventfd or passthrough device thread died, or null. */
    public Throwable deviceFailure() {
        Throwable f = doorbells == null ? null : doorbells.failure();
        return f != null || passthrough == null ? f : passthrough.failure();
    }

    @Override public void reset() {
        ensureOpen();
        machine.reset();
        decoder.reset();
        state.resetTo(machine.config().entry());
        // With the in-kernel LAPIC a vCPU stopped while asleep in HLT is still HALTED: it would sleep again at once
        if (irqLines != null) vcpu.setMpState(KvmIoctls.KVM_MP_STATE_RUNNABLE);
        run.setImmediateExit(false);
        lastExit = null;
        shadowedStep = null;
        vmcs.stale();
        waiting.clear();
        if (traced != null) traced.reset();
    }

    /** Releases everything; if another thread is inside {@link #run}, interrupts it and waits until it has left. */
    @Override public void close() {
        synchronized (kickLock) {
            if (closed) return;
            closed = true;
            boolean interrupted = false;
            if (busy && Thread.currentThread() != runThread) kick();
            while (busy && Thread.currentThread() != runThread) {
                closeWaits = true;
                try {
                    kickLock.wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) Thread.currentThread().interrupt();
        }
        if (traced != null) endTracing("off: closed");
        closeResources();
    }

    /** Device thread, vCPU (kvm_run), VM, /dev/kvm, then the RAM: the reverse of creation. */
    private void closeResources() {
        RuntimeException first = null;
        while (!resources.isEmpty()) {
            try {
                resources.pop().close();
            } catch (Exception e) {
                if (first == null) first = e instanceof RuntimeException r ? r : new IllegalStateException(e);
            }
        }
        if (first != null) throw first;
    }
}
