package org.kvmworkbench.app.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.prefs.Preferences;

import org.kvmworkbench.app.Backends;
import org.kvmworkbench.app.i18n.Texts;
import org.kvmworkbench.core.backend.Vcpu;
import org.kvmworkbench.core.config.ConfigException;
import org.kvmworkbench.core.config.ConfigLoader;
import org.kvmworkbench.core.config.DeviceConfig;
import org.kvmworkbench.core.config.SampleInfo;
import org.kvmworkbench.core.config.SampleText;
import org.kvmworkbench.core.config.VirtioConsoleConfig;
import org.kvmworkbench.core.config.VmConfig;
import org.kvmworkbench.core.session.Session;
import org.kvmworkbench.core.session.VmmLoop;

/**
 * What the window works on: the open config, its running session and console, recent files.
 * Commands come from the FX thread; the session runs the vCPU on its own thread.
 */
public final class WorkbenchModel implements AutoCloseable {
    /** Exits kept for the log, the charts and the animation: a bounded ring, never unbounded history. */
    public static final int RING_CAPACITY = 5000;
    private static final int MAX_RECENT = 8;

    private final Preferences prefs;
    private ConsoleBuffer console = new ConsoleBuffer();
    private Session session;
    private DeviceHistory deviceHistory;
    private VmConfig config;
    private Path configPath;
    /** The open config's file text, so Save as keeps how its values were written. */
    private ConfigLoader.Loaded source;
    private boolean kernelTrace = true;
    private String kernelTraceStatus = "";
    private final RunWatch runWatch = new RunWatch();

    public WorkbenchModel(Preferences prefs) {
        this.prefs = prefs;
    }

    /** Load, validate and start a config (paused). On any error nothing changes: the old VM keeps running. */
    public void open(Path file) throws ConfigException, IOException, Backends.UnavailableException {
        ConfigLoader.Loaded loaded = ConfigLoader.loadWithText(file);
        SampleText.of(file, loaded, Texts.locale()); // a broken translation is a config problem like any other
        start(loaded.config());
        configPath = file;
        source = loaded;
        remember(file);
    }

    private void start(VmConfig c) throws IOException, Backends.UnavailableException {
        ConsoleBuffer buffer = new ConsoleBuffer();
        Vcpu vcpu = Backends.open(c, c.backend(), buffer);
        if (session != null) session.close();
        console = buffer;
        kernelTraceStatus = Backends.setKernelTrace(vcpu, kernelTrace);
        session = new Session(new VmmLoop(vcpu), RING_CAPACITY);
        DeviceHistory history = new DeviceHistory(vcpu.machine(), RING_CAPACITY);
        session.addExitListener(history);
        session.addResetListener(epoch -> history.clear());
        deviceHistory = history;
        session.setLimits(runWatch.limits());
        config = c;
    }

    /**
     * Reset: the same config started afresh (RAM reloaded, registers at the entry point, devices new), so every
     * count, the exit ring and the console start again from zero. On failure the old VM keeps running.
     */
    public void restart() throws IOException, Backends.UnavailableException {
        if (config != null) start(config);
    }

    /**
     * The same VM started with another image (the Guest tab's Assemble &amp; Run): the config's file is untouched, a
     * Reset reloads this image. On failure the old VM keeps running.
     */
    public void runImage(Path image) throws IOException, Backends.UnavailableException {
        if (config == null) return;
        start(new VmConfig(config.name(), config.description(), config.memoryBytes(), config.backend(),
                image.toAbsolutePath().toString(), config.loadAddress(), config.entry(), config.devices(),
                config.controls(), config.kvm(), config.baseDir()));
    }

    /** Time, rates and limits of the runs of the open VM (sampled by the window once per frame). */
    public RunWatch runWatch() {
        return runWatch;
    }

    /** Does the open config have a doorbell that ioeventfd could serve? */
    public boolean hasDoorbell() {
        return config != null && config.devices().stream().anyMatch(d -> d instanceof VirtioConsoleConfig);
    }

    public boolean ioeventfd() {
        return config != null && config.devices().stream().anyMatch(d -> d instanceof VirtioConsoleConfig v && v.ioeventfd());
    }

    /** Restart the same guest with the doorbell served by ioeventfd (or not), to compare the two paths. */
    public void setIoeventfd(boolean on) throws IOException, Backends.UnavailableException {
        if (config == null || ioeventfd() == on) return;
        List<DeviceConfig> devices = new ArrayList<>();
        for (DeviceConfig d : config.devices()) {
            devices.add(d instanceof VirtioConsoleConfig v ? v.withIoeventfd(on) : d);
        }
        start(new VmConfig(config.name(), config.description(), config.memoryBytes(), config.backend(), config.image(),
                config.loadAddress(), config.entry(), devices, config.controls(), config.kvm(), config.baseDir(),
                config.keyExits()));
    }

    /** Follow KVM's tracepoints so exits finished in the kernel appear (KVM backend; needs root for tracefs). */
    public String setKernelTrace(boolean on) {
        kernelTrace = on;
        if (session != null) kernelTraceStatus = Backends.setKernelTrace(session.loop().vcpu(), on);
        return kernelTraceStatus;
    }

    public boolean kernelTrace() {
        return kernelTrace;
    }

    public String kernelTraceStatus() {
        return kernelTraceStatus;
    }

    /** Saves so the file opens from where it is saved; the window then works on that file. */
    public void save(Path file) throws IOException {
        config = ConfigLoader.save(config, file, source);
        configPath = file;
        remember(file);
    }

    public List<Path> recentFiles() {
        List<Path> out = new ArrayList<>();
        for (int i = 0; i < MAX_RECENT; i++) {
            String p = prefs.get("recent." + i, null);
            if (p != null && Files.exists(Path.of(p))) out.add(Path.of(p));
        }
        return out;
    }

    private void remember(Path file) {
        String abs = file.toAbsolutePath().normalize().toString();
        List<String> list = new ArrayList<>();
        list.add(abs);
        for (Path p : recentFiles()) if (!p.toString().equals(abs)) list.add(p.toString());
        for (int i = 0; i < MAX_RECENT; i++) {
            if (i < list.size()) prefs.put("recent." + i, list.get(i));
            else prefs.remove("recent." + i);
        }
    }

    public Session session() {
        return session;
    }

    /** The open VM's devices as at each recorded exit. */
    public DeviceHistory deviceHistory() {
        return deviceHistory;
    }

    public VmConfig config() {
        return config;
    }

    public Path configPath() {
        return configPath;
    }

    /**
     * What the open config says to people (title, description, teaches, …, its key exits' labels) in {@code language}:
     * from its translation file when there is one ({@link SampleText}).
     *
     * @throws ConfigException if the translation file for {@code language} is broken
     */
    public SampleText sampleText(java.util.Locale language) throws ConfigException {
        if (source == null) return new SampleText(config == null ? null : config.description(), SampleInfo.NONE,
                config == null ? List.of() : config.keyExits());
        SampleText text = SampleText.of(configPath, source, language);
        // the image run from the Guest tab names no key exits
        return config.keyExits().isEmpty() ? new SampleText(text.description(), text.info(), List.of()) : text;
    }

    public ConsoleBuffer console() {
        return console;
    }

    /** Idempotent: the window's stop and the JVM's shutdown hook may both call it. */
    @Override public synchronized void close() {
        if (session != null) session.close();
        session = null;
    }
}
