package org.kvmworkbench.core.device;

import java.util.ArrayList;
import java.util.List;
import org.kvmworkbench.core.i18n.Messages;
import org.kvmworkbench.core.i18n.Phrase;
import org.kvmworkbench.core.memory.GuestMemory;

/**
 * The device side of one split virtqueue in the legacy layout (virtio 1.x spec 2.7, "Legacy Interfaces: A Note on
 * Virtqueue Layout"): at PFN * 4096 the descriptor table, right after it the available ring, and at the next
 * 4096-byte boundary the used ring. Everything is read from and written to guest memory on each call, so the
 * guest's view and ours never diverge.
 *
 * <p>The guest controls all of it: every index and address is checked, and a bad one raises
 * {@link VirtQueueException} before anything is touched.
 */
public final class VirtQueue {
    /** Legacy queue alignment and PFN unit. */
    public static final int ALIGN = 4096;
    /** Descriptor flag: the chain continues at {@code next}. */
    public static final int DESC_F_NEXT = 1;
    /** Descriptor flag: the buffer is device-writable. */
    public static final int DESC_F_WRITE = 2;
    /** Descriptor flag: the buffer holds a table of descriptors (not offered by our devices). */
    public static final int DESC_F_INDIRECT = 4;
    /** Available-ring flag: the driver does not want an interrupt for used buffers. */
    public static final int AVAIL_F_NO_INTERRUPT = 1;

    /** One descriptor-table entry. */
    public record Descriptor(long addr, long len, int flags, int next) {
        public boolean writable() {
            return (flags & DESC_F_WRITE) != 0;
        }
    }

    /** A descriptor chain taken from the available ring; {@code head} is what goes back in the used ring. */
    public record Chain(int head, List<Descriptor> descriptors) {
        public Chain {
            descriptors = List.copyOf(descriptors);
        }
    }

    /** A malformed ring or buffer. */
    public static final class VirtQueueException extends RuntimeException implements Phrase.Said {
        private final transient Phrase words;

        VirtQueueException(String key, Object... args) {
            super(WORDS.formatEnglish(key, args));
            this.words = WORDS.phrase(key, args);
        }

        /** What is wrong with the ring, said when shown (the message is its English). */
        @Override
        public Phrase words() {
            return words;
        }
    }

    /** The words of a malformed ring (VirtQueue.properties). */
    static final Messages WORDS = Messages.of(VirtQueue.class);

    private final GuestMemory memory;
    private final int size;
    private long pfn;
    private int lastAvailIdx;

    /** @param size number of descriptors (a power of 2 in the legacy interface; the device fixes it). */
    public VirtQueue(GuestMemory memory, int size) {
        this.memory = memory;
        this.size = size;
    }

    public int size() {
        return size;
    }

    public long pfn() {
        return pfn;
    }

    /** Places the rings at {@code pfn * 4096}; 0 disables the queue. Restarts from avail index 0. */
    public void setPfn(long pfn) {
        this.pfn = pfn & 0xFFFF_FFFFL;
        this.lastAvailIdx = 0;
    }

    public boolean ready() {
        return pfn != 0;
    }

    public void reset() {
        setPfn(0);
    }

    /** The next available-ring index the device will consume (mod 2^16). */
    public int lastAvailIdx() {
        return lastAvailIdx;
    }

    public long descAddr() {
        return pfn * ALIGN;
    }

    public long availAddr() {
        return descAddr() + 16L * size;
    }

    public long usedAddr() {
        long availEnd = availAddr() + 6 + 2L * size;
        return (availEnd + ALIGN - 1) & -ALIGN;
    }

    /** Bytes from the descriptor table to the end of the used ring. */
    public long footprint() {
        return usedAddr() + 6 + 8L * size - descAddr();
    }

    public int availFlags() {
        return read16(availAddr());
    }

    public int availIdx() {
        return read16(availAddr() + 2);
    }

    public int usedIdx() {
        return read16(usedAddr() + 2);
    }

    public boolean interruptSuppressed() {
        return (availFlags() & AVAIL_F_NO_INTERRUPT) != 0;
    }

    /**
     * Descriptor-table entry {@code index} as the guest last wrote it, read for display only: no chain or buffer
     * checks. The caller makes sure the queue is ready and its rings are inside RAM.
     */
    public Descriptor descriptor(int index) {
        long at = descAddr() + 16L * Math.floorMod(index, size);
        return new Descriptor(memory.read64(at), memory.read32(at + 8) & 0xFFFF_FFFFL, read16(at + 12), read16(at + 14));
    }

    /** The descriptor head in available-ring slot {@code slot} (mod size), for display; see {@link #descriptor}. */
    public int availRingEntry(int slot) {
        return read16(availAddr() + 4 + 2L * Math.floorMod(slot, size));
    }

    /** The descriptor id in used-ring slot {@code slot} (mod size), for display; see {@link #descriptor}. */
    public int usedRingId(int slot) {
        return memory.read32(usedAddr() + 4 + 8L * Math.floorMod(slot, size));
    }

    /** Takes the next available chain, or returns null if the driver has made none available. */
    public Chain pop() {
        Chain chain = peek();
        if (chain != null) advance();
        return chain;
    }

    /**
     * The next available chain, walked and checked, but left on the available ring (a device that cannot finish it
     * now looks at it again later), or null if the driver has made none available.
     */
    public Chain peek() {
        checkRings();
        int availIdx = availIdx();
        int pending = (availIdx - lastAvailIdx) & 0xFFFF;
        if (pending == 0) return null;
        if (pending > size)
            throw new VirtQueueException("availAhead", availIdx, pending, lastAvailIdx, size);
        int head = read16(availAddr() + 4 + 2L * (lastAvailIdx % size));
        return new Chain(head, walk(head));
    }

    /** Consumes the chain {@link #peek} returned: the next peek looks at the following available-ring slot. */
    public void advance() {
        lastAvailIdx = (lastAvailIdx + 1) & 0xFFFF;
    }

    /** Returns a chain to the driver: writes the used element, then publishes it by bumping used.idx. */
    public void pushUsed(int id, int len) {
        checkRings();
        int usedIdx = usedIdx();
        long elem = usedAddr() + 4 + 8L * (usedIdx % size);
        memory.write32(elem, id);
        memory.write32(elem + 4, len);
        memory.write16(usedAddr() + 2, (usedIdx + 1) & 0xFFFF);
    }

    private List<Descriptor> walk(int head) {
        List<Descriptor> chain = new ArrayList<>();
        int index = head;
        while (true) {
            if (index >= size) throw new VirtQueueException("badIndex", index, size);
            if (chain.size() == size)
                throw new VirtQueueException("loop", head);
            long at = descAddr() + 16L * index;
            Descriptor d = new Descriptor(memory.read64(at), memory.read32(at + 8) & 0xFFFF_FFFFL,
                    memory.read16(at + 12), memory.read16(at + 14));
            if ((d.flags() & DESC_F_INDIRECT) != 0)
                throw new VirtQueueException("indirect", index);
            if (!memory.contains(d.addr(), d.len()))
                throw new VirtQueueException("bufferOutsideRam", index, d.addr(), d.len());
            chain.add(d);
            if ((d.flags() & DESC_F_NEXT) == 0) return chain;
            index = d.next();
        }
    }

    private void checkRings() {
        if (!ready()) throw new VirtQueueException("notConfigured");
        if (!memory.contains(descAddr(), footprint()))
            throw new VirtQueueException("ringsOutsideRam", descAddr(), footprint(), memory.size());
    }

    private int read16(long gpa) {
        return memory.read16(gpa) & 0xFFFF;
    }
}
