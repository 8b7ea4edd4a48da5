package org.kvmworkbench.core.backend;

/**
 * A single step that retired two instructions: {@code first} (MOV SS or POP SS) blocked the single-step debug
 * trap until {@code second} had run too (the MOV SS/POP SS debug shadow, Intel SDM Vol. 3A 6.8.3; AMD behaves the
 * same). Happens on VMX and SVM hardware; KVM's instruction emulator steps them one at a time.
 *
 * @param first  the instruction that loaded SS, as disassembled ("mov ss, ax")
 * @param second the instruction that ran in its shadow ("mov sp, 0x8000")
 */
public record ShadowedStep(String first, String second) {
}
