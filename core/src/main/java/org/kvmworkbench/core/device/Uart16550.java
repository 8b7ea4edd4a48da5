package org.kvmworkbench.core.device;

import java.util.ArrayList;
import java.util.List;

import org.kvmworkbench.core.i18n.Messages;

/**
 * A 16550A UART (8 ports, e.g. COM1 at 0x3F8), after the TI/National PC16550D datasheet.
 *
 * <p>Output: the {@link ConsoleSink} ("uart") is the serial line. While it has room, a byte written to THR reaches it
 * at once, so THR is empty again and LSR.THRE/TEMT stay set. While it has no room ({@link ConsoleSink#room()} 0: the
 * reader of the console is behind), the line is stalled as by flow control: the transmitter is busy (LSR bit 6 TEMT
 * clear), bytes written wait in THR, or in the 16-byte transmit FIFO in FIFO mode, and LSR bit 5 THRE is clear while
 * any byte waits (PC16550D datasheet, LSR: THRE "indicates that the UART is ready to accept a new character for
 * transmission ... In the FIFO mode this bit is set when the XMIT FIFO is empty"; TEMT "is set ... whenever the THR
 * and TSR are both empty ... reset to a logic 0 whenever either the THR or TSR contains a data character").
 * A guest that polls LSR before each write (as drivers do) is held back without losing a byte, and every poll is
 * an exit, so the VMM stays in control. Waiting bytes move to the line whenever the guest accesses the UART; a byte
 * written while THR (or the FIFO) is full is lost, as on the chip, and counted. Host input goes into a 256-byte receive buffer (larger than
 * the chip's 16-byte FIFO: it stands for the host-side queue too, and is kept in 16450 mode as well).
 * There is no time: the receiver reports "data available" (IIR 0x04) as soon as one byte is there, whatever the
 * FIFO trigger level, instead of a character-timeout interrupt later. Without loopback the modem lines read as
 * CTS|DSR|DCD (0xB0), as QEMU reports. Accesses wider than one byte act on the low byte.
 *
 * <p>Threads: the guest's accesses ({@link #read}, {@link #write}), {@link #reset} and {@link #enqueueInput} come from
 * one thread at a time (the vCPU thread) and take no lock. Other threads type input with {@link #typeInput}, which
 * only appends to the line (a ring the accessing thread takes bytes from: no chip state is touched), and read the
 * chip through {@link #snapshot} and the getters, which copy its state between two accesses (a seqlock, as the
 * VMCS's readers do) instead of holding the accessing thread up. An uncontended monitor costs two atomic
 * instructions per access on JDK 17, a tenth of the whole exit round trip of a guest that writes THR in a loop.
 */
public final class Uart16550 implements Device, SavesState {
    private static final Messages M = Messages.of(Uart16550.class);
    // Register offsets in the 8-port window.
    /** Receiver buffer (read) / transmitter holding (write); divisor latch low when LCR.DLAB. */
    public static final int RBR_THR = 0;
    /** Interrupt enable; divisor latch high when LCR.DLAB. */
    public static final int IER = 1;
    /** Interrupt identification (read) / FIFO control (write). */
    public static final int IIR_FCR = 2;
    /** Line control: word format and DLAB. */
    public static final int LCR = 3;
    /** Modem control: DTR, RTS, OUT1, OUT2 (gates the IRQ on a PC), LOOP. */
    public static final int MCR = 4;
    /** Line status. */
    public static final int LSR = 5;
    /** Modem status. */
    public static final int MSR = 6;
    /** Scratch register: no effect on the chip. */
    public static final int SCR = 7;

    // IER bits.
    /** Enable received-data-available interrupt. */
    public static final int IER_ERBFI = 0x01;
    /** Enable THR-empty interrupt. */
    public static final int IER_ETBEI = 0x02;
    /** Enable receiver-line-status interrupt. */
    public static final int IER_ELSI = 0x04;
    /** Enable modem-status interrupt. */
    public static final int IER_EDSSI = 0x08;

