package dev.jpm.cli.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jpm.protocol.wire.Events;
import org.junit.jupiter.api.Test;

class StartingLineTest {
    @Test
    void saysHowLongAndWhatTheReplacementHasDone() {
        assertEquals("api#1 (id 4) starting: 12 s, 4,213 classes loaded, 3.1 s CPU",
                StartingLine.of(new Events.Starting("api#1 (id 4)", 12_400, 3_080, 4_213)));
    }

    @Test
    void aJvmWithoutCountersShowsItsCpuOnly() {
        assertEquals("api#0 (id 2) starting: 31 s, 0.0 s CPU", StartingLine.of(new Events.Starting("api#0 (id 2)", 31_000, 0, -1)));
    }
}
