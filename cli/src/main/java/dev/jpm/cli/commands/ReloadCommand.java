package dev.jpm.cli.commands;

import dev.jpm.cli.client.Deadlines;
import dev.jpm.protocol.wire.Request;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jpm reload}: zero-downtime replacement of cluster instances, one at a time; or an update in place from a file. */
@Command(name = "reload", mixinStandardHelpOptions = true,
        description = {"Replace instances one by one without dropping a request: start the new one, wait until it is",
            "online, route new connections to it, then drain and stop the old one. Apps without a port are restarted.",
            "Given an ecosystem file, update its apps in place, as 'jpm start <file>' does."})
public final class ReloadCommand extends TargetCommand {
    @Option(names = "--update-env", description = "Run the instances with this shell's environment from now on (the app's env keys win).")
    boolean updateEnv;

    @Option(names = "--prune", description = "With an ecosystem file: delete the apps started from it that it no longer declares.")
    boolean prune;

    @Option(names = "--env", paramLabel = "profile", description = "With an ecosystem file: merge env_<profile> over env.")
    String envProfile;

    @Override
    protected long replyTimeoutMs() {
        return Deadlines.SETTLING_MS;
    }

    @Override
    protected int run() throws Exception {
        if (targets.size() == 1 && FileApps.isEcosystemFile(targets.get(0)) && Files.isRegularFile(Path.of(targets.get(0)))) {
            FileApps file = FileApps.read(Path.of(targets.get(0)), envProfile, null);
            Request.Update update = new Request.Update(file.source(), file.apps(), file.declared(), prune);
            UpdateReport.print(out(), sendShowingProgress(update, "waiting for instances"), json.enabled(), style());
            return 0;
        }
        return super.run();
    }

    @Override
    Request<?> request(String target) {
        return new Request.Reload(target, updateEnv ? System.getenv() : Map.of());
    }

    @Override
    String pastTense() {
        return "reloaded";
    }
}
