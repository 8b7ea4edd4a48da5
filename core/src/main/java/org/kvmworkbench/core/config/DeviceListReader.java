package org.kvmworkbench.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Reads {@code devices}: each entry by its {@code type}, then checks that no two port windows overlap. */
final class DeviceListReader {
    /** What the reader needs to know about one device type. */
    private record Kind(String type, int defaultPort, int window, List<String> fields, Builder builder) {}

    @FunctionalInterface
    private interface Builder {
        /** Reads the type-specific fields; null after reporting a problem. */
        DeviceConfig build(ObjectReader fields, int port);
    }

    private static final List<Kind> KINDS = List.of(
            new Kind(UartConfig.TYPE, UartConfig.DEFAULT_PORT, UartConfig.WINDOW, List.of("type", "port", "input"),
                    (o, port) -> new UartConfig(port, o.optional("input", Values.text(), null))),
            new Kind(DebugconConfig.TYPE, DebugconConfig.DEFAULT_PORT, DebugconConfig.WINDOW,
                    List.of("type", "port"), (o, port) -> new DebugconConfig(port)),
            new Kind(VirtioConsoleConfig.TYPE, VirtioConsoleConfig.DEFAULT_PORT, VirtioConsoleConfig.WINDOW,
                    List.of("type", "transport", "port", "address", "ioeventfd", "irq"), DeviceListReader::virtio),
            // The chipset: fixed ports, no fields of their own.
            new Kind(PicConfig.TYPE, PicConfig.MASTER_PORT, PicConfig.WINDOW, List.of("type"), DeviceListReader::pic),
            new Kind(PitConfig.TYPE, PitConfig.PORT, PitConfig.WINDOW, List.of("type"), (o, port) -> new PitConfig()),
            new Kind(PassthroughConfig.TYPE, 0, 1, List.of("type", "bar", "irq"), DeviceListReader::passthrough));

    private static final String TYPE_NAMES = KINDS.stream().map(Kind::type).collect(Collectors.joining(", "));

    /** A device that was read successfully, with the path it was read from. */
    private record Placed(String path, DeviceConfig device) {}

    /** Far more than a teaching VM needs; bounds the work of reading and checking a config. */
    static final int MAX_DEVICES = 256;

    private DeviceListReader() {}

