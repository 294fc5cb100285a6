package dev.jpm.daemon.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The /proc sampler against real processes, and its parsing against what the kernel writes. */
class ProcProcessSamplerTest {
    private final ProcProcessSampler sampler = new ProcProcessSampler();

    /** A process name may hold spaces and parentheses; the fields are counted after the last ')'. */
    @Test
    void cpuIsUtimePlusStimeAfterTheLastParenthesis() {
        String stat = "4242 (my (odd) app) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 75 0 0 20 0 12 0 1234 5000000 900 18446744073709551615";
        assertEquals(OptionalLong.of(3_250), ProcProcessSampler.cpuMillis(stat), "(250 + 75) ticks of 10 ms");
        assertEquals(OptionalLong.empty(), ProcProcessSampler.cpuMillis("4242 (cut short) S 1 2"));
        assertEquals(OptionalLong.empty(), ProcProcessSampler.cpuMillis("garbage"));
    }

    @Test
    void rssIsVmRssInKibibytes() {
        assertEquals(OptionalLong.of(53_056L * 1024), ProcProcessSampler.rssBytes("Name:\tjava\nVmPeak:\t 9 kB\nVmRSS:\t   53056 kB\nRssAnon:\t 1 kB\n"));
        assertEquals(OptionalLong.empty(), ProcProcessSampler.rssBytes("Name:\tzombie\nState:\tZ (zombie)\n"));
    }

    /** Fails if USER_HZ were not the 100 assumed: the JDK's own reading asks sysconf. */
    @Test
    void cpuTimeAgreesWithTheJdksOwnReading() {
        long pid = ProcessHandle.current().pid();
        burnCpu(300);
        long jdkBefore = ProcessHandle.current().info().totalCpuDuration().orElseThrow().toMillis();
        long ours = sampler.read(pid).cpuMillis();
        long jdkAfter = ProcessHandle.current().info().totalCpuDuration().orElseThrow().toMillis();
        assertTrue(ours >= jdkBefore - 20 && ours <= jdkAfter + 20,
                "ours " + ours + " ms, the JDK's " + jdkBefore + ".." + jdkAfter + " ms");
    }

    @Test
    void rssAgreesWithStatus() throws Exception {
        long pid = ProcessHandle.current().pid();
        ProcProcessSampler.Reading reading = sampler.read(pid);
        String status = Files.readString(Path.of("/proc/self/status"));
        long kb = Long.parseLong(status.lines().filter(l -> l.startsWith("VmRSS:")).findFirst().orElseThrow().replaceAll("\\D", ""));
        assertTrue(Math.abs(reading.rssBytes() - kb * 1024) < 16L * 1024 * 1024, reading + " vs " + kb + " kB");
    }

    /** An instance's figures count its children: a shell whose child burns a core shows about a core. */
    @Test
    void aProcessTreeIsCountedWithItsChildren() throws Exception {
        Process parent = new ProcessBuilder("sh", "-c", "sh -c 'while :; do :; done' & wait").start();
        try {
            awaitChild(parent);
            sampler.sample(Set.of(parent.pid()));
            Thread.sleep(1_000);
            Map<Long, ProcessMetrics> second = sampler.sample(Set.of(parent.pid()));
            ProcessMetrics tree = second.get(parent.pid());
            assertNotNull(tree);
            assertTrue(tree.cpuPercent() > 30, "a child spinning on a core, counted with its parent: " + tree.cpuPercent() + " %");
            long ownRss = sampler.read(parent.pid()).rssBytes();
            assertTrue(tree.rssBytes() > ownRss, "the child's memory added: " + tree.rssBytes() + " vs " + ownRss);
        } finally {
            parent.descendants().forEach(ProcessHandle::destroyForcibly);
            parent.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aPidThatIsGoneIsLeftOut() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor(5, TimeUnit.SECONDS);
        assertNull(sampler.read(gone.pid()));
        assertFalse(sampler.sample(Set.of(gone.pid())).containsKey(gone.pid()));
    }

    private static void burnCpu(long millis) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        long x = 0;
        while (System.nanoTime() < end) {
            x += x * 31 + 7;
        }
        if (x == 42) {
            System.out.println(x);
        }
    }

    private static void awaitChild(Process parent) throws InterruptedException {
        long end = System.currentTimeMillis() + 5_000;
        while (parent.children().findAny().isEmpty()) {
            if (System.currentTimeMillis() > end) {
                throw new AssertionError("the child did not start");
            }
            Thread.sleep(10);
        }
    }
}
