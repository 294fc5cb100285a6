package dev.jpm.daemon.metrics.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jpm.daemon.metrics.JvmMetrics;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reads real child JVMs and checks the figures against what jstat says of the same process. */
class HsPerfDataSamplerTest {
    private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");
    private static final Path JSTAT = Path.of(System.getProperty("java.home"), "bin", "jstat");
    private static final long TIMEOUT_MS = 30_000;

    private final List<Process> children = new ArrayList<>();

    @AfterEach
    void stopChildren() throws InterruptedException {
        for (Process p : children) {
            p.destroy();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"-XX:+UseG1GC", "-XX:+UseSerialGC", "-XX:+UseParallelGC", "-XX:+UseZGC"})
    void agreesWithJstat(String gc) throws Exception {
        assumeTrue(Files.isExecutable(JSTAT), "jstat is not in this JDK");
        Process child = garbageJvm(gc);
        HsPerfDataSampler sampler = HsPerfDataSampler.forCurrentUser();
        JvmMetrics before = awaitMetrics(sampler, child.pid());
        Map<String, Double> jstat = jstat(child.pid());
        JvmMetrics after = sampler.sample(Set.of(child.pid())).get(child.pid());

        long jstatUsed = kb(jstat, "S0U", "S1U", "EU", "OU");
        long jstatCommitted = kb(jstat, "S0C", "S1C", "EC", "OC");
        long tolerance = Math.max(2L << 20, jstatUsed / 20);
        assertTrue(Math.abs(before.heapUsed() - jstatUsed) <= tolerance || Math.abs(after.heapUsed() - jstatUsed) <= tolerance,
                "heap used: ours " + before.heapUsed() + ".." + after.heapUsed() + ", jstat " + jstatUsed);
        assertTrue(Math.abs(after.heapCommitted() - jstatCommitted) <= (1L << 20),
                "heap committed: ours " + after.heapCommitted() + ", jstat " + jstatCommitted);
        long jstatGcs = Math.round(jstat.getOrDefault("YGC", 0.0) + jstat.getOrDefault("FGC", 0.0) + jstat.getOrDefault("CGC", 0.0));
        assertTrue(after.gcCount() >= 2, "two System.gc() calls were made: " + after.gcCount());
        assertEquals(jstatGcs, after.gcCount(), "collections");
        assertEquals(jstat.get("GCT") * 1000, after.gcTimeMs(), 5.0, "GC time in ms");
        assertTrue(after.heapMax() >= after.heapCommitted() && after.heapMax() <= 300L << 20,
                "heap max under -Xmx256m (plus rounding): " + after.heapMax());
        assertTrue(after.threads() > 1, "threads: " + after.threads());
    }

    @Test
    void aJvmWithoutPerfDataGivesNothing() throws Exception {
        Process child = garbageJvm("-XX:-UsePerfData");
        HsPerfDataSampler sampler = HsPerfDataSampler.forCurrentUser();
        for (int i = 0; i < 3; i++) {
            assertTrue(sampler.sample(Set.of(child.pid())).isEmpty());
        }
    }

    @Test
    void aMissingOrBrokenFileGivesNothing(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("42"), "not perf data at all, but long enough to have a prologue");
        Files.createFile(dir.resolve("43"));
        HsPerfDataSampler sampler = new HsPerfDataSampler(dir);
        assertTrue(sampler.sample(Set.of(41L, 42L, 43L)).isEmpty());
    }

    private Process garbageJvm(String option) throws IOException {
        String classes = Path.of(GarbageMain.class.getProtectionDomain().getCodeSource().getLocation().getPath()).toString();
        Process p = new ProcessBuilder(JAVA.toString(), "-Xmx256m", option, "-cp", classes, GarbageMain.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        children.add(p);
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertTrue(line != null && line.startsWith("ready"), "child said: " + line);
        return p;
    }

    private static JvmMetrics awaitMetrics(HsPerfDataSampler sampler, long pid) throws InterruptedException {
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        while (System.currentTimeMillis() < deadline) {
            JvmMetrics m = sampler.sample(Set.of(pid)).get(pid);
            if (m != null) {
                return m;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no perf data for pid " + pid);
    }

    /** One run of {@code jstat -gc}: header names to values (KB for sizes, seconds for times). */
    private static Map<String, Double> jstat(long pid) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(JSTAT.toString(), "-gc", Long.toString(pid)).redirectErrorStream(true).start();
        List<String> lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))
                .lines().toList();
        assertTrue(p.waitFor(TIMEOUT_MS, TimeUnit.MILLISECONDS), "jstat hung");
        assertEquals(2, lines.size(), "jstat said: " + lines);
        String[] names = lines.get(0).trim().split("\\s+");
        String[] values = lines.get(1).trim().split("\\s+");
        Map<String, Double> result = new HashMap<>();
        for (int i = 0; i < names.length; i++) {
            if (!values[i].equals("-")) {
                result.put(names[i], Double.parseDouble(values[i]));
            }
        }
        return result;
    }

    private static long kb(Map<String, Double> jstat, String... columns) {
        double total = 0;
        for (String c : columns) {
            total += jstat.getOrDefault(c, 0.0);
        }
        return Math.round(total * 1024);
    }
}
