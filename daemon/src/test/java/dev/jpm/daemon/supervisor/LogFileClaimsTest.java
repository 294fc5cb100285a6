package dev.jpm.daemon.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jpm.protocol.ecosystem.AppSpec;
import dev.jpm.protocol.ecosystem.LogSettings;
import dev.jpm.protocol.home.JpmHome;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LogFileClaimsTest {
    private static final JpmHome HOME = new JpmHome(Path.of("/home/u/.jpm"));

    private static AppSpec app(String name, String out, String err) {
        return new AppSpec(name, "/srv/a.jar", null, null, "/bin/java", "/srv", 2, null, null, null,
                new LogSettings(1024, 1, out, err, null), null, null, null, null);
    }

    @Test
    void anAppMaySendBothStreamsAndAllItsInstancesToOneFile() {
        assertEquals(Optional.empty(), LogFileClaims.problem(app("api", "/var/log/api.log", "/var/log/api.log"), List.of(), HOME));
    }

    @Test
    void twoAppsNamingOneFileAreRefused() {
        Optional<String> problem = LogFileClaims.problem(app("web", null, "/var/log/app.log"),
                List.of(app("api", "/var/log/app.log", null)), HOME);
        assertEquals(Optional.of("err_file /var/log/app.log names the file that app 'api' logs to (out_file /var/log/app.log);"
                + " give each app its own"), problem);
    }

    @Test
    void aPlaceholderThatCanBecomeTheOtherAppsNameIsRefused() {
        assertTrue(LogFileClaims.problem(app("web", "/var/log/app-${INSTANCE_ID}.log", null),
                List.of(app("api", "/var/log/app-1.log", null)), HOME).isPresent());
        assertTrue(LogFileClaims.problem(app("web", "/var/log/app-1.log", null),
                List.of(app("api", "/var/log/app-${INSTANCE_ID}.log", null)), HOME).isPresent());
    }

    @Test
    void namesThatOnlyLookAlikeAreFine() {
        assertFalse(LogFileClaims.sameFile("/var/log/app-${INSTANCE_ID}.log", "/var/log/app-x.log"));
        assertFalse(LogFileClaims.sameFile("/var/log/api-${INSTANCE_ID}.log", "/var/log/web-${INSTANCE_ID}.log"));
        assertFalse(LogFileClaims.sameFile("/var/log/a.b", "/var/log/aXb"), "a dot is a dot, not a regex");
    }

    @Test
    void devNullIsNobodysFile() {
        assertEquals(Optional.empty(), LogFileClaims.problem(app("web", "/dev/null", "/dev/null"),
                List.of(app("api", "/dev/null", "/dev/null")), HOME));
    }

    @Test
    void aFileInsideJpmHomeIsRefused() {
        Optional<String> problem = LogFileClaims.problem(app("web", "/home/u/.jpm/logs/api-0-out.log", null), List.of(), HOME);
        assertTrue(problem.orElseThrow().contains("is inside JPM_HOME"), problem.orElseThrow());
    }
}
