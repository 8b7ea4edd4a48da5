package org.kvmworkbench.kvm.trace;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import com.sun.jna.LastErrorException;

import org.kvmworkbench.core.i18n.Phrase;
import org.kvmworkbench.kvm.sys.LibC;

/**
 * KVM's trace events for one thread, read from a private tracefs instance (instances/kvmwb-PID-N), so the global
 * trace buffer and whatever else uses tracing are left alone. The instance records the kvm events below that
 * this kernel has, for one TID only (set_event_pid), without the context columns. After each KVM_RUN
 * ({@link #expectRun}) {@link #collect} reads its {@link TracePipe} up to and including that run's
 * kvm_userspace_exit, which KVM emits before the ioctl returns - so the events are normally all there, and the
 * wait for stragglers is bounded.
 *
 * <p>{@link #close} disables the events, removes the instance and unmounts tracefs if this JVM mounted it. An
 * instance whose process died without closing it is removed by the next {@link #open}.
 */
public final class KernelTrace implements AutoCloseable {
    /** Why tracing cannot be used here; the message is one line for the user. */
    public static final class Unavailable extends Exception implements Phrase.Said {
        private final transient Phrase words;

        /** The words {@code key} of {@link TraceWords} with their values; the message is their English. */
        Unavailable(String key, Object... args) {
            this(TraceWords.say(key, args));
        }

        private Unavailable(Phrase words) {
            super(words.english());
            this.words = words;
        }

        @Override
        public Phrase words() {
            return words;
        }
    }

    /** The events asked for; those this kernel lacks are skipped. kvm_userspace_exit is required. */
    public static final List<String> EVENTS = List.of("kvm_userspace_exit", "kvm_exit", "kvm_entry", "kvm_pio",
            "kvm_mmio", "kvm_cpuid", "kvm_msr", "kvm_hypercall", "kvm_emulate_insn", "kvm_fpu", "kvm_page_fault",
            "kvm_inj_virq");
    static final String USERSPACE_EXIT = "kvm_userspace_exit";
    private static final long STRAGGLER_WAIT_NANOS = 100_000_000, POLL_NANOS = 50_000;
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private static final String PREFIX = "kvmwb-";

    private final Path instance;
    private final boolean acquired;
    private final List<String> enabled = new ArrayList<>();
    private final Map<String, Long> counts = new TreeMap<>();
    private TracePipe pipe;
    private int tid;
    private int runsOwed;
    private boolean closed;

    private KernelTrace(Path instance, boolean acquired) {
        this.instance = instance;
        this.acquired = acquired;
    }

    /** Starts following {@code tid}'s kvm events; on failure everything done so far is undone. */
    public static KernelTrace open(int tid) throws Unavailable {
        return open(Tracefs.acquire(), true, tid);
    }

