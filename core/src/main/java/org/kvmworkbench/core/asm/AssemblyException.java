package org.kvmworkbench.core.asm;

import java.util.List;

/** A source that did not assemble, with every problem found (at least one). */
public final class AssemblyException extends Exception {
    private final transient List<AsmError> errors;

    public AssemblyException(List<AsmError> errors) {
        super(errors.isEmpty() ? "assembly failed" : errors.get(0).toString());
        this.errors = List.copyOf(errors);
    }

    public List<AsmError> errors() {
        return errors;
    }
}
