package org.kvmworkbench.core.config;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** VmConfig to a JSON/YAML tree in the file layout. Every field is written, so files are self-explaining. */
final class ConfigWriter {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ConfigWriter() {}

    static ObjectNode toTree(VmConfig c) {
        ObjectNode root = NODES.objectNode();
        root.put("name", c.name());
        if (c.description() != null) root.put("description", c.description());
        String memory = Numbers.sizeWithSuffix(c.memoryBytes());
        if (memory != null) root.put("memory", memory);
        else root.put("memory", c.memoryBytes());
        root.put("backend", EnumNames.of(c.backend()));
        root.put("image", c.image());
        root.put("loadAddress", c.loadAddress());
        root.putObject("entry").put("cs", c.entry().cs()).put("ip", c.entry().ip());
        ArrayNode devices = root.putArray("devices");
        c.devices().forEach(d -> devices.add(device(d)));
        root.set("controls", controls(c.controls()));
        root.putObject("kvm").put("irqchip", c.kvm().irqchip()).put("irqfd", c.kvm().irqfd());
        if (!c.keyExits().isEmpty()) root.set(KeyExitsReader.FIELD, KeyExitsReader.write(c.keyExits()));
        return root;
    }

    private static ObjectNode device(DeviceConfig d) {
        ObjectNode o = NODES.objectNode().put("type", d.type());
        if (d instanceof VirtioConsoleConfig v && v.mmio()) o.put("transport", "mmio").put("address", v.address());
        else if (d instanceof PassthroughConfig p) o.put("bar", p.bar()).put("irq", p.irq());
        else if (!(d instanceof PicConfig || d instanceof PitConfig)) o.put("port", d.port()); // fixed ports
        if (d instanceof UartConfig u && u.input() != null) o.put("input", u.input());
        if (d instanceof VirtioConsoleConfig v) o.put("ioeventfd", v.ioeventfd()).put("irq", v.irq());
        return o;
    }

    private static ObjectNode controls(Controls c) {
        ObjectNode o = NODES.objectNode();
        o.put("io", EnumNames.of(c.io()));
        if (c.io() == Controls.IoMode.BITMAP) {
            ArrayNode ports = o.putArray("ioBitmap");
            for (PortRange r : c.ioBitmap()) {
                if (r.first() == r.last()) ports.add(r.first());
                else ports.add(r.toString());
            }
        }
        o.put("hlt", c.hlt());
        o.put("rdtsc", c.rdtsc());
        o.put("msr", EnumNames.of(c.msr()));
        if (c.msr() == Controls.MsrMode.BITMAP) {
            ArrayNode msrs = o.putArray("msrBitmap");
            c.msrBitmap().forEach(msrs::add);
        }
        ArrayNode vectors = o.putArray("exceptionBitmap");
        c.exceptionVectors().forEach(vectors::add);
        if (c.crAccess()) o.put("crAccess", true); // off unless asked for: older configs read back unchanged
        if (c.movDr()) o.put("movDr", true);
        return o;
    }
}
