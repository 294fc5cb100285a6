package dev.jpm.cli.commands;

import dev.jpm.cli.client.DaemonLauncher;
import dev.jpm.protocol.ecosystem.AppSpec;
import dev.jpm.protocol.ecosystem.Ecosystem;
import dev.jpm.protocol.ecosystem.EcosystemException;
import dev.jpm.protocol.ecosystem.EcosystemReader;
import dev.jpm.protocol.wire.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The apps of an ecosystem file as {@code start} and {@code reload} send them: those picked by
 * {@code --only} (all without it), the names of all it declares (so the daemon can tell which of
 * the file's running apps have left it) and the file's absolute path, each app's {@code source}.
 */
record FileApps(String source, List<AppSpec> apps, List<String> declared) {

    static boolean isEcosystemFile(String what) {
        return what.endsWith(".yaml") || what.endsWith(".yml");
    }

    static FileApps read(Path file, String envProfile, List<String> only) {
        if (!Files.isRegularFile(file)) {
            throw new CliFailure("file not found: " + file.toAbsolutePath(), ExitCode.BAD_INPUT);
        }
        Ecosystem ecosystem;
        try {
            ecosystem = EcosystemReader.read(file, envProfile, DaemonLauncher.javaBinary());
        } catch (EcosystemException e) {
            throw new CliFailure(e.getMessage(), ExitCode.BAD_INPUT);
        }
        List<String> declared = ecosystem.apps().stream().map(AppSpec::name).toList();
        if (only != null) {
            for (String wanted : only) {
                if (!declared.contains(wanted)) {
                    throw new CliFailure("--only names '" + wanted + "', which " + file + " does not declare", ExitCode.BAD_INPUT);
                }
            }
        }
        List<AppSpec> apps = ecosystem.apps().stream().filter(a -> only == null || only.contains(a.name())).toList();
        if (apps.isEmpty()) {
            throw new CliFailure(file + " declares no apps", ExitCode.BAD_INPUT);
        }
        return new FileApps(file.toAbsolutePath().normalize().toString(), apps, declared);
    }
}
