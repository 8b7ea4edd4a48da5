package org.kvmworkbench.app;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.kvmworkbench.app.i18n.Texts;
import org.kvmworkbench.core.device.DeviceSnapshot;
import org.kvmworkbench.core.device.VirtioConsole;

/**
 * The devices as they were at the exits the VM rested at (each exit stepped to, and where a run paused or ended),
 * so the Devices tab shows a past exit picked on the timeline as it was. Filled from the snapshots the window takes
 * anyway while the VM rests, never on the vCPU's exit path; the newest {@value #MAX} are kept. An exit a run went
 * past at full speed has no recorded device state: the tab then says so and shows the present.
 */
final class RecordedDevices {
    static final int MAX = 512;
    private static final Texts TEXT = Texts.of(RecordedDevices.class);

    record State(List<DeviceSnapshot> devices, List<VirtioConsole.QueueRings> rings) {}

    private final Map<Long, State> bySeq = new LinkedHashMap<>() {
        @Override protected boolean removeEldestEntry(Map.Entry<Long, State> eldest) {
            return size() > MAX;
        }
    };

    /** The devices while the VM rests at exit {@code seq}. */
    void record(long seq, State s) {
        bySeq.put(seq, s);
    }

    /** The devices as at exit {@code seq}, or null when the VM never rested there. */
    State at(long seq) {
        return bySeq.get(seq);
    }

    void clear() {
        bySeq.clear();
    }

    /** The Devices tab's line over a past exit's devices. */
    static String note(long seq, boolean recorded) {
        return TEXT.format(recorded ? "asAtExit" : "notRecorded", seq);
    }
}
