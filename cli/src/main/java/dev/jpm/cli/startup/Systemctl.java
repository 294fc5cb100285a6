package dev.jpm.cli.startup;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code systemctl} for one manager: the user's own ({@code --user}) or the system's. */
public final class Systemctl {
    /** daemon-reload and enable are quick; a start may wait for the daemon's JVM, a stop for instances. */
    private static final long TIMEOUT_S = 120;
    private static final List<String> SEARCHED = List.of("/usr/bin/systemctl", "/bin/systemctl", "/usr/local/bin/systemctl");

    private final String binary;
    private final boolean user;

    private Systemctl(String binary, boolean user) {
        this.binary = binary;
        this.user = user;
    }

    /** The systemctl of this machine, or null when it has none (no systemd: a container, another init). */
    public static Systemctl find(UnitFile.Scope scope) {
        for (String path : SEARCHED) {
            if (new File(path).canExecute()) {
                return new Systemctl(path, scope == UnitFile.Scope.USER);
            }
        }
        return null;
    }

    /** What a command printed, and whether it succeeded. */
    public record Outcome(boolean ok, String output, String command) {
    }

    public Outcome run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(binary);
        if (user) {
            cmd.add("--user");
        }
        cmd.addAll(List.of(args));
        Process process = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        boolean ended = process.waitFor(TIMEOUT_S, TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly();
        }
        String shown = String.join(" ", cmd);
        return new Outcome(ended && process.exitValue() == 0, ended ? output : output + " (no answer in " + TIMEOUT_S + " s)", shown);
    }
}
