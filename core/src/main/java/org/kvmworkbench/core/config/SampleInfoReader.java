package org.kvmworkbench.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** Reads a config's {@link SampleInfo} fields: title, teaches, watchFor, runsOn. */
final class SampleInfoReader {
    static final List<String> FIELDS = List.of("title", "teaches", "watchFor", "runsOn");

    private SampleInfoReader() {}

    /** The fields of the config {@code o}; null if (after reporting) one is bad. */
    static SampleInfo read(ObjectReader o) {
        int before = o.problems().count();
        String title = o.optional("title", Values.nonBlankText(), null);
        String teaches = o.optional("teaches", Values.nonBlankText(), null);
        List<String> watchFor = o.optional("watchFor",
                Values.list(Values.nonBlankText(), Problems.say("what.watchFor")), List.of());
        List<BackendChoice> runsOn = o.optional("runsOn", SampleInfoReader::runsOn, List.of());
        if (o.problems().count() > before) return null;
        return new SampleInfo(title, teaches, watchFor, runsOn);
    }

    private static List<BackendChoice> runsOn(JsonNode node, String path, Problems problems) {
        List<BackendChoice> list = Values.list(Values.choice(BackendChoice.class, Problems.say("what.backend")),
                Problems.say("what.backends")).convert(node, path, problems);
        if (list == null) return null;
        for (int i = 0; i < list.size(); i++) {
            String at = path + "[" + i + "]";
            if (list.get(i) == BackendChoice.AUTO) {
                problems.add(at, "runsOn.auto");
                return null;
            }
            if (list.indexOf(list.get(i)) < i) {
                problems.add(at, "runsOn.twice", EnumNames.of(list.get(i)));
                return null;
            }
        }
        return list;
    }

    /** Puts the metadata fields of {@code original} first in {@code tree} (a config as the app writes it). */
    static ObjectNode withFieldsOf(JsonNode original, ObjectNode tree) {
        if (original == null || !original.isObject()) return tree;
        ObjectNode out = tree.objectNode();
        for (String f : FIELDS) if (original.hasNonNull(f)) out.set(f, original.get(f).deepCopy());
        out.setAll(tree);
        return out;
    }
}
