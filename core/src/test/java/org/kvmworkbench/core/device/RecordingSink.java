package org.kvmworkbench.core.device;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Test double: a console sink and an IRQ line that remember what they were given. */
final class RecordingSink implements ConsoleSink {
    final List<String> sources = new ArrayList<>();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    @Override public void write(String source, int b) {
        sources.add(source);
        bytes.write(b);
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
