package dev.jpm.cli.startup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jpm.protocol.ecosystem.AppSpec;
import dev.jpm.protocol.ecosystem.RestartSettings;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnitFileTest {
    private static final List<String> COMMAND = List.of("/opt/jdk/bin/java", "-Xmx256m", "-cp", "/opt/jpm/jpm.jar",
            "dev.jpm.daemon.DaemonMain", "--foreground", "--resurrect");

    @Test
    void aUserUnitIsExactlyThis() {
        UnitFile unit = new UnitFile(UnitFile.Scope.USER, "ann", COMMAND, Path.of("/home/ann/.jpm"), 20, "1.2");
        assertEquals("jpm.service", unit.name());
        assertEquals("""
                # written by 'jpm startup' (jpm 1.2); 'jpm unstartup' removes it
                [Unit]
                Description=jpm process manager for ann (JPM_HOME=/home/ann/.jpm)
                StartLimitIntervalSec=0

                [Service]
                Type=simple
                Environment=JPM_HOME=/home/ann/.jpm
                Environment=LC_ALL=C.UTF-8
                ExecStart=/opt/jdk/bin/java -Xmx256m -cp /opt/jpm/jpm.jar dev.jpm.daemon.DaemonMain --foreground --resurrect
                Restart=on-failure
                RestartSec=1
                KillMode=process
                TimeoutStopSec=20
                LimitNOFILE=524288

                [Install]
                WantedBy=default.target
                """, unit.text().lines().filter(l -> !l.trim().startsWith("#") || l.startsWith("# written"))
                .map(l -> l + "\n").reduce("", String::concat));
    }

    @Test
    void aSystemUnitRunsAsItsUserAfterTheNetworkWithMoreFiles() {
        String text = new UnitFile(UnitFile.Scope.SYSTEM, "deploy", COMMAND, Path.of("/srv/jpm"), 20, "1.2").text();
        assertTrue(text.contains("\nUser=deploy\n"), text);
        assertTrue(text.contains("\nAfter=network-online.target\n"), text);
        assertTrue(text.contains("\nLimitNOFILE=1048576\n"), text);
        assertTrue(text.contains("\nWantedBy=multi-user.target\n"), text);
        assertEquals("jpm-deploy.service", new UnitFile(UnitFile.Scope.SYSTEM, "deploy", COMMAND, Path.of("/srv/jpm"), 20, "1").name());
    }

    @Test
    void aUserUnitHasNoUserLine() {
        String text = new UnitFile(UnitFile.Scope.USER, "ann", COMMAND, Path.of("/h"), 20, "1").text();
        assertFalse(text.contains("User="), text);
    }

    @Test
    void wordsAreQuotedAsSystemdReadsThem() {
        assertEquals("/opt/jdk/bin/java", UnitFile.quoted("/opt/jdk/bin/java", true));
        assertEquals("\"/opt/my jdk/bin/java\"", UnitFile.quoted("/opt/my jdk/bin/java", true));
        assertEquals("/h/100%%", UnitFile.quoted("/h/100%", true));
        assertEquals("/h/$$x", UnitFile.quoted("/h/$x", true));
        assertEquals("JPM_HOME=/h/$x", UnitFile.quoted("JPM_HOME=/h/$x", false));
        assertEquals("\"a\\\"b\\\\c d\"", UnitFile.quoted("a\"b\\c d", true));
    }

    /** A line break or '%' in the home (or a path of the command) stays inside its own directive. */
    @Test
    void aHomeWithALineBreakOrPercentAddsNoDirective() {
        Path home = Path.of("/h/x\nExecStartPre=/bin/touch /tmp/owned %h");
        String text = new UnitFile(UnitFile.Scope.USER, "ann", List.of("/opt/j\ndk/bin/java", "-jar"), home, 20, "1").text();
        for (String line : text.split("\n")) {
            assertFalse(line.startsWith("ExecStartPre") || line.startsWith("dk/bin"), text);
        }
        assertTrue(text.contains("Description=jpm process manager for ann (JPM_HOME=/h/x\\nExecStartPre=/bin/touch /tmp/owned %%h)"), text);
        assertTrue(text.contains("Environment=\"JPM_HOME=/h/x\\nExecStartPre=/bin/touch /tmp/owned %%h\""), text);
        assertTrue(text.contains("ExecStart=\"/opt/j\\ndk/bin/java\" -jar"), text);
    }

    @Test
    void theStopTimeoutCoversTheLargestSavedKillTimeoutWithItsMargin() {
        assertEquals(5 + StopTimeout.MARGIN_SEC, StopTimeout.forApps(List.of()));
        AppSpec slow = app("slow", 40_500);
        AppSpec quick = app("quick", 1_000);
        assertEquals(41 + StopTimeout.MARGIN_SEC, StopTimeout.forApps(List.of(quick, slow)));
    }

    private static AppSpec app(String name, long killTimeoutMs) {
        RestartSettings d = RestartSettings.DEFAULTS;
        RestartSettings restart = new RestartSettings(d.autorestart(), d.maxRestarts(), d.minUptimeMs(), d.restartDelayMs(),
                d.expBackoffRestartDelayMs(), d.maxMemoryRestartBytes(), killTimeoutMs, d.cronRestart());
        return new AppSpec(name, "/a.jar", null, null, "/j", "/", 1, null, restart, null, null, null, null, null, null);
    }
}
