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
            problems.add(path, "devices.notAList", Values.describe(node));
            return null;
        }
        if (node.size() > MAX_DEVICES) {
            problems.add(path, "devices.tooMany", node.size(), MAX_DEVICES);
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
            problems.add(path, "device.notAnObject", TYPE_NAMES, Values.describe(node));
            return null;
        }
        Kind kind = kind(node.get("type"), ObjectReader.child(path, "type"), problems);
        if (kind == null) return null;
        int before = problems.count();
        ObjectReader o = ObjectReader.open(node, path, Problems.say("what.device", kind.type()), kind.fields(), problems);
        Long port = o.optional("port", Values.integer(IntRange.PORT), (long) kind.defaultPort());
        if (port == null) return null;
        long last = port + kind.window() - 1;
        if (last > 0xFFFF) {
            problems.add(o.path("port"), "device.pastLastPort", kind.type(), kind.window(), Numbers.hex(port),
                    Numbers.hex(last));
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
            o.problems().add(new ConfigError(o.path("irq"), VirtioConsoleConfig.irqProblem(irq.intValue())));
            return null;
        }
        if (irq == null) return null;
        Boolean ioeventfd = o.optional("ioeventfd", Values.bool(), false);
        VirtioConsoleConfig.Transport transport = o.optional("transport",
                Values.choice(VirtioConsoleConfig.Transport.class, Problems.say("what.transport")),
                VirtioConsoleConfig.Transport.PIO);
        if (ioeventfd == null || transport == null) return null;
        if (transport == VirtioConsoleConfig.Transport.PIO) {
            if (o.has("address")) {
                o.problems().add(o.path("address"), "virtio.addressOnPio");
                return null;
            }
            return new VirtioConsoleConfig(port, ioeventfd, VirtioConsoleConfig.Transport.PIO, 0, irq.intValue());
        }
        if (o.has("port")) {
            o.problems().add(o.path("port"), "virtio.portOnMmio");
            return null;
        }
        Long address = o.required("address", Values.integer(IntRange.ADDRESS));
        if (address == null) return null;
        if (address % VmConfig.PAGE_SIZE != 0) {
            o.problems().add(o.path("address"), "virtio.notAligned", Numbers.hex(address));
            return null;
        }
        if (address + VirtioConsoleConfig.MMIO_WINDOW > (1L << 32)) {
            o.problems().add(o.path("address"), "virtio.past4G", mmioRange(address));
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
            o.problems().add(new ConfigError(o.path("irq"), VirtioConsoleConfig.irqProblem(irq.intValue())));
            return null;
        }
        if (bar % VmConfig.PAGE_SIZE != 0 || bar > VmConfig.MAX_MEMORY - PassthroughConfig.BAR_SIZE) {
            o.problems().add(o.path("bar"), "passthrough.bar", Numbers.hex(bar));
            return null;
        }
        return new PassthroughConfig(bar, irq.intValue());
    }

    /** Counter 0 of the 8254 and a passthrough device's completion only reach the CPU through the 8259A. */
    private static void checkTimerHasController(List<Placed> placed, Problems problems) {
        if (placed.stream().anyMatch(p -> p.device() instanceof PicConfig)) return;
        for (Placed p : placed) {
            if (p.device() instanceof PitConfig)
                problems.add(p.path() + ".type", "pit.needsPic", PitConfig.TYPE, PicConfig.TYPE, PicConfig.TYPE);
            if (p.device() instanceof PassthroughConfig)
                problems.add(p.path() + ".type", "passthrough.needsPic", PassthroughConfig.TYPE, PicConfig.TYPE,
                        PicConfig.TYPE);
        }
    }

    static String mmioRange(long address) {
        return Numbers.hex(address) + "-" + Numbers.hex(address + VirtioConsoleConfig.MMIO_WINDOW - 1);
    }

    /** Reports every MMIO device window that overlaps guest RAM (0 .. memory-1). */
    static void checkOutsideRam(List<DeviceConfig> devices, long memory, String path, Problems problems) {
        for (int i = 0; i < devices.size(); i++) {
            if (devices.get(i) instanceof VirtioConsoleConfig v && v.mmio() && v.address() < memory)
                problems.add(path + "[" + i + "].address", "virtio.insideRam", mmioRange(v.address()),
                        Numbers.describeSize(memory), Numbers.hex(memory - 1));
            if (devices.get(i) instanceof PassthroughConfig p && p.bar() + PassthroughConfig.BAR_SIZE > memory)
                problems.add(path + "[" + i + "].bar", "passthrough.outsideRam", Numbers.hex(p.bar()),
                        Numbers.describeSize(memory));
        }
    }

    private static Kind kind(JsonNode type, String path, Problems problems) {
        if (type == null || type.isNull()) {
            problems.add(path, "device.typeMissing", TYPE_NAMES);
            return null;
        }
        if (!type.isTextual()) {
            problems.add(path, "device.typeNotText", TYPE_NAMES, Values.describe(type));
            return null;
        }
        for (Kind k : KINDS) if (k.type().equalsIgnoreCase(type.textValue().strip())) return k;
        problems.add(path, "device.typeUnknown", type.textValue(), TYPE_NAMES);
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
            problems.add(b.path() + ".port", "device.duplicate", b.device().type(), Numbers.hex(b.device().port()),
                    a.path());
        else
            problems.add(b.path() + ".port", "device.overlaps", b.path(), b.device().type(), ports(b.device()), a.path(),
                    a.device().type(), ports(a.device()));
    }

    private static void mmioOverlap(Placed b, Placed a, Problems problems) {
        VirtioConsoleConfig va = (VirtioConsoleConfig) a.device();
        VirtioConsoleConfig vb = (VirtioConsoleConfig) b.device();
        problems.add(b.path() + ".address", "virtio.overlaps", b.path(), mmioRange(vb.address()), a.path(),
                mmioRange(va.address()));
    }

    private static String ports(DeviceConfig d) {
        return d.portWindows().stream().map(PortRange::toString).collect(Collectors.joining(", "));
    }
}
