package org.kvmworkbench.app.view;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.kvmworkbench.core.backend.BackendInfo;
import org.kvmworkbench.core.backend.SimulatedVcpu;
import org.kvmworkbench.core.config.BackendChoice;
import org.kvmworkbench.core.config.ConfigLoader;
import org.kvmworkbench.core.config.Controls;
import org.kvmworkbench.core.config.DebugconConfig;
import org.kvmworkbench.core.config.Entry;
import org.kvmworkbench.core.config.KvmOptions;
import org.kvmworkbench.core.config.VmConfig;
import org.kvmworkbench.core.exit.ExitRecord;
import org.kvmworkbench.core.session.HeadlessRun;
import org.kvmworkbench.core.session.RunLimits;
import org.kvmworkbench.core.session.VmmLoop;
import org.kvmworkbench.core.vmx.Vmcs;

/** Real exit records (and the VMCS as each exit left it) from running guests on the simulator. */
final class SampleExits {
    static final Path SAMPLES = Path.of("..", "samples");

    final List<ExitRecord> exits = new ArrayList<>();
    /** The VMCS snapshot taken at each exit, before VM entry: index-aligned with {@link #exits}. */
    final List<Vmcs.Snapshot> vmcs = new ArrayList<>();
    final BackendInfo info;
    final StringBuilder console = new StringBuilder();
    final org.kvmworkbench.core.session.ExitStats stats;
    /** Device snapshots and virtqueue rings as the run left them. */
    final List<org.kvmworkbench.core.device.DeviceSnapshot> devices = new ArrayList<>();
    final List<org.kvmworkbench.core.device.VirtioConsole.QueueRings> rings = new ArrayList<>();

    private SampleExits(VmConfig config) throws Exception {
        SimulatedVcpu vcpu = new SimulatedVcpu(config, (source, b) -> console.append((char) b), "test");
        info = vcpu.info();
        VmmLoop loop = new VmmLoop(vcpu);
        loop.setListener(r -> {
            exits.add(r);
            vmcs.add(vcpu.vmcs().snapshot());
        });
        stats = HeadlessRun.run(loop, RunLimits.DEFAULT).stats();
        for (org.kvmworkbench.core.device.Device d : vcpu.machine().devices()) {
            devices.add(d.snapshot());
            if (d instanceof org.kvmworkbench.core.device.VirtioConsole v) {
                for (int q = 0; q < v.queueCount(); q++) rings.add(v.queueRings(q));
            }
        }
    }

    /** {@link #sample} for static initialisers: a sample that does not run is a broken test setup. */
    static SampleExits of(String name) {
        try {
            return sample(name);
        } catch (Exception e) {
            throw new IllegalStateException("sample " + name + " did not run", e);
        }
    }

    /** Run samples/NAME.yaml to its end. */
    static SampleExits sample(String name) throws Exception {
        return new SampleExits(ConfigLoader.load(SAMPLES.resolve(name + ".yaml")));
    }

    /** Run raw 16-bit code loaded at 0000:1000 with a debug console on 0xE9. */
    static SampleExits code(Path dir, Controls controls, int... bytes) throws Exception {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < b.length; i++) b[i] = (byte) bytes[i];
        Files.write(dir.resolve("g.bin"), b);
        return new SampleExits(new VmConfig("t", null, 64 * 1024, BackendChoice.SIMULATED, "g.bin", 0x1000,
                new Entry(0, 0x1000), List.of(new DebugconConfig(0xE9)), controls, KvmOptions.defaults(), dir));
    }

    /** MMIO to 0x20010 (no RAM): a write (EPT violation), then a read (EPT misconfiguration). */
    static SampleExits mmio(Path dir) throws Exception {
        return code(dir, Controls.defaults(),
                0xB8, 0x00, 0x20, 0x8E, 0xC0,                 // mov ax, 0x2000; mov es, ax
                0x26, 0xC6, 0x06, 0x10, 0x00, 0x5A,           // mov byte [es:0x10], 0x5a
                0x26, 0xA0, 0x10, 0x00,                       // mov al, [es:0x10]
                0xFA, 0xF4);                                  // cli; hlt
    }

    /** An intercepted #UD (exception bitmap bit 6), re-injected through IVT[6]. */
    static SampleExits undefinedOpcode(Path dir) throws Exception {
        Controls ud = new Controls(Controls.IoMode.UNCONDITIONAL, List.of(), true, false, Controls.MsrMode.ALL,
                List.of(), List.of(6));
        int[] code = new int[0x20];
        int[] main = {0xC7, 0x06, 0x18, 0x00, 0x10, 0x10, 0xFA, 0x0F, 0x0B}; // mov word [0x18],0x1010; cli; ud2
        int[] handler = {0xB0, 'U', 0xE6, 0xE9, 0xF4};                      // mov al,'U'; out 0xe9,al; hlt
        System.arraycopy(main, 0, code, 0, main.length);
        System.arraycopy(handler, 0, code, 0x10, handler.length);
        return code(dir, ud, code);
    }

    /** rep outsb of "abc" to port 0xE9: a string I/O exit. */
    static SampleExits repOutsb(Path dir) throws Exception {
        int[] code = new int[0x20];
        int[] main = {0xBA, 0xE9, 0x00,   // mov dx, 0xe9
                0xBE, 0x10, 0x10,         // mov si, 0x1010
                0xB9, 0x03, 0x00,         // mov cx, 3
                0xF3, 0x6E,               // rep outsb
                0xFA, 0xF4};              // cli; hlt
        System.arraycopy(main, 0, code, 0, main.length);
        code[0x10] = 'a';
        code[0x11] = 'b';
        code[0x12] = 'c';
        return code(dir, Controls.defaults(), code);
    }

    ExitRecord first(Predicate<ExitRecord> p) {
        return exits.stream().filter(p).findFirst().orElseThrow(() -> new AssertionError("no such exit in " + exits.size()));
    }

    int indexOf(ExitRecord r) {
        return exits.indexOf(r);
    }
}
