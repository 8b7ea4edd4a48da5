package org.kvmworkbench.core.asm;

/** Turns a guest's assembly source into a flat real-mode image and its listing. */
public interface GuestAssembler {
    /** What the user is told assembled their program ("NASM 2.16.01", "built-in"). */
    String name();

    Assembly assemble(String source) throws AssemblyException;
}
