package org.kvmworkbench.app.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import org.kvmworkbench.app.i18n.Texts;
import org.kvmworkbench.core.bus.Bus;
import org.kvmworkbench.core.device.Device;
import org.kvmworkbench.core.device.DeviceSnapshot;
import org.kvmworkbench.core.device.VirtioConsole;
import org.kvmworkbench.core.exit.Access;
import org.kvmworkbench.core.exit.ExitRecord;
import org.kvmworkbench.core.kvm.ExitPath;
import org.kvmworkbench.core.machine.Machine;
import org.kvmworkbench.core.session.ExitListener;

/**
 * The board's devices as they were at every exit of the recorded ring, so a past exit picked on the timeline shows
 * its own device registers and virtqueues. Recorded on the vCPU thread at the exit itself, after the device model ran:
 * the guest changes a device only by an access (a port or MMIO exit into its bus window) or by taking an interrupt
 * from it (an injection changes the PIC), so only those exits take a capture, and every other exit records nothing
 * (one bus lookup, no allocation). A capture snapshots the board devices; a device that did not change keeps the
 * previous capture's snapshot, so repeated states share one object. The state at exit N is the newest capture at or
 * before N. At most {@link #capacity()} captures are kept (one preallocated slot table, reused round the ring).
 * <p>A change the guest did not cause shows from the next capture (a byte typed into the UART, the line draining);
 * KVM's in-kernel chips are on no bus and are always shown as they are now.
 */
public final class DeviceHistory implements ExitListener {
    private static final Texts TEXT = Texts.of(DeviceHistory.class);

    /** What the Devices tab shows for one exit; {@code devices} is aligned with the machine's device list. */
    public record State(List<DeviceSnapshot> devices, List<VirtioConsole.QueueRings> rings) {}

    /** The state at an exit, and the exit it was captured at (the last one that touched a device). */
    public record At(State state, long capturedAt) {}

    private final Machine machine;
    private final Device[] devices;
    /** Per device in {@link #devices}: on a bus of the board (recorded) or off-board (shown live). */
    private final boolean[] onBoard;
    private final Map<Object, Integer> indexOf = new IdentityHashMap<>();
    private final int capacity;
    private final long[] seqs;
    private final State[] states;
    /** Captures taken since the last clear (the next slot is {@code written % capacity}). */
    private long written;
    /** vCPU-thread only: the last capture's per-device snapshots, for sharing unchanged ones. */
    private DeviceSnapshot[] last;
    private List<VirtioConsole.QueueRings> lastRings;

    public DeviceHistory(Machine machine, int capacity) {
        if (capacity <= 0) throw new IllegalArgumentException("capacity must be positive");
        this.machine = machine;
        this.capacity = capacity;
        List<Device> list = machine.devices();
        devices = list.toArray(new Device[0]);
        onBoard = new boolean[devices.length];
        for (int i = 0; i < devices.length; i++) indexOf.put(devices[i], i);
        markOnBoard(machine.pioBus());
        markOnBoard(machine.mmioBus());
        seqs = new long[capacity];
        states = new State[capacity];
    }

    private void markOnBoard(Bus bus) {
        for (Bus.Window w : bus.windows()) {
            Integer i = indexOf.get(w.device());
            if (i != null) onBoard[i] = true;
        }
    }

    /** vCPU thread, at each exit. */
    @Override public void onExit(ExitRecord r) {
        if (written == 0 || changesADevice(r)) capture(r.seq());
    }

    private boolean changesADevice(ExitRecord r) {
        Access a = r.access();
        if (a != null) {
            Bus bus = a.kind() == Access.Kind.PIO ? machine.pioBus() : machine.mmioBus();
            Bus.Window w = bus.find(a.address());
            return w != null && indexOf.containsKey(w.device());
        }
        return r.path() == ExitPath.EVENT_INJECTION || r.path() == ExitPath.EVENT_INJECTION_IRQ_LINE;
    }

    private void capture(long seq) {
        DeviceSnapshot[] now = new DeviceSnapshot[devices.length];
        List<VirtioConsole.QueueRings> rings = new ArrayList<>();
        for (int i = 0; i < devices.length; i++) {
            if (!onBoard[i]) continue;
            DeviceSnapshot s = devices[i].snapshot();
            now[i] = last != null && s.equals(last[i]) ? last[i] : s;
            if (devices[i] instanceof VirtioConsole v) {
                for (int q = 0; q < v.queueCount(); q++) rings.add(v.queueRings(q));
            }
        }
        last = now;
        if (!rings.equals(lastRings)) lastRings = List.copyOf(rings);
        State state = new State(Arrays.asList(now), lastRings);
        synchronized (this) {
            int slot = (int) (written % capacity);
            seqs[slot] = seq;
            states[slot] = state;
            written++;
        }
    }

    /**
     * The devices as at exit {@code seq}: the newest capture at or before it, or null when that is older than the
     * captures kept (or the exit came before this history). Entries of off-board devices are null: show them live.
     */
    public synchronized At at(long seq) {
        long oldest = Math.max(0, written - capacity);
        for (long n = written - 1; n >= oldest; n--) {
            int slot = (int) (n % capacity);
            if (seqs[slot] <= seq) return new At(states[slot], seqs[slot]);
        }
        return null;
    }

    /** A reset: the VM starts afresh, and so does its history (vCPU thread, before the first exit). */
    public synchronized void clear() {
        Arrays.fill(states, null);
        written = 0;
        last = null;
        lastRings = null;
    }

    public int capacity() {
        return capacity;
    }

    /** Does the machine show a device that is on no bus (KVM's in-kernel PIC and PIT), always shown live? */
    public boolean hasOffBoard() {
        for (boolean b : onBoard) if (!b) return true;
        return false;
    }

    /** The Devices tab's line over a past exit's devices. */
    public static String note(long seq, At at, boolean offBoard) {
        String s = at == null ? TEXT.format("notRecorded", seq)
                : at.capturedAt() == seq ? TEXT.format("asAtExit", seq)
                : TEXT.format("asAtEarlierExit", seq, at.capturedAt());
        return offBoard ? s + " " + TEXT.get("offBoardNow") : s;
    }
}
