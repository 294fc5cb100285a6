package dev.jpm.cli.client;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.StandardProtocolFamily;
import java.nio.channels.SocketChannel;
import org.junit.jupiter.api.Test;

class WatchdogTest {
    @Test
    void aDeadlineThatPassedIsForgottenWhenTheNextOneIsArmed() throws Exception {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            Watchdog watchdog = new Watchdog(channel);
            watchdog.arm(1);
            long giveUp = System.currentTimeMillis() + 10_000;
            while (!watchdog.fired() && System.currentTimeMillis() < giveUp) {
                Thread.sleep(5);
            }
            assertTrue(watchdog.fired());
            assertFalse(channel.isOpen(), "a passed deadline closes the channel");

            watchdog.arm(60_000);
            assertFalse(watchdog.fired(), "a later failure must not read as 'the daemon may be frozen'");
            watchdog.disarm();
        }
    }
}
