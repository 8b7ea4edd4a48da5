package org.kvmworkbench.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** Reads {@code controls}. */
final class ControlsReader {
    static final List<String> FIELDS =
            List.of("io", "ioBitmap", "hlt", "rdtsc", "msr", "msrBitmap", "exceptionBitmap", "crAccess", "movDr");

    private ControlsReader() {}

    static Controls read(JsonNode node, String path, Problems problems) {
        int before = problems.count();
        ObjectReader o = ObjectReader.open(node, path, "controls", FIELDS, problems);
        if (o == null) return null;
        Controls d = Controls.defaults();
        Controls.IoMode io = o.optional("io", Values.choice(Controls.IoMode.class, "io mode"), d.io());
        List<PortRange> ioBitmap = onlyWithBitmap(o, "ioBitmap", "io", io, Controls.IoMode.BITMAP,
                "every IN/OUT exits", Values.list(Values.portRange(), "ports or port ranges"));
        Boolean hlt = o.optional("hlt", Values.bool(), d.hlt());
        Boolean rdtsc = o.optional("rdtsc", Values.bool(), d.rdtsc());
        Controls.MsrMode msr = o.optional("msr", Values.choice(Controls.MsrMode.class, "msr mode"), d.msr());
        List<Long> msrBitmap = onlyWithBitmap(o, "msrBitmap", "msr", msr, Controls.MsrMode.BITMAP,
                "every RDMSR/WRMSR exits", Values.list(Values.integer(IntRange.MSR), "MSR indices"));
        List<Integer> vectors = o.optional("exceptionBitmap",
                Values.list(Values.integer(IntRange.VECTOR).map(Long::intValue), "exception vectors 0..31"),
                d.exceptionVectors());
        Boolean crAccess = o.optional("crAccess", Values.bool(), d.crAccess());
        Boolean movDr = o.optional("movDr", Values.bool(), d.movDr());
        if (problems.count() > before) return null;
        return new Controls(io, ioBitmap, hlt, rdtsc, msr, msrBitmap, vectors, crAccess, movDr);
    }

    /** A bitmap list is only meaningful when its mode field selects bitmaps; giving it otherwise is an error. */
    private static <T> List<T> onlyWithBitmap(ObjectReader o, String field, String modeField, Enum<?> mode,
                                              Enum<?> bitmapMode, String otherwise, Converter<List<T>> list) {
        if (!o.has(field)) return List.of();
        if (mode == null) return null; // the mode itself was invalid and has been reported
        if (mode != bitmapMode) {
            o.problems().add(o.path(field), "only allowed with " + modeField + ": bitmap; with " + modeField
                    + ": " + EnumNames.of(mode) + " " + otherwise + ". Set " + modeField
                    + ": bitmap or remove " + field);
            return null;
        }
        return o.required(field, list);
    }
}