    static List<DeviceConfig> read(JsonNode node, String path, Problems problems) {
        if (!node.isArray()) {
            problems.add(path, "expected a list of devices, got " + Values.describe(node));
            return null;
        }
        if (node.size() > MAX_DEVICES) {
            problems.add(path, node.size() + " devices; at most " + MAX_DEVICES + " are allowed");
            return null;
        }
        int before = problems.count();
        List<Placed> placed = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String p = path + "[" + i + "]";
            DeviceConfig d = readDevice(node.get(i), p, problems);
            if (d != null) placed.add(new Placed(p, d));
        }
        checkOverlaps(placed, problems);
        checkTimerHasController(placed, problems);
        return problems.count() > before ? null : placed.stream().map(Placed::device).toList();
    }

    private static DeviceConfig readDevice(JsonNode node, String path, Problems problems) {
        if (!node.isObject()) {
            problems.add(path, "expected a device object with a type (" + TYPE_NAMES + "), got "
                    + Values.describe(node));
            return null;
        }
        Kind kind = kind(node.get("type"), ObjectReader.child(path, "type"), problems);
        if (kind == null) return null;
        int before = problems.count();
        ObjectReader o = ObjectReader.open(node, path, "a " + kind.type() + " device", kind.fields(), problems);
        Long port = o.optional("port", Values.integer(IntRange.PORT), (long) kind.defaultPort());
        if (port == null) return null;
        long last = port + kind.window() - 1;
        if (last > 0xFFFF) {
            problems.add(o.path("port"), kind.type() + " needs " + kind.window() + " ports, but "
                    + Numbers.hex(port) + "-" + Numbers.hex(last) + " runs past the last port 0xFFFF");
            return null;
        }
        DeviceConfig d = kind.builder().build(o, port.intValue());
        return problems.count() > before ? null : d;
    }

    private static DeviceConfig pic(ObjectReader o, int port) {
        return new PicConfig();
    }

    private static DeviceConfig virtio(ObjectReader o, int port) {
        Long irq = o.optional("irq", Values.integer(IntRange.IRQ), (long) VirtioConsoleConfig.DEFAULT_IRQ);
        if (irq != null && VirtioConsoleConfig.irqProblem(irq.intValue()) != null) {
            o.problems().add(o.path("irq"), VirtioConsoleConfig.irqProblem(irq.intValue()));
            return null;
        }
        if (irq == null) return null;
        Boolean ioeventfd = o.optional("ioeventfd", Values.bool(), false);
        VirtioConsoleConfig.Transport transport = o.optional("transport",
                Values.choice(VirtioConsoleConfig.Transport.class, "virtio transport"),
                VirtioConsoleConfig.Transport.PIO);
        if (ioeventfd == null || transport == null) return null;
        if (transport == VirtioConsoleConfig.Transport.PIO) {
            if (o.has("address")) {
                o.problems().add(o.path("address"), "only a virtio-console with transport: mmio has an address; "
                        + "this one is on the port bus (transport: pio), placed by port");
                return null;
            }
            return new VirtioConsoleConfig(port, ioeventfd, VirtioConsoleConfig.Transport.PIO, 0, irq.intValue());
        }
        if (o.has("port")) {
            o.problems().add(o.path("port"), "a virtio-console with transport: mmio is placed by address, not port");
            return null;
        }
        Long address = o.required("address", Values.integer(IntRange.ADDRESS));
        if (address == null) return null;
        if (address % VmConfig.PAGE_SIZE != 0) {
            o.problems().add(o.path("address"), Numbers.hex(address) + " is not page-aligned; the virtio-mmio "
                    + "window must start on a 4K boundary (a multiple of 0x1000)");
            return null;
        }
        if (address + VirtioConsoleConfig.MMIO_WINDOW > (1L << 32)) {
            o.problems().add(o.path("address"), "the virtio-mmio window " + mmioRange(address)
                    + " runs past 4 GiB");
            return null;
        }
        return new VirtioConsoleConfig(0, ioeventfd, VirtioConsoleConfig.Transport.MMIO, address, irq.intValue());
    }

    /** A passthrough-style device: its register page is guest RAM (checked against the memory size later). */
    private static DeviceConfig passthrough(ObjectReader o, int port) {
        Long irq = o.optional("irq", Values.integer(IntRange.IRQ), (long) PassthroughConfig.DEFAULT_IRQ);
        Long bar = o.required("bar", Values.integer(IntRange.ADDRESS));
        if (irq == null || bar == null) return null;
        if (VirtioConsoleConfig.irqProblem(irq.intValue()) != null) {
            o.problems().add(o.path("irq"), VirtioConsoleConfig.irqProblem(irq.intValue()));
            return null;
        }
        if (bar % VmConfig.PAGE_SIZE != 0 || bar > VmConfig.MAX_MEMORY - PassthroughConfig.BAR_SIZE) {
            o.problems().add(o.path("bar"), Numbers.hex(bar) + " must be a page-aligned address inside RAM: the"
                    + " register page is a page of guest memory shared with the device");
            return null;
        }
        return new PassthroughConfig(bar, irq.intValue());
    }

    /** Counter 0 of the 8254 and a passthrough device's completion only reach the CPU through the 8259A. */
    private static void checkTimerHasController(List<Placed> placed, Problems problems) {
        if (placed.stream().anyMatch(p -> p.device() instanceof PicConfig)) return;
        for (Placed p : placed) {
            if (p.device() instanceof PitConfig)
                problems.add(p.path() + ".type", "an " + PitConfig.TYPE + " timer raises IRQ 0, which needs an "
                        + PicConfig.TYPE + " interrupt controller; add - type: " + PicConfig.TYPE + " to devices");
            if (p.device() instanceof PassthroughConfig)
                problems.add(p.path() + ".type", "a " + PassthroughConfig.TYPE + " device completes with an interrupt,"
                        + " which needs an " + PicConfig.TYPE + " interrupt controller; add - type: " + PicConfig.TYPE
                        + " to devices");
        }
    }

    static String mmioRange(long address) {
        return Numbers.hex(address) + "-" + Numbers.hex(address + VirtioConsoleConfig.MMIO_WINDOW - 1);
    }

    /** Reports every MMIO device window that overlaps guest RAM (0 .. memory-1). */
    static void checkOutsideRam(List<DeviceConfig> devices, long memory, String path, Problems problems) {
        for (int i = 0; i < devices.size(); i++) {
            if (devices.get(i) instanceof VirtioConsoleConfig v && v.mmio() && v.address() < memory)
                problems.add(path + "[" + i + "].address", "the virtio-mmio window " + mmioRange(v.address())
                        + " is inside RAM (" + Numbers.describeSize(memory) + ": 0x0-" + Numbers.hex(memory - 1)
                        + "); MMIO must be where no memory is, or accesses never exit");
            if (devices.get(i) instanceof PassthroughConfig p && p.bar() + PassthroughConfig.BAR_SIZE > memory)
                problems.add(path + "[" + i + "].bar", "the passthrough register page " + Numbers.hex(p.bar())
                        + " is outside RAM (" + Numbers.describeSize(memory) + "); it must be a page of guest memory");
        }
    }

    private static Kind kind(JsonNode type, String path, Problems problems) {
        if (type == null || type.isNull()) {
            problems.add(path, "required field is missing; one of: " + TYPE_NAMES);
            return null;
        }
        if (!type.isTextual()) {
            problems.add(path, "expected a device type (" + TYPE_NAMES + "), got " + Values.describe(type));
            return null;
        }
        for (Kind k : KINDS) if (k.type().equalsIgnoreCase(type.textValue().strip())) return k;
        problems.add(path, "unknown device type \"" + type.textValue() + "\"; valid types: " + TYPE_NAMES);
        return null;
    }

    /** A device's window on one bus, with its position in the list. */
    private record Span(int index, Placed placed, long first, long last) {}

    /**
     * Sorts each bus's windows by start and sweeps once, keeping the window that reaches furthest: any
     * overlap shows up against it. O(n log n). Each problem is reported on the device later in the list.
     */
    private static void checkOverlaps(List<Placed> placed, Problems problems) {
        List<Span> ports = new ArrayList<>();
        List<Span> mmio = new ArrayList<>();
        for (int i = 0; i < placed.size(); i++) {
            DeviceConfig d = placed.get(i).device();
            if (d instanceof VirtioConsoleConfig v && v.mmio())
                mmio.add(new Span(i, placed.get(i), v.address(), v.address() + VirtioConsoleConfig.MMIO_WINDOW - 1));
            else if (d.onPortBus())
                for (PortRange r : d.portWindows()) ports.add(new Span(i, placed.get(i), r.first(), r.last()));
        }
        sweep(ports, problems, DeviceListReader::portOverlap);
        sweep(mmio, problems, DeviceListReader::mmioOverlap);
    }

    private interface Report {
        void overlap(Placed later, Placed earlier, Problems problems);
    }

    private static void sweep(List<Span> spans, Problems problems, Report report) {
        spans.sort(Comparator.comparingLong(Span::first).thenComparingInt(Span::index));
        Set<Integer> reported = new HashSet<>();
        Span reach = null;
        for (Span s : spans) {
            if (reach != null && s.first() <= reach.last()) {
                Span later = s.index() > reach.index() ? s : reach;
                Span earlier = later == s ? reach : s;
                if (reported.add(later.index())) report.overlap(later.placed(), earlier.placed(), problems);
            }
            if (reach == null || s.last() > reach.last()) reach = s;
        }
    }

    private static void portOverlap(Placed b, Placed a, Problems problems) {
        if (a.device().type().equals(b.device().type()) && a.device().port() == b.device().port())
            problems.add(b.path() + ".port", "duplicate " + b.device().type() + " at port "
                    + Numbers.hex(b.device().port()) + ": " + a.path() + " is already there");
        else
            problems.add(b.path() + ".port", b.path() + " (" + describe(b.device()) + ") overlaps "
                    + a.path() + " (" + describe(a.device()) + ")");
    }

    private static void mmioOverlap(Placed b, Placed a, Problems problems) {
        VirtioConsoleConfig va = (VirtioConsoleConfig) a.device();
        VirtioConsoleConfig vb = (VirtioConsoleConfig) b.device();
        problems.add(b.path() + ".address", b.path() + " (virtio-mmio " + mmioRange(vb.address())
                + ") overlaps " + a.path() + " (virtio-mmio " + mmioRange(va.address()) + ")");
    }

    private static String describe(DeviceConfig d) {
        return d.type() + ", ports " + d.portWindows().stream().map(PortRange::toString).collect(Collectors.joining(", "));
    }
}