    // IIR interrupt identification (bits 3:0), highest priority first.
    /** Receiver line status (overrun here): cleared by reading LSR. */
    public static final int IIR_RLS = 0x06;
    /** Received data available: cleared by reading RBR until empty. */
    public static final int IIR_RDA = 0x04;
    /** THR empty: cleared by reading IIR (when reported) or writing THR. */
    public static final int IIR_THRE = 0x02;
    /** Modem status change: cleared by reading MSR. */
    public static final int IIR_MSI = 0x00;
    /** No interrupt pending (bit 0 is active low). */
    public static final int IIR_NONE = 0x01;
    /** Bits 7:6 of IIR when the FIFOs are enabled. */
    public static final int IIR_FIFO_ENABLED = 0xC0;

    // FCR bits.
    /** Enable the FIFOs. */
    public static final int FCR_ENABLE = 0x01;
    /** Clear the receive FIFO (self-clearing). */
    public static final int FCR_CLEAR_RX = 0x02;
    /** Clear the transmit FIFO (self-clearing; nothing to clear here). */
    public static final int FCR_CLEAR_TX = 0x04;

    // LCR / MCR bits.
    /** Divisor latch access bit: offsets 0/1 become DLL/DLM. */
    public static final int LCR_DLAB = 0x80;
    /** OUT2: on a PC, connects the UART interrupt to the interrupt controller. */
    public static final int MCR_OUT2 = 0x08;
    /** Local loopback: transmitter feeds receiver, modem outputs feed modem inputs. */
    public static final int MCR_LOOP = 0x10;

    // LSR bits.
    /** Data ready: the receive buffer is not empty. */
    public static final int LSR_DR = 0x01;
    /** Overrun error: input was dropped; cleared by reading LSR. */
    public static final int LSR_OE = 0x02;
    /** Transmitter holding register empty. */
    public static final int LSR_THRE = 0x20;
    /** Transmitter empty (THR and shift register). */
    public static final int LSR_TEMT = 0x40;

    // MSR bits.
    /** Delta bits 3:0 (DCTS, DDSR, TERI, DDCD): set on change, cleared by reading MSR. */
    public static final int MSR_DELTAS = 0x0F;
    /** Trailing edge of ring indicator. */
    public static final int MSR_TERI = 0x04;
    /** Ring indicator line. */
    public static final int MSR_RI = 0x40;
    /** Clear to send, data set ready, data carrier detect: the lines reported without loopback. */
    public static final int MSR_CTS_DSR_DCD = 0xB0;

    /** Transmit FIFO depth in FIFO mode (in 16450 mode the transmitter holds one byte, in THR). */
    public static final int TX_FIFO_DEPTH = 16;
    /** Receive buffer capacity; bytes beyond it are dropped and counted. */
    public static final int RX_CAPACITY = 256;
    /** Input clock / 16: baud = 115200 / divisor. */
    public static final int BASE_BAUD = 115200;
    /** Divisor after reset (9600 baud), as in QEMU. */
    public static final int RESET_DIVISOR = 12;

    private final ConsoleSink sink;
    private final IrqLine irq;

