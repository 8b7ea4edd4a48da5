package org.kvmworkbench.app.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.kvmworkbench.app.i18n.Texts;
import org.kvmworkbench.core.bus.Bus;
import org.kvmworkbench.core.device.Device;
import org.kvmworkbench.core.device.DeviceSnapshot;
import org.kvmworkbench.core.device.SavesState;
import org.kvmworkbench.core.device.VirtQueue;
import org.kvmworkbench.core.device.VirtioConsole;
import org.kvmworkbench.core.device.VirtioMmioTransport;
import org.kvmworkbench.core.exit.Access;
import org.kvmworkbench.core.exit.ExitRecord;
import org.kvmworkbench.core.i18n.Messages;
import org.kvmworkbench.core.kvm.ExitPath;
import org.kvmworkbench.core.machine.Machine;
import org.kvmworkbench.core.session.ExitListener;

/**
 * The board's devices as they were at every exit of the recorded ring, so a past exit picked on the timeline shows
 * its own device registers and virtqueues. Recorded on the vCPU thread at each exit, after the device model ran, into
 * slots allocated up front and reused round the ring:
 * <ul>
 * <li>a device that can save its state as numbers ({@link SavesState}: the UART, which a polling guest touches at
 *     nearly every exit) is saved at every exit without allocating, and described only when a past exit is shown;</li>
 * <li>any other board device changes only when the guest touches it (an exit whose access lands in its bus window)
 *     or takes an interrupt (an injection changes the PIC): only then is it snapshotted again; every other exit's
 *     slot points at the snapshot it already had.</li>
 * </ul>
 * A snapshot's texts are in the language of the moment it was taken: each is kept with that language, and said again
 * in the window's language when shown in another (the UART's are described in the language of the moment shown).
 * At most {@link #capacity()} exits are kept. KVM's in-kernel chips are on no bus and are always shown as they are now.
 */
public final class DeviceHistory implements ExitListener {
    private static final Texts TEXT = Texts.of(DeviceHistory.class);
    /** Words of core's that a device's texts hold as values (a virtio queue's error inside the console's last error). */
    private static final Messages[] INNER_WORDS = {Messages.of(VirtioMmioTransport.class), Messages.of(VirtQueue.class)};

    /** What the Devices tab shows for one exit; {@code devices} is aligned with the machine's device list. */
    public record State(List<DeviceSnapshot> devices, List<VirtioConsole.QueueRings> rings) {}

    /** The state at an exit, and the exit it was recorded at. */
    public record At(State state, long capturedAt) {}

    private final Machine machine;
    private final Device[] devices;
    /** Per device in {@link #devices}: on a bus of the board (recorded) or off-board (shown live). */
    private final boolean[] onBoard;
    /** Per device: its number-saving side, or null; and where its numbers start in a slot's row of {@link #raw}. */
    private final SavesState[] savers;
    private final int[] rawOffset;
    private final int rawWidth;
    private final Map<Object, Integer> indexOf = new IdentityHashMap<>();
    private final int capacity;
    private final long[] seqs;
    private final long[] raw;
    private final DeviceSnapshot[] snaps;
    /** Per entry of {@link #snaps}: the language its texts were said in. */
    private final Locale[] snapLanguages;
    /** Per device: its own words, to say a snapshot's texts again in another language. */
    private final Messages[] words;
    @SuppressWarnings("unchecked")
    private final List<VirtioConsole.QueueRings>[] rings;
    /** Exits recorded since the last clear (the next slot is {@code written % capacity}). */
    private long written;
    /** vCPU-thread only: each snapshotted device's newest snapshot, and the newest virtqueue rings. */
    private final DeviceSnapshot[] last;
    private final Locale[] lastLanguages;
    private List<VirtioConsole.QueueRings> lastRings = List.of();

    @SuppressWarnings("unchecked")
    public DeviceHistory(Machine machine, int capacity) {
        if (capacity <= 0) throw new IllegalArgumentException("capacity must be positive");
        this.machine = machine;
        this.capacity = capacity;
        List<Device> list = machine.devices();
        devices = list.toArray(new Device[0]);
        onBoard = new boolean[devices.length];
        savers = new SavesState[devices.length];
        rawOffset = new int[devices.length];
        for (int i = 0; i < devices.length; i++) indexOf.put(devices[i], i);
        markOnBoard(machine.pioBus());
        markOnBoard(machine.mmioBus());
        int width = 0;
        for (int i = 0; i < devices.length; i++) {
            if (onBoard[i] && devices[i] instanceof SavesState saver) {
                savers[i] = saver;
                rawOffset[i] = width;
                width += saver.stateLength();
            }
        }
        rawWidth = width;
        seqs = new long[capacity];
        raw = new long[capacity * rawWidth];
        snaps = new DeviceSnapshot[capacity * devices.length];
        snapLanguages = new Locale[capacity * devices.length];
        words = new Messages[devices.length];
        for (int i = 0; i < devices.length; i++) words[i] = Messages.of(devices[i].getClass());
        rings = new List[capacity];
        last = new DeviceSnapshot[devices.length];
        lastLanguages = new Locale[devices.length];
    }

    private void markOnBoard(Bus bus) {
        for (Bus.Window w : bus.windows()) {
            Integer i = indexOf.get(w.device());
            if (i != null) onBoard[i] = true;
        }
    }

