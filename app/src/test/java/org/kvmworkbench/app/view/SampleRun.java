package org.kvmworkbench.app.view;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.kvmworkbench.core.backend.SimulatedVcpu;
import org.kvmworkbench.core.config.ConfigLoader;
import org.kvmworkbench.core.config.VmConfig;
import org.kvmworkbench.core.device.Device;
import org.kvmworkbench.core.device.DeviceSnapshot;
import org.kvmworkbench.core.device.VirtioConsole;
import org.kvmworkbench.core.exit.ExitRecord;
import org.kvmworkbench.core.session.ExitStats;
import org.kvmworkbench.core.session.HeadlessRun;
import org.kvmworkbench.core.session.RunLimits;
import org.kvmworkbench.core.session.VmmLoop;

/** A sample from samples/ run to the end on the simulator: its exits, counts, devices and console output. */
final class SampleRun {
    final List<ExitRecord> records = new ArrayList<>();
    final StringBuilder console = new StringBuilder();
    final ExitStats stats;
    final List<DeviceSnapshot> devices = new ArrayList<>();
    final List<VirtioConsole.QueueRings> rings = new ArrayList<>();
    final HeadlessRun.Result result;

    private SampleRun(String name) throws Exception {
        VmConfig config = ConfigLoader.load(Path.of("..", "samples", name + ".yaml"));
        SimulatedVcpu vcpu = new SimulatedVcpu(config, (source, b) -> console.append((char) b), "test");
        VmmLoop loop = new VmmLoop(vcpu);
        loop.setListener(records::add);
        result = HeadlessRun.run(loop, RunLimits.DEFAULT);
        stats = result.stats();
        for (Device d : vcpu.machine().devices()) {
            devices.add(d.snapshot());
            if (d instanceof VirtioConsole v) {
                for (int q = 0; q < v.queueCount(); q++) rings.add(v.queueRings(q));
            }
        }
    }

    static SampleRun of(String name) {
        try {
            return new SampleRun(name);
        } catch (Exception e) {
            throw new IllegalStateException("sample " + name + " did not run", e);
        }
    }
}
