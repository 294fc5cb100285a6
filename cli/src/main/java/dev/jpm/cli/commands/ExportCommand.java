package dev.jpm.cli.commands;

import dev.jpm.cli.client.DaemonLauncher;
import dev.jpm.cli.export.Export;
import dev.jpm.cli.export.ExportException;
import dev.jpm.cli.export.ExportFile;
import dev.jpm.cli.export.ExportOptions;
import dev.jpm.cli.export.ExportTarget;
import dev.jpm.protocol.ecosystem.AppSpec;
import dev.jpm.protocol.ecosystem.Ecosystem;
import dev.jpm.protocol.ecosystem.EcosystemException;
import dev.jpm.protocol.ecosystem.EcosystemReader;
import dev.jpm.protocol.wire.ExitCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jpm export kubernetes|compose|systemd <ecosystem.yaml>}: the same apps for an
 * orchestrator, read from the file alone (no daemon). The files go to stdout, or into {@code -o};
 * notes and keys that are not carried over go to stderr and into a comment at the top of each file.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write the apps of an ecosystem file as Kubernetes manifests, a Docker Compose file or systemd units.")
public final class ExportCommand extends JpmSubcommand {
    @Parameters(index = "0", paramLabel = "kubernetes|compose|systemd", completionCandidates = TargetNames.class,
            converter = TargetConverter.class, description = "What to write for: ${COMPLETION-CANDIDATES}.")
    ExportTarget target;

    @Parameters(index = "1", paramLabel = "<ecosystem.yaml>", description = "The ecosystem file to export.")
    Path file;

    @Option(names = "--image", paramLabel = "IMAGE|app=IMAGE",
            description = "Container image of every app, or of one app (repeatable). Default: <name>:latest, with a warning.")
    List<String> images = new ArrayList<>();

    @Option(names = "--replicas", paramLabel = "N",
            description = "Copies of apps with instances 0 or -1 (one per core), which have no meaning off this machine.")
    Integer replicas;

    @Option(names = "--java", paramLabel = "command",
            description = "The java command inside the image (kubernetes, compose). Default: java, from the image's PATH.")
    String containerJava;

    @Option(names = "--only", split = ",", paramLabel = "app", description = "Export only these apps.")
    List<String> only;

    @Option(names = "--env", paramLabel = "profile", description = "Merge env_<profile> over env.")
    String envProfile;

    @Option(names = {"-o", "--output"}, paramLabel = "dir", description = "Write the files into this folder instead of stdout.")
    Path output;

    @Override
    protected int run() throws IOException {
        if (replicas != null && replicas < 1) {
            throw new CliFailure("--replicas takes a number of copies, 1 or more, not " + replicas, ExitCode.BAD_INPUT);
        }
        if (!Files.isRegularFile(file)) {
            throw new CliFailure("file not found: " + file.toAbsolutePath(), ExitCode.BAD_INPUT);
        }
        Export export;
        try {
            export = target.exporter().export(selected(), new ExportOptions(images, replicas, containerJava, DaemonLauncher.javaBinary()));
        } catch (ExportException e) {
            throw new CliFailure(target.typed() + ": " + e.getMessage(), ExitCode.BAD_INPUT);
        }
        export.warnings().forEach(w -> err().println(style().yellow("jpm: ") + w));
        err().flush();
        if (output == null) {
            printAll(export.files());
        } else {
            writeAll(export.files());
        }
        return ExitCode.OK.number();
    }

    private Ecosystem selected() {
        Ecosystem ecosystem;
        try {
            ecosystem = EcosystemReader.read(file, envProfile, DaemonLauncher.javaBinary());
        } catch (EcosystemException e) {
            throw new CliFailure(e.getMessage(), ExitCode.BAD_INPUT);
        }
        if (only == null) {
            return ecosystem;
        }
        List<String> names = ecosystem.apps().stream().map(AppSpec::name).toList();
        for (String wanted : only) {
            if (!names.contains(wanted)) {
                throw new CliFailure("--only names '" + wanted + "', which " + file + " does not declare", ExitCode.BAD_INPUT);
            }
        }
        return new Ecosystem(ecosystem.file(), ecosystem.apps().stream().filter(a -> only.contains(a.name())).toList());
    }

    /** One file as it is; several (systemd) each after a line naming it, so the stream can still be split by hand. */
    private void printAll(List<ExportFile> files) {
        for (ExportFile f : files) {
            if (files.size() > 1) {
                out().println("### " + f.name());
            }
            out().print(f.text());
        }
        out().flush();
    }

    private void writeAll(List<ExportFile> files) {
        try {
            Files.createDirectories(output);
            for (ExportFile f : files) {
                Path path = output.resolve(f.name());
                Files.writeString(path, f.text(), StandardCharsets.UTF_8);
                out().println("wrote " + path);
            }
        } catch (IOException e) {
            throw new CliFailure("cannot write into " + output + ": " + e.getMessage(), ExitCode.STORAGE);
        }
    }

    /** The targets, as they are typed. */
    static final class TargetNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(ExportTarget.values()).map(ExportTarget::typed).iterator();
        }
    }

    static final class TargetConverter implements CommandLine.ITypeConverter<ExportTarget> {
        @Override
        public ExportTarget convert(String value) {
            for (ExportTarget t : ExportTarget.values()) {
                if (t.typed().equals(value)) {
                    return t;
                }
            }
            throw new CommandLine.TypeConversionException("expected kubernetes, compose or systemd, found '" + value + "'");
        }
    }
}
