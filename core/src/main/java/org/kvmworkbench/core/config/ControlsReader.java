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
        ObjectReader o = ObjectReader.open(node, path, org.kvmworkbench.core.i18n.Phrase.literal("controls"), FIELDS, problems);
        if (o == null) return null;
        Controls d = Controls.defaults();
        Controls.IoMode io = o.optional("io", Values.choice(Controls.IoMode.class, Problems.say("what.ioMode")), d.io());
        List<PortRange> ioBitmap = onlyWithBitmap(o, "ioBitmap", "io", io, Controls.IoMode.BITMAP,
                Problems.say("bitmap.io"), Values.list(Values.portRange(), Problems.say("what.portRanges")));
        Boolean hlt = o.optional("hlt", Values.bool(), d.hlt());
        Boolean rdtsc = o.optional("rdtsc", Values.bool(), d.rdtsc());
        Controls.MsrMode msr = o.optional("msr", Values.choice(Controls.MsrMode.class, Problems.say("what.msrMode")), d.msr());
        List<Long> msrBitmap = onlyWithBitmap(o, "msrBitmap", "msr", msr, Controls.MsrMode.BITMAP,
                Problems.say("bitmap.msr"), Values.list(Values.integer(IntRange.MSR), Problems.say("what.msrs")));
        List<Integer> vectors = o.optional("exceptionBitmap",
                Values.list(Values.integer(IntRange.VECTOR).map(Long::intValue), Problems.say("what.vectors")),
                d.exceptionVectors());
        Boolean crAccess = o.optional("crAccess", Values.bool(), d.crAccess());
        Boolean movDr = o.optional("movDr", Values.bool(), d.movDr());
        if (problems.count() > before) return null;
        return new Controls(io, ioBitmap, hlt, rdtsc, msr, msrBitmap, vectors, crAccess, movDr);
    }

    /** A bitmap list is only meaningful when its mode field selects bitmaps; giving it otherwise is an error. */
    private static <T> List<T> onlyWithBitmap(ObjectReader o, String field, String modeField, Enum<?> mode,
                                              Enum<?> bitmapMode, org.kvmworkbench.core.i18n.Phrase otherwise,
                                              Converter<List<T>> list) {
        if (!o.has(field)) return List.of();
        if (mode == null) return null; // the mode itself was invalid and has been reported
        if (mode != bitmapMode) {
            o.problems().add(o.path(field), "bitmap.only", modeField, modeField, EnumNames.of(mode), otherwise,
                    modeField, field);
            return null;
        }
        return o.required(field, list);
    }
}
