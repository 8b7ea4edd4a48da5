package org.kvmworkbench.kvm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import java.util.List;

import org.kvmworkbench.core.config.DebugconConfig;
import org.kvmworkbench.core.config.UartConfig;
import org.kvmworkbench.core.config.VirtioConsoleConfig;
import org.kvmworkbench.core.config.VmConfig;

/** A guest given as machine code: written to a temporary image and wrapped in a default config (64 KiB, 0000:1000). */
final class ByteGuest {
    private ByteGuest() {
    }

    static VmConfig config(String name, byte[] code) throws IOException {
        Path dir = Files.createTempDirectory("kvm-guest");
        Path image = dir.resolve(name + ".bin");
        Files.write(image, code);
        image.toFile().deleteOnExit();
        dir.toFile().deleteOnExit();
        return VmConfig.defaults(name, image.getFileName().toString(), dir);
    }

    /** The same, with a UART (COM1, with queued input) and a debug console (port 0xE9). */
    static VmConfig withConsoles(String name, byte[] code, String uartInput) throws IOException {
        VmConfig c = config(name, code);
        return new VmConfig(c.name(), null, c.memoryBytes(), c.backend(), c.image(), c.loadAddress(), c.entry(),
                List.of(new UartConfig(UartConfig.DEFAULT_PORT, uartInput), DebugconConfig.defaults()), c.controls(),
                c.kvm(), c.baseDir());
    }

    static byte[] bytes(int... b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) out[i] = (byte) b[i];
        return out;
    }

    /** {@code mov ecx, n; again: out 0x10, al; dec ecx; jnz again; hlt}: n userspace PIO exits, then HLT. */
    static byte[] outLoop(int n) {
        return bytes(0x66, 0xB9, n & 0xFF, (n >>> 8) & 0xFF, (n >>> 16) & 0xFF, n >>> 24, // mov ecx, n
                0xE6, 0x10,        // again: out 0x10, al
                0x66, 0x49,        // dec ecx
                0x75, 0xFA,        // jnz again
                0xF4);             // hlt
    }

    /** {@code mov esi, n; again: xor eax, eax; cpuid; dec esi; jnz again; hlt}: n CPUIDs KVM answers in the kernel. */
    static byte[] cpuidLoop(int n) {
        return bytes(0x66, 0xBE, n & 0xFF, (n >>> 8) & 0xFF, (n >>> 16) & 0xFF, n >>> 24, // mov esi, n
                0x66, 0x31, 0xC0,  // again: xor eax, eax
                0x0F, 0xA2,        // cpuid
                0x66, 0x4E,        // dec esi
                0x75, 0xF7,        // jnz again
                0xF4);             // hlt
    }

    /**
     * {@code mov ecx, n; mov dx, 0xc010; mov ax, 1; again: out dx, ax; dec ecx; jnz again; hlt}: n kicks of virtqueue 1
     * at a virtio console on 0xC000 (run it with {@link #withIoeventfdConsole}); {@code out} false puts a NOP there.
     */
    static byte[] doorbellLoop(int n, boolean out) {
        return bytes(0x66, 0xB9, n & 0xFF, (n >>> 8) & 0xFF, (n >>> 16) & 0xFF, n >>> 24, // mov ecx, n
                0xBA, 0x10, 0xC0,  // mov dx, 0xc010 (QueueNotify)
                0xB8, 0x01, 0x00,  // mov ax, 1
                out ? 0xEF : 0x90, // again: out dx, ax (or nop)
                0x66, 0x49,        // dec ecx
                0x75, 0xFB,        // jnz again
                0xF4);             // hlt
    }

    /** A config with a virtio console at 0xC000 whose doorbells are ioeventfds. */
    static VmConfig withIoeventfdConsole(String name, byte[] code) throws IOException {
        VmConfig c = config(name, code);
        return new VmConfig(c.name(), null, c.memoryBytes(), c.backend(), c.image(), c.loadAddress(), c.entry(),
                List.of(new VirtioConsoleConfig(VirtioConsoleConfig.DEFAULT_PORT, true)), c.controls(), c.kvm(),
                c.baseDir());
    }

    /** The same loop with two NOPs in place of CPUID: what the loop itself costs. */
    static byte[] nopLoop(int n) {
        byte[] b = cpuidLoop(n);
        b[9] = (byte) 0x90;
        b[10] = (byte) 0x90;
        return b;
    }
}