    private final byte[] rx = new byte[RX_CAPACITY];
    /** Bytes written but not yet taken by the line (the sink had no room). */
    private final byte[] tx = new byte[TX_FIFO_DEPTH];
    private int txHead, txCount;
    private long txDropped;
    /** Host-side input waiting on the serial line (see {@link #typeInput}); a power of two. */
    public static final int LINE_CAPACITY = 65536;
    /** The line: a ring, written at {@link #lineTail} by typing threads (under {@link #typing}), read at {@link #lineHead}. */
    private final byte[] line;
    private final Object typing = new Object();
    private volatile long lineHead, lineTail;
    /** Typed bytes the full line refused (typing threads, under {@link #typing}). */
    private volatile long lineDropped; // volatile: saveState reads it at every exit without the lock
    /** Odd while the accessing thread changes the chip (see {@link #stable}). */
    @SuppressWarnings("unused") private int seq;
    /**
     * A copy the accessing thread makes at the end of an access when a reader asks ({@link #publishWanted}): a thread
     * that accesses the chip back to back may leave a reader no gap to copy it in. Odd {@link #publishedSeq}: being
     * written. Null in a reader's copy.
     */
    private final Uart16550 published;
    @SuppressWarnings("unused") private int publishedSeq;
    @SuppressWarnings("unused") private boolean publishWanted;
    private static final java.lang.invoke.VarHandle SEQ, PUBLISHED_SEQ, PUBLISH_WANTED;

