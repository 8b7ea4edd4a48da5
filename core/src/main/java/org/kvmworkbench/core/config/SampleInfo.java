package org.kvmworkbench.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * What a sample config tells a teacher about itself, shown in the gallery: optional fields next to
 * {@code description} that the VM does not use. Read (and checked) with the rest of the config; kept apart from
 * {@link VmConfig} because running a VM never needs them.
 *
 * @param title    a short title ("Polled serial output"), or null
 * @param teaches  what the sample teaches, or null
 * @param watchFor the exits to watch for, as the teacher words them; may be empty
 * @param runsOn   the backends the sample is meant for (never AUTO); may be empty
 */
public record SampleInfo(String title, String teaches, List<String> watchFor, List<BackendChoice> runsOn) {
    /** A config that says nothing about itself. */
    public static final SampleInfo NONE = new SampleInfo(null, null, List.of(), List.of());

    public SampleInfo {
        watchFor = List.copyOf(watchFor);
        runsOn = List.copyOf(runsOn);
        if (runsOn.contains(BackendChoice.AUTO)) throw new IllegalArgumentException("runsOn lists backends, not auto");
    }

    /** The metadata of a loaded (so already checked) config. */
    public static SampleInfo of(ConfigLoader.Loaded loaded) {
        Problems problems = new Problems();
        JsonNode tree = TreeCodec.read(loaded.text(), loaded.format(), problems);
        ObjectReader o = tree == null ? null
                : ObjectReader.open(tree, "", Problems.say("what.config"), VmConfigReader.FIELDS, problems);
        SampleInfo info = o == null ? null : SampleInfoReader.read(o);
        return info == null ? NONE : info;
    }
}
