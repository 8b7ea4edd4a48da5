package org.kvmworkbench.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Function;

/** Turns one JSON/YAML value into a Java value, or reports why not and returns null. */
@FunctionalInterface
interface Converter<T> {
    T convert(JsonNode node, String path, Problems problems);

    default <R> Converter<R> map(Function<? super T, ? extends R> f) {
        return (node, path, problems) -> {
            T v = convert(node, path, problems);
            return v == null ? null : f.apply(v);
        };
    }
}
