package dev.jpm.cli.monit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SparklineTest {
    @Test
    void scalesToTheTop() {
        assertEquals("▁▁▅█", Sparkline.of(List.of(0.0, 1.0, 50.0, 100.0), 100));
        assertEquals("▁▂▃▄▅▆▇█", Sparkline.of(List.of(0.0, 14.3, 28.6, 42.9, 57.1, 71.4, 85.7, 100.0), 100));
    }

    @Test
    void clampsAndLeavesGapsForMissingSamples() {
        assertEquals("█ ▁", Sparkline.of(Arrays.asList(250.0, null, -3.0), 100));
        assertEquals("▁▁", Sparkline.of(List.of(5.0, 0.0), 0));
        assertEquals("", Sparkline.of(List.of(), 100));
    }
}