    static {
        try {
            java.lang.invoke.MethodHandles.Lookup l = java.lang.invoke.MethodHandles.lookup();
            SEQ = l.findVarHandle(Uart16550.class, "seq", int.class);
            PUBLISHED_SEQ = l.findVarHandle(Uart16550.class, "publishedSeq", int.class);
            PUBLISH_WANTED = l.findVarHandle(Uart16550.class, "publishWanted", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
    private int rxHead;
    private int rxCount;
    private int rbr;          // last byte popped: what RBR reads when empty
    private int thr;          // last byte written to THR
    private int ier;
    private int fcr;
    private int lcr;
    private int mcr;
    private int scr;
    private int dll;
    private int dlm;
    private boolean overrun;
    private boolean thrIpending;
    private int msrDeltas;
    private boolean irqLevel;
    private long dropped;
    private long transmitted;

    public Uart16550(ConsoleSink sink, IrqLine irq) {
        this.sink = sink;
        this.irq = irq;
        this.line = new byte[LINE_CAPACITY];
        resetState();
        this.published = new Uart16550(this);
    }

    /** A copy of {@code from}'s chip state for a reader (no line of its own, no interrupt line). */
    private Uart16550(Uart16550 from) {
        this.sink = from.sink;
        this.irq = IrqLine.NONE;
        this.line = from.line;
        this.published = null;
        copyChip(from);
    }

    private void copyChip(Uart16550 f) {
        System.arraycopy(f.rx, 0, rx, 0, RX_CAPACITY);
        System.arraycopy(f.tx, 0, tx, 0, TX_FIFO_DEPTH);
        txHead = f.txHead; txCount = f.txCount; txDropped = f.txDropped;
        rxHead = f.rxHead; rxCount = f.rxCount;
        rbr = f.rbr; thr = f.thr; ier = f.ier; fcr = f.fcr; lcr = f.lcr; mcr = f.mcr; scr = f.scr; dll = f.dll; dlm = f.dlm;
        overrun = f.overrun; thrIpending = f.thrIpending; msrDeltas = f.msrDeltas; irqLevel = f.irqLevel;
        dropped = f.dropped; transmitted = f.transmitted;
    }

    /** The accessing thread starts changing the chip: readers' copies made from now on are retried. */
    private void beginChange() {
        SEQ.setOpaque(this, (int) SEQ.getOpaque(this) + 1);
        java.lang.invoke.VarHandle.storeStoreFence();
    }

    private void endChange() {
        SEQ.setRelease(this, (int) SEQ.getOpaque(this) + 1);
        if ((boolean) PUBLISH_WANTED.getOpaque(this)) publish();
    }

    /** Copy the chip for a reader that found no gap between accesses; only on request. */
    private void publish() {
        PUBLISH_WANTED.setOpaque(this, false);
        int p = (int) PUBLISHED_SEQ.getOpaque(this);
        PUBLISHED_SEQ.setOpaque(this, p + 1);
        java.lang.invoke.VarHandle.storeStoreFence();
        published.copyChip(this);
        PUBLISHED_SEQ.setRelease(this, p + 2);
    }

    /** One optimistic copy of {@code from} guarded by {@code guard} (StampedLock's validate pattern). */
    private boolean tryCopy(Uart16550 into, Uart16550 from, java.lang.invoke.VarHandle guard) {
        int before = (int) guard.getAcquire(this);
        if ((before & 1) != 0) return false;
        into.copyChip(from);
        java.lang.invoke.VarHandle.loadLoadFence();
        return (int) guard.getOpaque(this) == before;
    }

    /** How long a reader waits for a copy before taking the chip as it is (the accessing thread is not running). */
    private static final long STABLE_WAIT_NANOS = 200_000_000;

    /**
     * A copy of the chip between two accesses, for any thread (StampedLock's optimistic-read pattern); after a few
     * failed tries, the copy the accessing thread publishes at the end of its next access. If that thread stays
     * inside one access for {@value #STABLE_WAIT_NANOS} ns (preempted), the copy shows the chip as it is then.
     */
    private Uart16550 stable() {
        Uart16550 copy = new Uart16550(this);
        for (int tries = 0; tries < 32; tries++) {
            if (tryCopy(copy, this, SEQ)) return copy;
            Thread.onSpinWait();
        }
        int requested = (int) PUBLISHED_SEQ.getAcquire(this);
        PUBLISH_WANTED.setVolatile(this, true);
        long deadline = System.nanoTime() + STABLE_WAIT_NANOS;
        do {
            if ((int) PUBLISHED_SEQ.getAcquire(this) != requested && tryCopy(copy, published, PUBLISHED_SEQ)) return copy;
            if (tryCopy(copy, this, SEQ)) return copy; // the accessing thread went quiet
            java.util.concurrent.locks.LockSupport.parkNanos(10_000);
        } while (System.nanoTime() - deadline < 0);
        copy.copyChip(this);
        return copy;
    }

    @Override public String name() {
        return "uart";
    }

    @Override public void reset() {
        beginChange();
        try {
            resetState();
            lineHead = lineTail; // typed-ahead input is dropped with the rest
            updateIrq();
        } finally {
            endChange();
        }
    }

    private void resetState() {
        rxHead = rxCount = 0;
        txHead = txCount = 0;
        txDropped = 0;
        rbr = thr = ier = fcr = lcr = mcr = scr = 0;
        dll = RESET_DIVISOR;
        dlm = 0;
        overrun = thrIpending = false;
        msrDeltas = 0;
        dropped = transmitted = 0;
    }

    @Override public long read(int offset, int size) {
        beginChange();
        try {
            return readRegister(offset);
        } finally {
            endChange();
        }
    }

    private int readRegister(int offset) {
        feedFromLine(); // only a guest access moves typed-ahead input into the chip: snapshots must not
        drainTx();
        int v;
        switch (offset) {
            case RBR_THR -> v = dlab() ? dll : popRx();
            case IER -> v = dlab() ? dlm : ier;
            case IIR_FCR -> {
                v = iir();
                if ((v & 0x0F) == IIR_THRE) thrIpending = false;
            }
            case LCR -> v = lcr;
            case MCR -> v = mcr;
            case LSR -> {
                v = lsr();
                overrun = false;
            }
            case MSR -> {
                v = msr();
                msrDeltas = 0;
            }
            case SCR -> v = scr;
            default -> v = 0xFF;
        }
        updateIrq();
        return v;
    }

    @Override public void write(int offset, int size, long value) {
        beginChange();
        try {
            writeRegister(offset, value);
        } finally {
            endChange();
        }
    }

    private void writeRegister(int offset, long value) {
        drainTx();
        int v = (int) (value & 0xFF);
        switch (offset) {
            case RBR_THR -> {
                if (dlab()) dll = v;
                else transmit(v);
            }
            case IER -> {
                if (dlab()) dlm = v;
                else writeIer(v);
            }
            case IIR_FCR -> writeFcr(v);
            case LCR -> lcr = v;
            case MCR -> writeMcr(v);
            case SCR -> scr = v;
            default -> { } // LSR and MSR writes are for factory test only: ignored
        }
        // An interrupt-driven guest waits in HLT instead of reading: once it has enabled the receive interrupt, its
        // writes bring typed-ahead input too (after the write, so a FIFO reset cannot discard the byte).
        if ((ier & IER_ERBFI) != 0) feedFromLine();
        updateIrq();
    }

    /**
     * Host-side "typed ahead" input: bytes wait on the line and enter the receive FIFO one at a time,
     * whenever the FIFO is empty and the guest reads the UART, or writes it with the receive interrupt enabled (the
     * IER write that enables it included, so an interrupt-driven guest that waits in HLT gets its first byte). Unlike {@link #enqueueInput}, a
     * driver's FIFO reset (FCR) during initialisation cannot discard them. Bounded to {@value #LINE_CAPACITY} bytes.
     */
    public int typeInput(byte[] bytes) {
        synchronized (typing) {
            long tail = lineTail;
            int n = (int) Math.min(bytes.length, LINE_CAPACITY - (tail - lineHead));
            for (int i = 0; i < n; i++) line[(int) (tail + i) & (LINE_CAPACITY - 1)] = bytes[i];
            lineTail = tail + n; // publishes the bytes to the accessing thread
            lineDropped += bytes.length - n;
            return n;
        }
    }

    private void feedFromLine() {
        if (rxCount != 0) return;
        long head = lineHead;
        if (head != lineTail) {
            pushRx(line[(int) head & (LINE_CAPACITY - 1)] & 0xFF);
            lineHead = head + 1; // the typing thread may reuse the slot now
        }
    }

    /** Queues one byte of host input (on the accessing thread). @return false if the buffer was full and the byte was dropped. */
    public boolean enqueueInput(int b) {
        beginChange();
        try {
            boolean ok = pushRx(b);
            updateIrq();
            return ok;
        } finally {
            endChange();
        }
    }

    /** Queues host input (on the accessing thread). @return how many bytes were accepted; the rest were dropped and counted. */
    public int enqueueInput(byte[] bytes) {
        beginChange();
        try {
            int accepted = 0;
            for (byte b : bytes) if (pushRx(b)) accepted++;
            updateIrq();
            return accepted;
        } finally {
            endChange();
        }
    }

    /** Input bytes lost: the receive buffer overran, or the line refused typed bytes. */
    public long droppedInputBytes() {
        long refused;
        synchronized (typing) {
            refused = lineDropped;
        }
        return stable().dropped + refused;
    }

    public int rxFifoDepth() {
        return stable().rxCount;
    }

    /** Bytes written to THR while THR (or the transmit FIFO) was full, and so lost. */
    public long droppedOutputBytes() {
        return stable().txDropped;
    }

    /** Bytes written by the guest that wait for room on the line. */
    public int txFifoDepth() {
        return stable().txCount;
    }

    /** Bytes written to THR (to the sink, or to the receiver in loopback). */
    public long bytesTransmitted() {
        return stable().transmitted;
    }

    /** The level last driven on the IRQ line. */
    public boolean irqLevel() {
        return stable().irqLevel;
    }

    public int divisor() {
        Uart16550 c = stable();
        return c.dlm << 8 | c.dll;
    }

    /** 115200 / divisor, or 0 while the divisor is 0. */
    public int baudRate() {
        int d = divisor();
        return d == 0 ? 0 : BASE_BAUD / d;
    }

    private boolean dlab() {
        return (lcr & LCR_DLAB) != 0;
    }

    private boolean loopback() {
        return (mcr & MCR_LOOP) != 0;
    }

    private void transmit(int b) {
        thr = b;
        transmitted++;
        if (loopback()) {
            pushRx(b);
        } else if (txCount == 0 && sink.room() > 0) {
            sink.write("uart", b);
        } else if (txCount < txCapacity()) {
            tx[(txHead + txCount) % TX_FIFO_DEPTH] = (byte) b;
            txCount++;
            thrIpending = false; // THR is not empty: the THRE interrupt waits until the line takes the bytes
            return;
        } else {
            txDropped++;
            return;
        }
        // Writing THR clears the THRE interrupt, but the byte leaves at once and THR is empty again.
        thrIpending = true;
    }

    private int txCapacity() {
        return (fcr & FCR_ENABLE) != 0 ? TX_FIFO_DEPTH : 1;
    }

    /** Moves waiting bytes to the line while it has room; THR empty again raises the THRE interrupt. */
    private void drainTx() {
        if (txCount == 0) return;
        int room = sink.room();
        while (txCount > 0 && room-- > 0) {
            sink.write("uart", tx[txHead] & 0xFF);
            txHead = (txHead + 1) % TX_FIFO_DEPTH;
            txCount--;
        }
        if (txCount == 0) thrIpending = true;
    }

    private void writeIer(int v) {
        int changed = (ier ^ v) & 0x0F;
        ier = v & 0x0F;
        // Enabling ETBEI while THR is empty raises the interrupt (the chip, QEMU and Bochs do so on the rising edge).
        if ((changed & IER_ETBEI) != 0) thrIpending = (ier & IER_ETBEI) != 0;
    }

    private void writeFcr(int v) {
        boolean toggled = ((v ^ fcr) & FCR_ENABLE) != 0; // enabling or disabling the FIFOs clears both
        if ((v & FCR_CLEAR_RX) != 0 || toggled) rxHead = rxCount = 0;
        if ((v & FCR_CLEAR_TX) != 0 || toggled) txHead = txCount = 0;
        // Bits 1-2 self-clear, 4-5 are reserved; the other bits are only writable with the FIFO enable bit set.
        fcr = (v & FCR_ENABLE) != 0 ? v & 0xC9 : 0;
    }

    private void writeMcr(int v) {
        int before = modemLines();
        mcr = v & 0x1F;
        int after = modemLines();
        int changed = before ^ after;
        msrDeltas |= (changed >> 4) & 0x0B;                                      // DCTS, DDSR, DDCD
        if ((before & MSR_RI) != 0 && (after & MSR_RI) == 0) msrDeltas |= MSR_TERI; // RI trailing edge only
    }

    /** MSR bits 7:4. In loopback DTR->DSR, RTS->CTS, OUT1->RI, OUT2->DCD. */
    private int modemLines() {
        if (!loopback()) return MSR_CTS_DSR_DCD;
        return (mcr & 0x01) << 5 | (mcr & 0x02) << 3 | (mcr & 0x04) << 4 | (mcr & 0x08) << 4;
    }

    private int msr() {
        return modemLines() | msrDeltas;
    }

    private int lsr() {
        int transmitter = txCount > 0 ? 0 : lineStalled() ? LSR_THRE : LSR_THRE | LSR_TEMT;
        return (rxCount > 0 ? LSR_DR : 0) | (overrun ? LSR_OE : 0) | transmitter;
    }

    /** The line cannot take a byte now: the transmitter (shift register) is busy. Never in loopback. */
    private boolean lineStalled() {
        return !loopback() && sink.room() <= 0;
    }

    private int interruptId() {
        if ((ier & IER_ELSI) != 0 && overrun) return IIR_RLS;
        if ((ier & IER_ERBFI) != 0 && rxCount > 0) return IIR_RDA;
        if ((ier & IER_ETBEI) != 0 && thrIpending) return IIR_THRE;
        if ((ier & IER_EDSSI) != 0 && msrDeltas != 0) return IIR_MSI;
        return IIR_NONE;
    }

    private int iir() {
        return interruptId() | ((fcr & FCR_ENABLE) != 0 ? IIR_FIFO_ENABLED : 0);
    }

    private boolean pushRx(int b) {
        if (rxCount == RX_CAPACITY) {
            dropped++;
            overrun = true;
            return false;
        }
        rx[(rxHead + rxCount) % RX_CAPACITY] = (byte) b;
        rxCount++;
        return true;
    }

    private int popRx() {
        if (rxCount > 0) {
            rbr = rx[rxHead] & 0xFF;
            rxHead = (rxHead + 1) % RX_CAPACITY;
            rxCount--;
        }
        return rbr;
    }

    private int peekRx() {
        return rxCount > 0 ? rx[rxHead] & 0xFF : rbr;
    }

    private void updateIrq() {
        boolean level = interruptId() != IIR_NONE && (mcr & MCR_OUT2) != 0;
        if (level != irqLevel) {
            irqLevel = level;
            irq.set(level);
        }
    }

    /**
     * The numbers {@link #saveState} writes: every field the snapshot's registers and lines are made of. It runs on the
     * accessing thread, at an exit, so it reads the fields directly instead of through {@link #stable()}.
     */
    private static final int STATE_LENGTH = 18;

    @Override public int stateLength() {
        return STATE_LENGTH;
    }

    @Override public void saveState(long[] into, int offset) {
        int i = offset;
        into[i++] = peekRx();
        into[i++] = rxCount;
        into[i++] = thr;
        into[i++] = ier;
        into[i++] = thrIpending ? 1 : 0;
        into[i++] = fcr;
        into[i++] = lcr;
        into[i++] = mcr;
        into[i++] = overrun ? 1 : 0;
        into[i++] = txCount;
        into[i++] = lineStalled() ? 1 : 0;
        into[i++] = msrDeltas;
        into[i++] = scr;
        into[i++] = dll;
        into[i++] = dlm;
        into[i++] = dropped + lineDropped;
        into[i++] = transmitted;
        into[i] = txDropped << 1 | (irqLevel ? 1 : 0);
    }

    /** A detached UART loaded with the saved fields says what this one said then: one formatting for both. */
    @Override public DeviceSnapshot describe(long[] state, int offset) {
        boolean stalled = state[offset + 10] != 0;
        Uart16550 then = new Uart16550(new ConsoleSink() {
            @Override public void write(String source, int b) { }

            @Override public int room() {
                return stalled ? 0 : Integer.MAX_VALUE;
            }
        }, IrqLine.NONE);
        int i = offset;
        int next = (int) state[i++];
        then.rxCount = (int) state[i++];
        then.rx[0] = (byte) next;
        then.rbr = next;
        then.thr = (int) state[i++];
        then.ier = (int) state[i++];
        then.thrIpending = state[i++] != 0;
        then.fcr = (int) state[i++];
        then.lcr = (int) state[i++];
        then.mcr = (int) state[i++];
        then.overrun = state[i++] != 0;
        then.txCount = (int) state[i++];
        i++; // stalled: the detached sink's room
        then.msrDeltas = (int) state[i++];
        then.scr = (int) state[i++];
        then.dll = (int) state[i++];
        then.dlm = (int) state[i++];
        then.dropped = state[i++];
        then.transmitted = state[i++];
        then.txDropped = state[i] >>> 1;
        then.irqLevel = (state[i] & 1) != 0;
        return then.describe(0); // the saved count already holds the line's refusals
    }

    @Override public DeviceSnapshot snapshot() {
        long refused;
        synchronized (typing) {
            refused = lineDropped;
        }
        return stable().describe(refused);
    }

    /** The snapshot of this copy; {@code refused} typed bytes the line could not take. */
    private DeviceSnapshot describe(long refused) {
        List<DeviceSnapshot.Register> regs = new ArrayList<>();
        regs.add(reg("RBR", peekRx(), M.get(rxCount > 0 ? "rbr.next" : "rbr.empty")));
        regs.add(reg("THR", thr, M.get("thr")));
        regs.add(reg("IER", ier, ierMeaning()));
        regs.add(reg("IIR", iir(), iirMeaning()));
        regs.add(reg("FCR", fcr, (fcr & FCR_ENABLE) != 0
                ? M.format("fcr.on", new int[] {1, 4, 8, 14}[fcr >> 6]) : M.get("fcr.off")));
        regs.add(reg("LCR", lcr, lcrMeaning()));
        regs.add(reg("MCR", mcr, mcrMeaning()));
        regs.add(reg("LSR", lsr(), (rxCount > 0 ? M.get("lsr.dataReady") : "") + (overrun ? M.get("lsr.overrun") : "")
                + (txCount > 0 ? M.format("lsr.holds", txCount)
                : M.get(lineStalled() ? "lsr.stalled" : "lsr.empty"))));
        regs.add(reg("MSR", msr(), M.get(loopback() ? "msr.loopback" : "msr.asserted")
                + ((msrDeltas != 0) ? M.get("msr.changed") : "")));
        regs.add(reg("SCR", scr, M.get("scr")));
        regs.add(reg("DLL", dll, M.get("dll")));
        regs.add(reg("DLM", dlm, M.get("dlm")));
        int d = divisor();
        List<String> details = List.of(
                M.format("detail.rx", rxCount, RX_CAPACITY),
                M.format("detail.dropped", dropped + refused),
                M.format("detail.transmitted", transmitted),
                M.format("detail.tx", txCount, txCapacity()),
                M.format("detail.lost", txDropped),
                d == 0 ? M.get("detail.baud.undefined") : M.format("detail.baud", BASE_BAUD / d, d),
                M.get(irqLevel ? "detail.irq.high" : "detail.irq.low"));
        return new DeviceSnapshot(name(), regs, details);
    }

    private static DeviceSnapshot.Register reg(String name, int value, String meaning) {
        return new DeviceSnapshot.Register(name, value, 8, meaning);
    }

    private String ierMeaning() {
        List<String> on = new ArrayList<>();
        if ((ier & IER_ERBFI) != 0) on.add(M.get("ier.rx"));
        if ((ier & IER_ETBEI) != 0) on.add(M.get("ier.thre"));
        if ((ier & IER_ELSI) != 0) on.add(M.get("ier.line"));
        if ((ier & IER_EDSSI) != 0) on.add(M.get("ier.modem"));
        return on.isEmpty() ? M.get("ier.none") : M.format("ier.enabled", String.join(M.get("list.separator"), on));
    }

    private String iirMeaning() {
        return M.get(switch (interruptId()) {
            case IIR_RLS -> "iir.rls";
            case IIR_RDA -> "iir.rda";
            case IIR_THRE -> "iir.thre";
            case IIR_MSI -> "iir.msi";
            default -> "iir.none";
        });
    }

    private String lcrMeaning() {
        int bits = 5 + (lcr & 0x03);
        char parity = (lcr & 0x08) == 0 ? 'N' : (lcr & 0x20) != 0 ? ((lcr & 0x10) != 0 ? 'S' : 'M')
                : (lcr & 0x10) != 0 ? 'E' : 'O';
        String stop = (lcr & 0x04) == 0 ? "1" : bits == 5 ? "1.5" : "2";
        return bits + "" + parity + stop + ((lcr & 0x40) != 0 ? M.get("lcr.break") : "") + (dlab() ? ", DLAB=1" : ", DLAB=0");
    }

    private String mcrMeaning() {
        List<String> on = new ArrayList<>();
        if ((mcr & 0x01) != 0) on.add("DTR");
        if ((mcr & 0x02) != 0) on.add("RTS");
        if ((mcr & 0x04) != 0) on.add("OUT1");
        if ((mcr & MCR_OUT2) != 0) on.add(M.get("mcr.out2"));
        if (loopback()) on.add(M.get("mcr.loopback"));
        return on.isEmpty() ? M.get("mcr.off") : String.join(M.get("list.separator"), on);
    }
}
