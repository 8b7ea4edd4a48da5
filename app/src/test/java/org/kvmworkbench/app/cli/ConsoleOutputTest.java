package org.kvmworkbench.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;

@org.junit.jupiter.api.extension.ExtendWith(InEnglish.class)
class ConsoleOutputTest {
    /** Generous bound for "it returns at all" (an emulated host is 30-50x slower); not a timing goal. */
    private static final Duration RETURNS = Duration.ofSeconds(60);

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final PrintStream errStream = new PrintStream(err, true);

    /** A reader that never reads: every write blocks until released. */
    private static final class NeverRead extends OutputStream {
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch blocked = new CountDownLatch(1);

        @Override public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override public void write(byte[] b, int off, int len) {
            blocked.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test void everythingWrittenReachesTheStreamInOrderByClose() {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        ConsoleOutput c = new ConsoleOutput(sink, errStream, 16, Duration.ofSeconds(30));
        String text = "more text than the buffer holds at once, written while the writer drains it";
        for (int i = 0; i < text.length(); i++) {
            while (c.room() == 0) Thread.onSpinWait(); // a guest that polls LSR waits like this
            c.write("uart", text.charAt(i));
        }
        c.close();
        assertEquals(text, sink.toString(StandardCharsets.ISO_8859_1));
        assertEquals("", err.toString());
    }

    @Test void aReaderThatNeverReadsFillsTheBufferButNeverBlocksAWriterOrTheClose() throws Exception {
        NeverRead stuck = new NeverRead();
        ConsoleOutput c = new ConsoleOutput(stuck, errStream, 64, Duration.ofMillis(100));
        c.write("uart", 'x');
        stuck.blocked.await(); // the writer thread is inside a write that never returns
        assertTimeoutPreemptively(RETURNS, () -> {
            for (int i = 0; i < 1000; i++) c.write("debugcon", 'y'); // never blocks
        });
        assertEquals(0, c.room());
        assertEquals(1000 - 64, c.dropped());
        assertTimeoutPreemptively(RETURNS, c::close);
        assertTrue(err.toString().contains("64 bytes of guest output not written"), err.toString());
        assertTrue(err.toString().contains("936 bytes of guest output dropped"), err.toString());
        stuck.release.countDown();
    }

    @Test void aFailedStreamDiscardsTheRestAndNeverHoldsTheGuest() throws Exception {
        OutputStream gone = new OutputStream() {
            @Override public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
            }
        };
        ConsoleOutput c = new ConsoleOutput(gone, errStream, 8, Duration.ofSeconds(30));
        c.write("uart", 'a');
        long end = System.nanoTime() + RETURNS.toNanos();
        while (c.discarded() == 0 && System.nanoTime() < end) Thread.onSpinWait();
        for (int i = 0; i < 100; i++) {
            assertEquals(8, c.room(), "a dead reader must not hold the guest back");
            c.write("uart", 'b');
        }
        assertEquals(101, c.discarded());
        c.close();
        assertTrue(err.toString().contains("stdout failed"), err.toString());
    }

    @Test void theRunCommandEndsAndReportsWhenStdoutIsNeverRead() throws Exception {
        NeverRead stuck = new NeverRead();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        int status = assertTimeoutPreemptively(RETURNS, () -> new RunCommand(new PrintStream(stuck, false),
                new PrintStream(errBytes, true)).run(new String[] {"../samples/hello-serial.yaml", "--backend", "simulated"}));
        stuck.release.countDown();
        String e = errBytes.toString();
        assertEquals(0, status, e);
        assertTrue(e.contains("done: guest halted"), e);
        assertTrue(e.contains("bytes of guest output not written: stdout was not read"), e);
    }
}
