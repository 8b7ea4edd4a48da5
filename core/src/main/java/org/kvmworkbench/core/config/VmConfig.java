package org.kvmworkbench.core.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A validated VM configuration. Build one with {@link ConfigLoader}; configs built by hand can be checked
 * with {@link ConfigLoader#validate(VmConfig)}.
 *
 * @param description  optional, may be null
 * @param memoryBytes  guest RAM size, a multiple of 4 KiB between {@link #MIN_MEMORY} and {@link #MAX_MEMORY}
 * @param image        flat binary, relative to {@code baseDir} (or absolute)
 * @param loadAddress  guest-physical address the image is copied to
 * @param baseDir      the config file's folder; not written to the file
 * @param keyExits     the exits the sample's lesson is about (may be empty), see {@link KeyExit}
 */
public record VmConfig(String name, String description, long memoryBytes, BackendChoice backend, String image,
                       long loadAddress, Entry entry, List<DeviceConfig> devices, Controls controls,
                       KvmOptions kvm, Path baseDir, List<KeyExit> keyExits) {
    public static final long PAGE_SIZE = 4096;
    public static final long MIN_MEMORY = PAGE_SIZE;
    public static final long MAX_MEMORY = 16L << 20;
    public static final long DEFAULT_LOAD_ADDRESS = 0x1000;

    public VmConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(controls, "controls");
        Objects.requireNonNull(kvm, "kvm");
        devices = List.copyOf(devices);
        baseDir = baseDir.toAbsolutePath().normalize();
        keyExits = keyExits == null ? List.of() : List.copyOf(keyExits);
    }

    /** A config that names no key exits. */
    public VmConfig(String name, String description, long memoryBytes, BackendChoice backend, String image,
                    long loadAddress, Entry entry, List<DeviceConfig> devices, Controls controls, KvmOptions kvm,
                    Path baseDir) {
        this(name, description, memoryBytes, backend, image, loadAddress, entry, devices, controls, kvm, baseDir,
                List.of());
    }

    /** 64 KiB, auto backend, image at 0x1000 entered at 0000:1000, no devices, default controls. */
    public static VmConfig defaults(String name, String image, Path baseDir) {
        return new VmConfig(name, null, 64 * 1024, BackendChoice.AUTO, image, DEFAULT_LOAD_ADDRESS,
                new Entry(0, (int) DEFAULT_LOAD_ADDRESS), List.of(), Controls.defaults(), KvmOptions.defaults(),
                baseDir);
    }

    /** The image file, resolved against the config file's folder. */
    public Path imagePath() {
        return baseDir.resolve(image).normalize();
    }
}
