package dev.jpm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The daemon holds a socket per balanced connection (two with the backend's) and a file per log
 * it follows, so it needs the hard limit of open files, not the usual soft 1024. jpm does
 * nothing for it: HotSpot on Linux raises its own soft RLIMIT_NOFILE to the hard limit at start
 * (-XX:+MaxFDLimit, on by default), and the CLI's JVM does the same before it starts the
 * daemon. This holds jpm to that, as the kernel reports it, from a shell with a soft limit of 1024.
 */
class DaemonLimitsIT {
    private static final Pattern OPEN_FILES = Pattern.compile("Max open files\\s+(\\S+)\\s+(\\S+)");

    @RegisterExtension
    final JpmHarness jpm = JpmHarness.create();

    @Test
    void theDaemonsSoftFileLimitIsRaisedToTheHardLimit() throws Exception {
        // started from a shell with the usual soft limit, as from a login shell
        jpm.run(List.of("sh", "-c", "ulimit -Sn 1024 && exec \"$@\"", "sh"), "list").expectOk();

        String limits = Files.readString(Path.of("/proc", jpm.daemonPid().toString(), "limits"));
        Matcher m = OPEN_FILES.matcher(limits);
        assertTrue(m.find(), limits);
        assertEquals(m.group(2), m.group(1), "soft limit = hard limit:\n" + limits);
    }
}