    /** With tracefs at {@code root}; {@code acquired}: a {@link Tracefs#acquire} to release on close. */
    static KernelTrace open(Path root, boolean acquired, int tid) throws Unavailable {
        Path instances = root.resolve("instances");
        Path dir = instances.resolve(PREFIX + ProcessHandle.current().pid() + "-" + INSTANCES.getAndIncrement());
        KernelTrace t = new KernelTrace(dir, acquired);
        try {
            if (!Files.isWritable(instances)) {
                throw new Unavailable("noPermission", instances, LibC.geteuid());
            }
            if (!Files.isDirectory(root.resolve("events/kvm"))) {
                throw new Unavailable("noKvmEvents", root);
            }
            removeStale(instances);
            try {
                Files.createDirectory(dir);
            } catch (IOException e) {
                throw new Unavailable("cannotCreate", dir, reason(e));
            }
            t.setUp(tid);
            return t;
        } catch (Unavailable | RuntimeException e) {
            try {
                t.close();
            } catch (IllegalStateException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /** Instances left by a process of this app that died without closing them (kvmwb-PID-N, PID gone). */
    private static void removeStale(Path instances) {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(instances, PREFIX + "*")) {
            for (Path d : dirs) {
                String name = d.getFileName().toString();
                int dash = name.indexOf('-', PREFIX.length());
                if (dash < 0 || ProcessHandle.of(Long.parseLong(name.substring(PREFIX.length(), dash))).isPresent()) continue;
                try {
                    Files.writeString(d.resolve("events/enable"), "0");
                    Files.delete(d);
                } catch (IOException stillThere) {
                    // not ours to worry about now: the new instance does not depend on it
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            // no stale instances to remove
        }
    }

    private void setUp(int tid) throws Unavailable {
        // "kvm_cpuid: func ..." instead of "java-123 [001] ..... 12.3: kvm_cpuid: ..."; TraceEvent reads both
        if (Files.exists(instance.resolve("options/context-info"))) write("options/context-info", "0");
        follow(tid);
        for (String e : EVENTS) {
            Path enable = instance.resolve("events/kvm").resolve(e).resolve("enable");
            if (!Files.exists(enable)) continue;
            write(enable, "1");
            enabled.add(e);
        }
        if (!enabled.contains(USERSPACE_EXIT)) {
            throw new Unavailable("noUserspaceExit");
        }
        pipe = new TracePipe(instance.resolve("trace_pipe"));
    }

    /** Record the events of this thread (not a process: a TID, as /proc/thread-self names it) from now on. */
    public void follow(int tid) throws Unavailable {
        write("set_event_pid", Integer.toString(tid));
        this.tid = tid;
    }

    /** The calling thread's TID. */
    public static int currentTid() throws Unavailable {
        try {
            Path link = Files.readSymbolicLink(Path.of("/proc/thread-self")); // "PID/task/TID"
            return Integer.parseInt(link.getFileName().toString());
        } catch (IOException | RuntimeException e) {
            throw new Unavailable("noTid", reason(e));
        }
    }

    /** A KVM_RUN is about to start: {@link #collect} will read up to its kvm_userspace_exit. */
    public void expectRun() {
        runsOwed++;
        pipe.runStarting();
    }

    /**
     * Appends the events of the runs announced by {@link #expectRun} to {@code into}, up to the last one's
     * kvm_userspace_exit. Returns false if that event did not come within 100 ms (the events read are kept,
     * the rest is read by the next call).
     */
    public boolean collect(List<TraceEvent> into) {
        pipe.runEnded();
        long deadline = 0;
        int seen = into.size();
        for (;;) {
            pipe.drain(into);
            for (; seen < into.size(); seen++) {
                TraceEvent e = into.get(seen);
                counts.merge(e.name(), e.name().equals(TraceEvent.LOST) ? e.dec("count", 0) : e.count(), Long::sum);
                if (e.name().equals(USERSPACE_EXIT) && runsOwed > 0) runsOwed--;
            }
            if (runsOwed == 0) return true;
            long now = System.nanoTime();
            if (deadline == 0) deadline = now + STRAGGLER_WAIT_NANOS;
            else if (now > deadline) return false;
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    /** Events read so far, by name; "lost": how many the ring buffer or the queue dropped. */
    public Map<String, Long> counts() {
        return Collections.unmodifiableMap(counts);
    }

    /** The kvm events this kernel has and this trace enabled. */
    public List<String> enabledEvents() {
        return List.copyOf(enabled);
    }

    public Path instance() {
        return instance;
    }

    public int tid() {
        return tid;
    }

    /** "following kvm events for TID 123 (instance /sys/kernel/tracing/instances/kvmwb-99-0)" */
    public String describe() {
        return "following kvm events for TID " + tid + " (instance " + instance + ")";
    }

    /** Idempotent. Throws {@link IllegalStateException} naming what could not be undone. */
    @Override public void close() {
        if (closed) return;
        closed = true;
        List<String> problems = new ArrayList<>();
        for (String off : List.of("events/enable", "tracing_on")) {
            if (!Files.exists(instance.resolve(off))) continue;
            try {
                write(off, "0");
            } catch (Unavailable e) {
                problems.add(e.getMessage());
            }
        }
        if (pipe != null) {
            try {
                pipe.close(); // before rmdir: an open trace_pipe keeps the instance busy
            } catch (LastErrorException e) {
                problems.add("close trace_pipe: " + LibC.describe(e.getErrorCode()));
            }
            pipe = null;
        }
        try {
            Files.deleteIfExists(instance); // rmdir: tracefs frees the instance and its buffers
        } catch (IOException e) {
            problems.add("rmdir " + instance + ": " + reason(e));
        }
        String unmount = acquired ? Tracefs.release() : null;
        if (unmount != null) problems.add(unmount);
        if (!problems.isEmpty()) throw new IllegalStateException("kernel trace cleanup: " + String.join("; ", problems));
    }

    private void write(String file, String value) throws Unavailable {
        write(instance.resolve(file), value);
    }

    private static void write(Path file, String value) throws Unavailable {
        try {
            Files.writeString(file, value);
        } catch (IOException e) {
            throw new Unavailable("cannotWrite", value, file, reason(e));
        }
    }

    private static Phrase reason(Exception e) {
        String type = e.getClass().getSimpleName();
        if (e instanceof java.nio.file.AccessDeniedException) return TraceWords.say("needsRoot");
        return Phrase.literal(e.getMessage() == null ? type : type + ": " + e.getMessage());
    }

    /** Whether tracefs is mounted now (for checks and tests). */
    public static boolean tracefsMounted() {
        return Tracefs.mountPoint() != null;
    }
}
