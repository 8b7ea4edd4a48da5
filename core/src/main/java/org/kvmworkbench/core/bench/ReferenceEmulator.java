package org.kvmworkbench.core.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Another PC emulator that {@code bench --compare} boots the same guest binaries on: QEMU's TCG (a JIT) and Bochs (an
 * interpreter, like the workbench's simulated core). Each boots a 1.44 MB floppy image whose boot sector
 * (samples/bench/boot-sector.asm) loads the guest to 0000:1000; the guest's end-of-round OUT to port 0xE9 (QEMU's
 * isa-debugcon, Bochs's port_e9_hack) writes one byte to {@link #roundLog}, so its length counts the rounds.
 */
public enum ReferenceEmulator {
    QEMU("QEMU", "qemu-system-i386"),
    BOCHS("Bochs", "bochs");

    private final String label;
    private final String program;

    ReferenceEmulator(String label, String program) {
        this.label = label;
        this.program = program;
    }

    public String label() {
        return label;
    }

    /** The program looked up on the PATH. */
    public String program() {
        return program;
    }

    /** The program on the PATH, if installed. */
    public Optional<Path> find() {
        String path = System.getenv("PATH");
        if (path == null) return Optional.empty();
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) continue;
            Path p = Path.of(dir, program);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) return Optional.of(p);
        }
        return Optional.empty();
    }

    /** The command that boots {@code floppy}, writing what it needs into {@code dir} (Bochs: its bochsrc). */
    List<String> command(Path exe, Path floppy, Path dir) throws IOException {
        if (this == QEMU) {
            return List.of(exe.toString(), "-display", "none", "-nodefaults", "-no-user-config", "-machine", "pc,accel=tcg",
                    "-m", "16", "-drive", "file=" + floppy + ",format=raw,if=floppy", "-boot", "a",
                    "-chardev", "file,id=rounds,path=" + roundLog(dir), "-device", "isa-debugcon,chardev=rounds,iobase=0xe9");
        }
        // No display library without a window but rfb (a VNC server that waits for no client with timeout=0); the
        // speaker off, since Debian's build aborts in ALSA on a host without a sound card.
        Path rc = dir.resolve("bochsrc");
        Files.writeString(rc, String.join("\n",
                "megs: 16",
                "romimage: file=$BXSHARE/BIOS-bochs-latest",
                "vgaromimage: file=$BXSHARE/VGABIOS-lgpl-latest",
                "floppya: 1_44=\"" + floppy + "\", status=inserted",
                "boot: floppy",
                "display_library: rfb, options=\"timeout=0\"",
                "port_e9_hack: enabled=1",
                "clock: sync=none",
                "speaker: enabled=0",
                "sound: waveoutdrv=dummy, waveindrv=dummy, midioutdrv=dummy",
                "log: " + dir.resolve("bochs.log"), // its BIOS says there when it boots the floppy
                ""));
        return List.of(exe.toString(), "-q", "-f", rc.toString());
    }

    /** Where the emulator writes the guest's port 0xE9 bytes (Bochs: its standard output, after its banner). */
    Path roundLog(Path dir) {
        return dir.resolve(this == QEMU ? "rounds.bin" : "stdout.txt");
    }

    /**
     * Where the guest's bytes start in {@link #roundLog}, or -1 while the emulator may still write words of its own
     * there. QEMU's holds only the guest's bytes. Bochs writes its banner (and, built with its debugger, the debugger's
     * prompt) on standard output before it runs the BIOS, so the guest's bytes follow whatever is there once its log
     * says the BIOS boots from the floppy.
     */
    long guestOutputFrom(Path dir) throws IOException {
        if (this == QEMU) return 0;
        Path log = dir.resolve("bochs.log");
        if (!Files.exists(log) || !Files.readString(log, StandardCharsets.ISO_8859_1).contains("Booting from")) return -1;
        Path out = roundLog(dir);
        return Files.exists(out) ? Files.size(out) : -1;
    }

    /**
     * What the emulator reads on standard input: a Bochs built with its debugger stops before the first instruction
     * and waits for a command ("c" continues; a Bochs without the debugger ignores it).
     */
    String input() {
        return this == BOCHS ? "c\n" : "";
    }
}