    /** vCPU thread, at each exit. */
    @Override public void onExit(ExitRecord r) {
        int touched = written == 0 || r.path() == ExitPath.EVENT_INJECTION || r.path() == ExitPath.EVENT_INJECTION_IRQ_LINE
                ? ALL : touchedDevice(r);
        boolean virtioTouched = false;
        for (int i = 0; i < devices.length; i++) {
            if (!onBoard[i] || savers[i] != null || (touched != ALL && touched != i)) continue;
            Locale language = Messages.locale();
            DeviceSnapshot s = devices[i].snapshot();
            if (!s.equals(last[i])) { // an unchanged device keeps one snapshot for all its exits
                last[i] = s;
                lastLanguages[i] = language;
            }
            virtioTouched |= devices[i] instanceof VirtioConsole;
        }
        if (virtioTouched) {
            List<VirtioConsole.QueueRings> now = new ArrayList<>();
            for (Device d : devices) {
                if (d instanceof VirtioConsole v) for (int q = 0; q < v.queueCount(); q++) now.add(v.queueRings(q));
            }
            if (!now.equals(lastRings)) lastRings = List.copyOf(now);
        }
        synchronized (this) {
            int slot = (int) (written % capacity);
            for (int i = 0; i < devices.length; i++) {
                if (savers[i] != null) savers[i].saveState(raw, slot * rawWidth + rawOffset[i]);
                snaps[slot * devices.length + i] = last[i];
                snapLanguages[slot * devices.length + i] = lastLanguages[i];
            }
            rings[slot] = lastRings;
            seqs[slot] = r.seq();
            written++;
        }
    }

    private static final int NONE = -1, ALL = -2;

    /** The board device the exit's access landed on, or {@link #NONE}. */
    private int touchedDevice(ExitRecord r) {
        Access a = r.access();
        if (a == null) return NONE;
        Bus bus = a.kind() == Access.Kind.PIO ? machine.pioBus() : machine.mmioBus();
        Bus.Window w = bus.find(a.address());
        Integer i = w == null ? null : indexOf.get(w.device());
        return i == null ? NONE : i;
    }

    /**
     * The devices as at exit {@code seq} (the newest recorded exit at or before it), or null when that is older than
     * the exits kept. Entries of off-board devices are null: show them live.
     */
    public At at(long seq) {
        long[] row;
        DeviceSnapshot[] kept = new DeviceSnapshot[devices.length];
        Locale[] keptLanguages = new Locale[devices.length];
        List<VirtioConsole.QueueRings> keptRings;
        long at;
        synchronized (this) {
            long lo = Math.max(0, written - capacity), hi = written - 1, found = -1;
            while (lo <= hi) { // the kept exits' numbers rise round the ring: a binary search
                long mid = (lo + hi) >>> 1;
                if (seqs[(int) (mid % capacity)] <= seq) {
                    found = mid;
                    lo = mid + 1;
                } else {
                    hi = mid - 1;
                }
            }
            if (found < 0) return null;
            int slot = (int) (found % capacity);
            row = Arrays.copyOfRange(raw, slot * rawWidth, (slot + 1) * rawWidth);
            System.arraycopy(snaps, slot * devices.length, kept, 0, devices.length);
            System.arraycopy(snapLanguages, slot * devices.length, keptLanguages, 0, devices.length);
            keptRings = rings[slot];
            at = seqs[slot];
        }
        List<DeviceSnapshot> shown = new ArrayList<>(devices.length);
        for (int i = 0; i < devices.length; i++) {
            shown.add(savers[i] != null ? savers[i].describe(row, rawOffset[i])
                    : onBoard[i] ? inCurrentLanguage(kept[i], keptLanguages[i], words[i]) : null);
        }
        return new At(new State(shown, keptRings), at);
    }

    /** {@code s}, said in {@code language}, with its texts said again in the current language when that is another. */
    static DeviceSnapshot inCurrentLanguage(DeviceSnapshot s, Locale language, Messages words) {
        if (s == null || language == null || language.equals(Messages.locale())) return s;
        UnaryOperator<String> said = new UnaryOperator<>() {
            @Override public String apply(String text) { // a value that is itself words is said again too
                if (text == null) return null;
                String t = words.inCurrentLanguage(text, language, this);
                for (int i = 0; i < INNER_WORDS.length && t.equals(text); i++) t = INNER_WORDS[i].inCurrentLanguage(text, language, this);
                return t;
            }
        };
        List<DeviceSnapshot.Register> registers = new ArrayList<>(s.registers().size());
        for (DeviceSnapshot.Register r : s.registers()) {
            registers.add(new DeviceSnapshot.Register(said.apply(r.name()), r.value(), r.width(), said.apply(r.meaning())));
        }
        List<String> details = new ArrayList<>(s.details().size());
        for (String d : s.details()) details.add(said.apply(d));
        return new DeviceSnapshot(s.device(), registers, details);
    }

    /** A reset: the VM starts afresh, and so does its history (vCPU thread, before the first exit). */
    public synchronized void clear() {
        Arrays.fill(snaps, null);
        Arrays.fill(snapLanguages, null);
        Arrays.fill(lastLanguages, null);
        Arrays.fill(rings, null);
        Arrays.fill(last, null);
        lastRings = List.of();
        written = 0;
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
