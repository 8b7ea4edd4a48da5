package org.kvmworkbench.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a sample's translation file ({@code NAME.zh-CN.yaml}): only the words of its config, in the same shapes,
 * every one optional — {@code title}, {@code description}, {@code teaches}, {@code watchFor} (a list) and
 * {@code keyExitLabels} (the labels of the config's {@code keyExits}, in their order; null keeps that one's own).
 */
final class SampleTextReader {
    static final List<String> FIELDS = List.of("title", "description", "teaches", "watchFor", "keyExitLabels");

    private SampleTextReader() {}

    /** @param keyExits how many key exits the config has, so that no label is left without one */
    static SampleText.Translation read(Path file, int keyExits) throws ConfigException {
        String source = file.toString();
        ConfigLoader.Format format = ConfigLoader.Format.of(file)
                .orElseThrow(() -> ConfigLoader.failure(source, Problems.say("file.type")));
        Problems problems = new Problems();
        JsonNode tree = TreeCodec.read(ConfigFileReader.read(file, source), format, problems);
        SampleText.Translation t = problems.isEmpty() ? read(tree, keyExits, problems) : null;
        if (t == null) throw new ConfigException(source, problems.list());
        return t;
    }

    /** An empty file translates nothing; null if (after reporting) anything is wrong. */
    static SampleText.Translation read(JsonNode tree, int keyExits, Problems problems) {
        if (tree == null || tree.isNull()) return new SampleText.Translation(null, null, null, null, null);
        ObjectReader o = ObjectReader.open(tree, "", Problems.say("what.translation"), FIELDS, problems);
        if (o == null) return null;
        String title = o.optional("title", Values.nonBlankText(), null);
        String description = o.optional("description", Values.nonBlankText(), null);
        String teaches = o.optional("teaches", Values.nonBlankText(), null);
        List<String> watchFor = o.optional("watchFor",
                Values.list(Values.nonBlankText(), Problems.say("what.watchFor")), null);
        List<String> labels = o.optional("keyExitLabels", (node, path, p) -> labels(node, path, keyExits, p), null);
        if (!problems.isEmpty()) return null;
        return new SampleText.Translation(title, description, teaches, watchFor, labels);
    }

    private static List<String> labels(JsonNode node, String path, int keyExits, Problems problems) {
        if (!node.isArray()) {
            problems.add(path, "expected.list", Problems.say("what.keyExitLabels"), Values.describe(node));
            return null;
        }
        if (node.size() > keyExits) {
            problems.add(path, "keyExitLabels.tooMany", node.size(), keyExits);
            return null;
        }
        List<String> out = new ArrayList<>();
        int before = problems.count();
        for (int i = 0; i < node.size(); i++)
            out.add(node.get(i).isNull() ? null : Values.nonBlankText().convert(node.get(i), path + "[" + i + "]", problems));
        return problems.count() > before ? null : out;
    }
}
