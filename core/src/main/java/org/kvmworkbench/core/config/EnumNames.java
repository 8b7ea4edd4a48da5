package org.kvmworkbench.core.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Enum constants as they appear in config files: lowercase. */
final class EnumNames {
    private EnumNames() {}

    static String of(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    /** "auto, kvm, simulated" */
    static String all(Class<? extends Enum<?>> type) {
        return Arrays.stream(type.getEnumConstants()).map(EnumNames::of).collect(Collectors.joining(", "));
    }
}
