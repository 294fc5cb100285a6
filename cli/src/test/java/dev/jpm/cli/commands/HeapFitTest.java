package dev.jpm.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jpm.protocol.ecosystem.AppSpec;
import dev.jpm.protocol.ecosystem.JvmSettings;
import dev.jpm.protocol.ecosystem.RestartSettings;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The heap a JVM may grow to, what it needs beside it, and the warning when that passes max_memory_restart. */
class HeapFitTest {
    private static final long MIB = 1 << 20;
    private static final long MACHINE = 8192 * MIB;

    @Test
    void theLastHeapOptionWinsElseAQuarterOfTheMemory() {
        assertEquals(512 * MIB, HeapFit.maxHeap(List.of("-Xmx1g", "-Xmx512m"), MACHINE).bytes());
        assertEquals(2 * 1024 * MIB, HeapFit.maxHeap(List.of("-XX:MaxHeapSize=2G"), MACHINE).bytes());
        assertEquals(2048 * MIB, HeapFit.maxHeap(List.of("-Dx=1"), MACHINE).bytes());
        assertEquals("the JVM's default max heap (25% of the 8192 MiB it sees)", HeapFit.maxHeap(List.of(), MACHINE).source());
        assertEquals(4096 * MIB, HeapFit.maxHeap(List.of("-XX:MaxRAMPercentage=50"), MACHINE).bytes());
        assertEquals(2048 * MIB, HeapFit.maxHeap(List.of("-Xmxlots"), MACHINE).bytes(), "a size the JVM refuses itself");
    }

    @Test
    void theEstimateIsAFixedPartAndATenthOfTheHeap() {
        assertEquals(512 * MIB + 128 * MIB + 512 * MIB / 10, HeapFit.expectedRss(512 * MIB));
        // the fitting heap's estimate is within the limit, one MiB more is not
        long fits = HeapFit.fittingHeap(600 * MIB);
        assertEquals(429 * MIB, fits);
        assertTrue(HeapFit.expectedRss(fits) <= 600 * MIB);
        assertTrue(HeapFit.expectedRss(fits + MIB) > 600 * MIB);
        assertEquals(0, HeapFit.fittingHeap(100 * MIB));
    }

    @Test
    void warnsWithTheHeapThatFits() {
        assertEquals(Optional.of("app 'api': -Xmx512m plus about 179 MiB outside the heap (metaspace, code cache, threads, GC) can reach"
                        + " 691 MiB, over max_memory_restart (600 MiB): it would be restarted once its heap fills; -Xmx429m would fit"),
                HeapFit.warning("api", List.of("-Xmx512m"), 600 * MIB, MACHINE));
        assertEquals(Optional.empty(), HeapFit.warning("api", List.of("-Xmx429m"), 600 * MIB, MACHINE));
        assertEquals(Optional.empty(), HeapFit.warning("api", List.of("-Xmx4g"), 0, MACHINE), "no limit, no warning");
        assertTrue(HeapFit.warning("api", List.of(), 600 * MIB, MACHINE).orElseThrow().startsWith("app 'api': the JVM's default max heap"));
        assertTrue(HeapFit.warning("api", List.of("-Xmx64m"), 100 * MIB, MACHINE).orElseThrow()
                .endsWith("no heap fits under it: raise max_memory_restart to at least 198 MiB (a 64 MiB heap)"));
    }

    @Test
    void machineMemoryIsTheLowerOfRamAndTheCgroupLimit() {
        assertEquals(OptionalLong.of(24683656L * 1024), MachineMemory.memTotal("MemTotal:       24683656 kB\nMemFree: 1 kB\n"));
        assertEquals(OptionalLong.empty(), MachineMemory.limit("max\n"));
        assertEquals(OptionalLong.empty(), MachineMemory.limit("9223372036854771712\n"), "cgroup v1's no limit");
        assertEquals(OptionalLong.of(536870912), MachineMemory.limit("536870912\n"));
        assertTrue(MachineMemory.bytes() > 0);
    }

    @Test
    void startWarnsOfCdsOnAJdkThatCannotMakeTheArchive() {
        AppSpec spec = new AppSpec("api", "/srv/api.jar", null, List.of("-Xmx64m"), "/bin/java", "/srv", 1, null, null, null, null,
                null, null, new JvmSettings(false, 3, JvmSettings.Cds.AUTO, false), null);
        assertEquals(List.of("app 'api': cds: auto needs JDK 19+ and its java is 17.0.15: it starts without a class-data archive"),
                StartWarnings.of(spec, MACHINE, Optional.of("17.0.15")));
        assertEquals(List.of(), StartWarnings.of(spec, MACHINE, Optional.of("21.0.2")));
        RestartSettings d = RestartSettings.DEFAULTS;
        AppSpec limited = new AppSpec("api", "/srv/api.jar", null, List.of("-Xmx512m"), "/bin/java", "/srv", 1, null,
                new RestartSettings(d.autorestart(), d.maxRestarts(), d.minUptimeMs(), d.restartDelayMs(), d.expBackoffRestartDelayMs(),
                        600 * MIB, d.killTimeoutMs(), null), null, null, null, null, null, null);
        assertEquals(1, StartWarnings.of(limited, MACHINE, Optional.of("17.0.15")).size());
    }
}
