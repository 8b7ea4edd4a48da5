package org.kvmworkbench.core.asm;

/** What an expression can see while a pass assembles one line. */
interface Env {
    /** The symbol's value, or null when it is not (yet) known; throws in the final pass. */
    Long symbol(String name, int column);

    /** {@code $}: the address of the line being assembled. */
    long here();

    /** {@code $$}: the start of the section (the origin). */
    long sectionStart();

    /** Records that this line used a value not known yet, so the pass must assume and the next one check. */
    void unresolved();
}
