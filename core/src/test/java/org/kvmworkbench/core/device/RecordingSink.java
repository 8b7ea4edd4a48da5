package org.kvmworkbench.core.device;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Test double: a console sink and an IRQ line that remember what they were given. */
final class RecordingSink implements ConsoleSink {
    final List<String> sources = new ArrayList<>();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    /** How many more bytes the sink takes (a console whose reader is behind); unbounded by default. */
    int room = Integer.MAX_VALUE;

    @Override public void write(String source, int b) {
        if (room <= 0) throw new AssertionError("a device wrote to a sink with no room");
        if (room != Integer.MAX_VALUE) room--;
        sources.add(source);
        bytes.write(b);
    }

    @Override public int room() {
        return room;
    }

    String text() {
        return bytes.toString(StandardCharsets.ISO_8859_1);
    }

    static final class Irq implements IrqLine {
        final List<Boolean> levels = new ArrayList<>();

        @Override public void set(boolean level) {
            levels.add(level);
        }
    }
}
