package org.kvmworkbench.core.bench;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import org.kvmworkbench.core.config.DebugconConfig;
import org.kvmworkbench.core.config.DeviceConfig;
import org.kvmworkbench.core.config.UartConfig;

/**
 * A benchmark guest: a committed binary from {@code samples/bench/} (its NASM source beside it), the devices
 * it talks to, and what its rate counts. Every guest runs forever; the compute guests mark the end of each
 * round with one OUT to the debug console (port 0xE9), so a round is one VM exit.
 */
public enum Workload {
    REGISTER_LOOP("register-loop", "register loop", "register-only loop: ADD, XOR, INC, DEC, JNZ",
            Unit.INSTRUCTIONS, 64 * 1024, 0),
    MIXED("mixed", "mixed code", "checksum over 32 KiB: memory operands, shifts/rotates, CALL/RET, REP MOVSB, LODSB",
            Unit.INSTRUCTIONS, 512 * 1024, 0),
    SIEVE("sieve", "sieve to 65535", "sieve of Eratosthenes over a 64 KiB byte array, primes below 65536 counted",
            Unit.INSTRUCTIONS, 256 * 1024, 0),
    STRING_MOVES("string-moves", "string moves", "32 KiB block moves with REP MOVSB, REP MOVSW and REP MOVSD",
            Unit.BYTES, 512 * 1024, 3 * 32768),
    UART_EXITS("uart-exit-loop", "UART exit loop", "OUT to the 16550 UART's THR (0x3F8): one userspace I/O exit each",
            Unit.EXITS, 64 * 1024, 0),
    /** The same guest with {@code run --trace-format compact} on (written to a stream that discards it). */
    TRACED_UART_EXITS("uart-exit-loop-traced", "UART, traced",
            "the UART exit loop with the compact trace recording every exit (bytes discarded: no disk time)",
            Unit.EXITS, 64 * 1024, 0);

    /** What a workload's rate counts. */
    public enum Unit {
        /** guest instructions retired, as the interpreter counts them (each iteration of a REP string instruction is one) */
        INSTRUCTIONS("instructions", "M instr/s"),
        /** bytes moved by the guest's string instructions */
        BYTES("bytes", "MB/s"),
        /** VM exit round trips (exit, device in userspace, entry) */
        EXITS("exits", "M exits/s");

        private final String noun;
        private final String rateLabel;

        Unit(String noun, String rateLabel) {
            this.noun = noun;
            this.rateLabel = rateLabel;
        }

        public String noun() {
            return noun;
        }

        /** How the table labels a rate of this unit, in millions per second. */
        public String rateLabel() {
            return rateLabel;
        }
    }

    /** Where the compute guests' end-of-round OUT goes. */
    public static final int ROUND_MARKER_PORT = DebugconConfig.DEFAULT_PORT;
    /** Load address and entry (0000:1000) of every benchmark guest. */
    public static final int LOAD_ADDRESS = 0x1000;

    private final String id;
    private final String label;
    private final String description;
    private final Unit unit;
    private final long memoryBytes;
    private final long bytesPerRound;

    Workload(String id, String label, String description, Unit unit, long memoryBytes, long bytesPerRound) {
        this.id = id;
        this.label = label;
        this.description = description;
        this.unit = unit;
        this.memoryBytes = memoryBytes;
        this.bytesPerRound = bytesPerRound;
    }

    /** The workload with this {@link #id()}. */
    public static Workload byId(String id) {
        for (Workload w : values()) if (w.id.equals(id)) return w;
        throw new IllegalArgumentException("no benchmark workload " + id);
    }

    /** The workload's name on the command line and in reports. */
    public String id() {
        return id;
    }

    /** The guest's file name stem, samples/bench/STEM.asm and STEM.bin: the traced workload runs the UART guest. */
    public String guestId() {
        return traced() ? UART_EXITS.id : id;
    }

    /** A short name for the table. */
    public String label() {
        return label;
    }

    public String description() {
        return description;
    }

    public Unit unit() {
        return unit;
    }

    public long memoryBytes() {
        return memoryBytes;
    }

    /** Bytes the guest moves per round (per end-of-round exit); 0 unless the unit is bytes. */
    public long bytesPerRound() {
        return bytesPerRound;
    }

    /** Whether every exit is written to a compact trace. */
    public boolean traced() {
        return this == TRACED_UART_EXITS;
    }

    public List<DeviceConfig> devices() {
        return this == UART_EXITS || this == TRACED_UART_EXITS ? List.of(UartConfig.defaults()) : List.of(new DebugconConfig(ROUND_MARKER_PORT));
    }

    /** The committed guest binary, packaged from samples/bench/ into the jar. */
    public byte[] image() throws IOException {
        String resource = "guests/" + guestId() + ".bin";
        try (InputStream in = Workload.class.getResourceAsStream(resource)) {
            if (in == null) throw new IOException("benchmark guest " + resource + " is missing from the classpath");
            return in.readAllBytes();
        }
    }
}
