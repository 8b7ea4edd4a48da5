package org.kvmworkbench.core.asm;

/** Which assembler a guest source goes through: NASM when it is installed, otherwise the built-in one. */
public final class GuestAssemblers {
    private GuestAssemblers() {}

    public static GuestAssembler preferred() {
        return NasmAssembler.find().<GuestAssembler>map(n -> n).orElseGet(BuiltInAssembler::new);
    }
}
