package dev.jpm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jpm.protocol.wire.Json;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code jpm start ecosystem.yaml} again, with apps of it running: a changed env rolls the
 * cluster app over under wrk keep-alive load without a failed request and the demo answers with
 * the new value; the unchanged app keeps its process; a new one starts; one taken out of the file
 * keeps running until {@code --prune}. And {@code --update-env} on reload.
 */
class UpdateInPlaceIT {
    /** Far below what the demo serves on / during a roll: the load really ran. */
    private static final long MIN_REQUESTS = 1_000;

    private JpmHarness jpm;
    private Path file;
    private int webPort;
    private int steadyPort;
    private int sidePort;
    private int extraPort;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void home() throws Exception {
        jpm = new JpmHarness();
        file = jpm.home().resolve("ecosystem.yaml");
        webPort = freePort();
        steadyPort = freePort();
        sidePort = freePort();
        extraPort = freePort();
    }

    @AfterEach
    void stop() throws Exception {
        jpm.close();
    }

    private String web(String version) {
        return "  - name: web\n    jar: " + JpmHarness.demoJar() + "\n    instances: 2\n    port: " + webPort
                + "\n    host: 127.0.0.1\n    health_path: /health\n    protocol: http\n"
                + "    jvm_args: [-Xmx64m, -XX:+UseSerialGC]\n    env: {DEMO_VERSION: \"" + version + "\"}\n";
    }

    /** An app without a public port; the demo still needs a port of its own. */
    private static String forked(String name, int port) {
        return "  - name: " + name + "\n    jar: " + JpmHarness.demoJar() + "\n    jvm_args: [-Xmx64m, -XX:+UseSerialGC]\n"
                + "    env: {PORT: \"" + port + "\"}\n";
    }

    @Test
    void aChangedEnvRollsUnderLoadWithoutAFailedRequestAndTheFileDecidesWhatElseRuns() throws Exception {
        Files.writeString(file, "apps:\n" + web("1") + forked("steady", steadyPort) + forked("side", sidePort));
        jpm.jpm("start", file.toString()).expectOk();
        assertEquals(Set.of("1"), versions());
        Set<Long> webBefore = pids("web");
        Set<Long> steadyBefore = pids("steady");
        Set<Long> sideBefore = pids("side");

        Files.writeString(file, "apps:\n" + web("2") + forked("steady", steadyPort) + forked("extra", extraPort));
        JpmHarness.Result[] update = new JpmHarness.Result[1];
        WrkAcross.run(jpm.home(), "http://127.0.0.1:" + webPort + "/", "update in place, keep-alive",
                () -> update[0] = jpm.jpm("start", file.toString()).expectOk()).assertNoFailureAtLeast(MIN_REQUESTS);

        String out = update[0].out();
        assertLine(out, "web", "rolled", "env");
        assertLine(out, "steady", "unchanged", "");
        assertLine(out, "extra", "started", "1 instance");
        assertLine(out, "side", "kept", "not in the file");
        assertEquals(Set.of("2"), versions(), "both web instances run the new spec");
        assertTrue(java.util.Collections.disjoint(webBefore, pids("web")), "every web instance replaced");
        assertEquals(steadyBefore, pids("steady"), "an unchanged app keeps its process");
        assertEquals(sideBefore, pids("side"), "an app that left the file runs on without --prune");
        assertEquals(1, pids("extra").size());

        // what jpm save keeps is the spec the instances run now
        jpm.jpm("save").expectOk();
        String dump = Files.readString(jpm.home().resolve("dump.json"));
        assertTrue(dump.contains("\"DEMO_VERSION\":\"2\"") && !dump.contains("\"DEMO_VERSION\":\"1\""), dump);

        JpmHarness.Result again = jpm.jpm("start", file.toString(), "--prune", "--json").expectOk();
        Map<?, ?> json = (Map<?, ?>) Json.parse(again.out().trim());
        List<?> changes = (List<?>) json.get("changes");
        assertTrue(changes.contains(Map.of("app", "side", "action", "pruned", "detail", "not in the file")), again.out());
        assertTrue(changes.contains(Map.of("app", "web", "action", "unchanged", "detail", "")), again.out());
        assertTrue(pids("side").isEmpty(), "pruned");
        for (long pid : sideBefore) {
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the pruned app's process is gone");
        }
    }

    @Test
    void aChangedInstanceCountScalesWithoutReplacingTheOthers() throws Exception {
        Files.writeString(file, "apps:\n" + web("1"));
        jpm.jpm("start", file.toString()).expectOk();
        Set<Long> before = pids("web");
        Files.writeString(file, "apps:\n" + web("1").replace("instances: 2", "instances: 3"));
        JpmHarness.Result r = jpm.jpm("start", file.toString()).expectOk();
        assertLine(r.out(), "web", "scaled", "2 → 3");
        Set<Long> after = pids("web");
        assertEquals(3, after.size());
        assertTrue(after.containsAll(before), "the two running instances were left alone");
        assertTrue(jpm.list().stream().allMatch(row -> "online".equals(row.get("status"))), jpm.list().toString());
    }

    @Test
    void updateEnvGivesTheInstancesTheCallersEnvironmentUnderTheAppsOwn() throws Exception {
        Files.writeString(file, "apps:\n" + web("1"));
        jpm.jpm("start", file.toString()).expectOk();

        jpm.run(List.of("env", "DEMO_FROM_SHELL=hello", "DEMO_VERSION=shell"), "reload", "web", "--update-env").expectOk();

        Set<Long> pids = pids("web");
        assertEquals(2, pids.size());
        for (long pid : pids) {
            String environ = Files.readString(Path.of("/proc", Long.toString(pid), "environ")).replace('\0', '\n');
            assertTrue(environ.contains("\nDEMO_FROM_SHELL=hello\n"), "the caller's variable reached the instance");
        }
        assertEquals(Set.of("1"), versions(), "the app's own env wins over the caller's");

        // without --update-env the environment taken stays: a plain reload keeps it
        jpm.jpm("reload", "web").expectOk();
        for (long pid : pids("web")) {
            assertTrue(Files.readString(Path.of("/proc", Long.toString(pid), "environ")).contains("DEMO_FROM_SHELL=hello"));
        }
    }

    /** "✓ web    rolled     env": the app, its action and the detail, on one line. */
    private static void assertLine(String out, String app, String action, String detail) {
        Pattern line = Pattern.compile("(?m)^✓ " + app + " +" + action + "\\b *" + Pattern.quote(detail) + ".*$");
        assertTrue(line.matcher(out).find(), "no line '" + app + " " + action + " " + detail + "' in:\n" + out);
    }

    /** DEMO_VERSION as the web instances answer it, over enough requests to reach each of them. */
    private Set<String> versions() throws Exception {
        Set<String> seen = new HashSet<>();
        for (int n = 0; n < 20; n++) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webPort + "/pid")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            seen.add(String.valueOf(((Map<?, ?>) Json.parse(r.body())).get("version")));
        }
        return seen;
    }

    private Set<Long> pids(String app) throws Exception {
        Set<Long> pids = new HashSet<>();
        jpm.list().stream().filter(r -> app.equals(r.get("name"))).forEach(r -> pids.add((Long) r.get("pid")));
        return pids;
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
