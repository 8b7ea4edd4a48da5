package org.kvmworkbench.core.kvm;

/**
 * One stage of an exit's path, with what runs there (a handler name in Linux's KVM where one applies)
 * and the modeled cost of the leg that ends at this stage, if one was measured (else -1).
 */
public record PathStep(Stage stage, String handler, long modeledNanos, String costSource) {
    public static PathStep of(Stage stage, String handler) {
        return new PathStep(stage, handler, -1, "");
    }

    public static PathStep costed(Stage stage, String handler, long nanos, String costNote) {
        return new PathStep(stage, handler, nanos, costNote + " — " + CostModel.SOURCE);
    }
}
