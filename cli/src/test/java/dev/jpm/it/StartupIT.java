package dev.jpm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jpm.it.fixtures.Sleeper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code jpm startup --print}: the unit passes {@code systemd-analyze verify} (user and system
 * manager) and holds the settings that make jpm safe unattended, read back from its text.
 */
class StartupIT {
    @RegisterExtension
    final JpmHarness jpm = JpmHarness.create();

    @Test
    void theUserUnitVerifiesAndHoldsTheRestartStopFilesAndResurrectSettings() throws Exception {
        JpmHarness.Result printed = jpm.jpm("startup", "--print", "--user").expectOk();
        UnitText unit = UnitText.parse(printed.out());

        assertEquals("on-failure", unit.one("Restart"));
        assertEquals("1", unit.one("RestartSec"));
        assertEquals("process", unit.one("KillMode"));
        assertEquals("0", unit.one("StartLimitIntervalSec"));
        assertEquals("20", unit.one("TimeoutStopSec"), "the default kill_timeout (5 s) and the margin (15 s)");
        assertTrue(Long.parseLong(unit.one("LimitNOFILE")) >= 65_536, unit.text());
        assertTrue(unit.all("Environment").contains("JPM_HOME=" + jpm.home()), unit.text());
        assertEquals("default.target", unit.one("WantedBy"));
        assertTrue(unit.all("User").isEmpty(), "a user unit runs as its user");
        List<String> exec = unit.execStart();
        assertEquals(JpmHarness.java(), exec.get(0), "the java running the CLI, pinned");
        assertEquals(List.of("dev.jpm.daemon.DaemonMain", "--foreground", "--resurrect", "--wait-for-lock"),
                exec.subList(exec.size() - 4, exec.size()));
        assertTrue(exec.contains("-cp") && Path.of(exec.get(exec.indexOf("-cp") + 1)).isAbsolute(), unit.text());

        assertEquals("", verify(printed.out(), true), "systemd-analyze verify --user");
        // the check can fail: a setting systemd cannot read is reported
        String broken = verify(printed.out().replace("KillMode=process", "KillMode=gently"), true);
        assertTrue(broken.contains("kill mode"), broken);
    }

    @Test
    void theSystemUnitVerifiesAndItsStopTimeoutCoversTheLargestSavedKillTimeout() throws Exception {
        Path sleeper = FixtureJars.build(jpm.home(), Sleeper.class);
        Path file = jpm.home().resolve("eco.yaml");
        Files.writeString(file, "apps:\n"
                + "  - name: patient\n    jar: " + sleeper + "\n    kill_timeout: 40s\n"
                + "  - name: quick\n    jar: " + sleeper + "\n    kill_timeout: 2s\n");
        jpm.jpm("start", file.toString()).expectOk();
        jpm.jpm("save").expectOk();

        JpmHarness.Result printed = jpm.jpm("startup", "--print", "--system").expectOk();
        UnitText unit = UnitText.parse(printed.out());
        assertEquals("55", unit.one("TimeoutStopSec"), "40 s of the slowest saved app and the margin (15 s)");
        assertEquals(System.getProperty("user.name"), unit.one("User"));
        assertEquals("multi-user.target", unit.one("WantedBy"));
        assertEquals("", verify(printed.out(), false), "systemd-analyze verify");
    }

    @Test
    void printChangesNothing() throws Exception {
        List<Path> before = listing(jpm.home());
        jpm.jpm("startup", "--print").expectOk();
        assertEquals(before, listing(jpm.home()));
        assertEquals(null, jpm.daemonPid(), "--print starts no daemon");
    }

    /** What systemd-analyze verify says about the unit (nothing when it is sound). */
    private String verify(String unitText, boolean user) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory(jpm.home(), "unit");
        Path unit = dir.resolve("jpm-startup-it.service");
        Files.writeString(unit, unitText);
        ProcessBuilder pb = new ProcessBuilder(user ? List.of("systemd-analyze", "verify", "--user", unit.toString())
                : List.of("systemd-analyze", "verify", unit.toString())).redirectErrorStream(true);
        // a user manager needs a runtime folder; a test has none of its own
        Path runtime = Files.createDirectories(dir.resolve("runtime"));
        pb.environment().put("XDG_RUNTIME_DIR", runtime.toString());
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "systemd-analyze hung");
        // only what concerns our unit: on some hosts verify also grumbles about the system's own units
        String ours = String.join("\n", output.lines().filter(l -> l.contains("jpm-startup-it") || l.contains("ExecStart")
                || l.contains("Unknown") || l.contains("Failed to parse")).toList());
        assertTrue(p.exitValue() == 0 || !ours.isEmpty(), "verify failed without naming our unit:\n" + output);
        return ours;
    }

    private static List<Path> listing(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }
}
