package org.kvmworkbench.kvm.sys;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

/**
 * A C struct read and written in place at fixed offsets, through a native-order ByteBuffer over its memory
 * (no JNA Structure reflection, nothing allocated per access). The memory is either owned ({@link Memory},
 * released by {@link #close()}) or borrowed from a mapping such as kvm_run.
 */
public abstract class StructView implements AutoCloseable {
    private final Pointer pointer;
    private final Memory owned;
    protected final ByteBuffer buf;

    /** A view over fresh zeroed memory of {@code size} bytes. */
    protected StructView(int size) {
        this(new Memory(size), size);
    }

    /** A view over {@code size} bytes at {@code pointer} (owned if it is a {@link Memory}). */
    protected StructView(Pointer pointer, int size) {
        this.pointer = pointer;
        this.owned = pointer instanceof Memory m ? m : null;
        this.buf = pointer.getByteBuffer(0, size).order(ByteOrder.nativeOrder());
        if (owned != null) clear();
    }

    /** The address to pass to an ioctl. */
    public Pointer pointer() {
        return pointer;
    }

    public int size() {
        return buf.capacity();
    }

    public final void clear() {
        for (int i = 0; i < buf.capacity(); i++) buf.put(i, (byte) 0);
    }

    @Override public void close() {
        if (owned != null) owned.close();
    }
}
