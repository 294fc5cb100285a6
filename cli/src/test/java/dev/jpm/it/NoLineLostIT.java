package dev.jpm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jpm.it.fixtures.NumberedLines;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * jpm's promise about logs: an instance writing numbered lines loses none and duplicates none
 * across a daemon killed with kill -9, a restart, a reload and several rotations.
 */
class NoLineLostIT {
    private static final Pattern LINE = Pattern.compile("pid=(\\d+) n=(\\d+) ");

    @RegisterExtension
    final JpmHarness jpm = JpmHarness.create();

    @Test
    void everyNumberedLineIsKeptExactlyOnce() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path jar = FixtureJars.build(jpm.home(), NumberedLines.class);
        Path yaml = jpm.home().resolve("ecosystem.yaml");
        Files.writeString(yaml, "apps:\n  - name: counter\n    jar: " + jar + "\n    port: " + port + "\n    host: 127.0.0.1\n"
                + "    log_max_size: 256K\n    log_retain: 1000\n    kill_timeout: 2s\n");
        jpm.jpm("start", yaml.toString()).expectOk();
        Path out = jpm.home().resolve("logs/counter-0-out.log");

        awaitLogGrowth(out);
        long daemon = jpm.daemonPid();
        ProcessHandle.of(daemon).orElseThrow().destroyForcibly();
        ProcessHandle.of(daemon).orElseThrow().onExit().get(10, TimeUnit.SECONDS);
        awaitLogGrowth(out);
        assertEquals("online", jpm.list().get(0).get("status"), "a new daemon re-adopted the instance");

        jpm.jpm("restart", "counter").expectOk();
        awaitLogGrowth(out);
        jpm.jpm("reload", "counter").expectOk();
        jpm.list();
        awaitLogGrowth(out);
        JpmHarness.await("two rotations", 60_000, () -> rotated(out).size() >= 2);
        jpm.jpm("stop", "counter").expectOk();

        Map<Long, List<Long>> byPid = new TreeMap<>();
        List<Path> files = new ArrayList<>(rotated(out));
        files.add(out);
        for (Path file : files) {
            try (BufferedReader r = reader(file)) {
                String line;
                while ((line = r.readLine()) != null) {
                    Matcher m = LINE.matcher(line);
                    assertTrue(m.lookingAt(), "a whole line in " + file.getFileName() + ": '" + line + "'");
                    byPid.computeIfAbsent(Long.parseLong(m.group(1)), p -> new ArrayList<>()).add(Long.parseLong(m.group(2)));
                }
            }
        }
        assertTrue(byPid.size() >= 3, "the first process, its restart and its reload all wrote: " + byPid.keySet());
        long total = 0;
        for (Map.Entry<Long, List<Long>> e : byPid.entrySet()) {
            List<Long> numbers = e.getValue();
            Set<Long> unique = new HashSet<>(numbers);
            assertEquals(numbers.size(), unique.size(), "no line twice for pid " + e.getKey());
            long max = numbers.stream().mapToLong(Long::longValue).max().orElseThrow();
            assertEquals(max + 1, unique.size(), "no line missing for pid " + e.getKey() + " (0.." + max + ")");
            total += numbers.size();
        }
        assertTrue(total > 10_000, "enough lines to mean something: " + total);

        // the keeper may rotate the file once more just after the stop (the app wrote 256K in its last
        // second), leaving it empty: then the newest line is in an archive, which logs does not read
        List<String> current = Files.readAllLines(out);
        if (!current.isEmpty()) {
            String tail = jpm.jpm("logs", "counter", "--lines", "3", "--nostream", "--out").expectOk().out();
            String lastLine = current.get(current.size() - 1);
            assertTrue(tail.contains(lastLine), "jpm logs shows the newest line '" + lastLine + "':\n" + tail);
        }
    }

    private static void awaitLogGrowth(Path file) throws Exception {
        long before = Files.exists(file) ? Files.size(file) : 0;
        JpmHarness.await("the log to grow", 30_000, () -> {
            try {
                long now = Files.size(file);
                return now != before && now > 0;
            } catch (IOException e) {
                return false;
            }
        });
        Thread.sleep(300);
    }

    private static List<Path> rotated(Path out) {
        try (var files = Files.list(out.getParent())) {
            return files.filter(p -> p.getFileName().toString().startsWith(out.getFileName() + ".") && p.toString().endsWith(".gz")
                    && !p.toString().contains("rotating")).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static BufferedReader reader(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        if (file.toString().endsWith(".gz")) {
            in = new GZIPInputStream(in);
        }
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
    }
}
