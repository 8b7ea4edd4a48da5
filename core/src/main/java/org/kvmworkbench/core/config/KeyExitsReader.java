package org.kvmworkbench.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

import org.kvmworkbench.core.vmx.VmxExitReason;

/**
 * Reads and writes {@code keyExits}: a list of {@code { reason, port | address, write, label }}, each naming at least
 * one of reason, port and address, e.g. {@code - { port: 0xC010, write: true, label: "the kick" }}.
 */
final class KeyExitsReader {
    static final String FIELD = "keyExits";
    static final List<String> FIELDS = List.of("reason", "port", "address", "write", "label");
    /** A lesson names a few exits; a longer list is a mistake, not a lesson. */
    static final int MAX = 64;

    private KeyExitsReader() {}

    static List<KeyExit> read(JsonNode node, String path, Problems problems) {
        if (!node.isArray()) {
            problems.add(path, "keyExits.notAList", Values.describe(node));
            return null;
        }
        if (node.size() > MAX) {
            problems.add(path, "keyExits.tooMany", node.size(), MAX);
            return null;
        }
        int before = problems.count();
        List<KeyExit> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            KeyExit k = one(node.get(i), path + "[" + i + "]", problems);
            if (k != null) out.add(k);
        }
        return problems.count() > before ? null : out;
    }

    private static KeyExit one(JsonNode node, String path, Problems problems) {
        int before = problems.count();
        ObjectReader o = ObjectReader.open(node, path, Problems.say("what.keyExit"), FIELDS, problems);
        if (o == null) return null;
        VmxExitReason reason = o.optional("reason", Values.choice(VmxExitReason.class, Problems.say("what.exitReason")), null);
        Long port = o.optional("port", Values.integer(IntRange.PORT), null);
        Long address = o.optional("address", Values.integer(IntRange.ADDRESS), null);
        Boolean write = o.optional("write", Values.bool(), null);
        String label = o.optional("label", Values.nonBlankText(), null);
        if (problems.count() > before) return null;
        if (reason == null && port == null && address == null) {
            problems.add(path, "keyExit.none");
        } else if (port != null && address != null) {
            problems.add(path, "keyExit.both");
        } else if (port != null && reason != null && reason != VmxExitReason.IO_INSTRUCTION) {
            problems.add(path + ".reason", "keyExit.noPort", EnumNames.of(reason), EnumNames.of(VmxExitReason.IO_INSTRUCTION));
        } else if (write != null && port == null && address == null) {
            problems.add(path + ".write", "keyExit.write");
        }
        if (problems.count() > before) return null;
        return new KeyExit(reason, port == null ? null : port.intValue(), address, write, label);
    }

    static ArrayNode write(List<KeyExit> keyExits) {
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        for (KeyExit k : keyExits) {
            ObjectNode o = list.addObject();
            if (k.reason() != null) o.put("reason", EnumNames.of(k.reason()));
            if (k.port() != null) o.put("port", k.port());
            if (k.address() != null) o.put("address", k.address());
            if (k.write() != null) o.put("write", k.write());
            if (k.label() != null) o.put("label", k.label());
        }
        return list;
    }
}
