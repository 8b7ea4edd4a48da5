package org.kvmworkbench.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.kvmworkbench.core.backend.SimulatedVcpu;
import org.kvmworkbench.core.config.ConfigLoader;
import org.kvmworkbench.core.device.ConsoleSink;

/** Output a device held back for a full console goes out once the console has room, without another kick. */
class HeldOutputTest {
    @Test
    void virtioOutputHeldForAFullConsoleIsSentWhenRoomReturnsWithoutAnotherKick() throws Exception {
        StringBuilder console = new StringBuilder();
        boolean[] open = {false};
        ConsoleSink sink = new ConsoleSink() {
            @Override public void write(String source, int b) {
                console.append((char) b);
            }

            @Override public int room() {
                return open[0] ? Integer.MAX_VALUE : 0;
            }
        };
        var config = ConfigLoader.load(SampleRunner.SAMPLES.resolve("virtio-kick.yaml"));
        VmmLoop loop = new VmmLoop(new SimulatedVcpu(config, sink, "test"));
        while (loop.exits() < 200) loop.step(HeadlessRun.SLICE); // three kicks, then the guest waits for used buffers
        assertFalse(console.toString().contains("kick"), "nothing sent while the console is full: " + console);

        open[0] = true; // the terminal drains: no kick follows, the guest only waits
        HeadlessRun.Result r = HeadlessRun.run(loop, new RunLimits(1_000_000, 50_000_000, Duration.ofSeconds(20)));
        assertEquals(RunOutcome.HALTED, r.outcome());
        assertEquals(SampleRunner.expected("virtio-kick"), console.toString());
    }
}
