package dev.jpm.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jpm.protocol.ecosystem.AppSpec;
import dev.jpm.protocol.ecosystem.ClusterSettings;
import dev.jpm.protocol.wire.ExitCode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code jpm start}'s options, parsed in-process by picocli, and the app specs they make; no daemon is asked. */
class StartCommandTest {
    @TempDir
    Path dir;
    Path jar;

    @BeforeEach
    void files() throws IOException {
        jar = Files.writeString(dir.resolve("app.jar"), "");
    }

    private List<AppSpec> apps(String... args) {
        StartCommand start = new StartCommand();
        new CommandLine(start).parseArgs(args);
        return start.appsToStart(Path.of(start.what));
    }

    private Path ecosystem(String appLines) throws IOException {
        return Files.writeString(dir.resolve("ecosystem.yaml"), "apps:\n  - name: web\n    jar: app.jar\n" + appLines);
    }

    @Test
    void aJarWithAPortTakesTheProtocol() {
        ClusterSettings cluster = apps(jar.toString(), "--port", "8080", "--protocol", "http").get(0).cluster();
        assertEquals(8080, cluster.port());
        assertEquals(ClusterSettings.Protocol.HTTP, cluster.protocol());
        assertEquals(ClusterSettings.Protocol.TCP, apps(jar.toString(), "--port", "8080").get(0).cluster().protocol());
    }

    @Test
    void theOptionOverridesTheFileAndKeepsItsOtherClusterKeys() throws IOException {
        Path file = ecosystem("    port: 3000\n    protocol: http\n    health_path: /health\n    forwarded: false\n");
        ClusterSettings fromFile = apps(file.toString()).get(0).cluster();
        assertEquals(ClusterSettings.Protocol.HTTP, fromFile.protocol());

        ClusterSettings overridden = apps(file.toString(), "--protocol", "tcp").get(0).cluster();
        assertEquals(ClusterSettings.Protocol.TCP, overridden.protocol());
        assertEquals("/health", overridden.healthPath());

        ClusterSettings moved = apps(file.toString(), "--port", "4000").get(0).cluster();
        assertEquals(4000, moved.port());
        assertEquals(ClusterSettings.Protocol.HTTP, moved.protocol(), "--port alone keeps the file's protocol");
        assertEquals(false, moved.forwarded());
    }

    @Test
    void protocolWithoutAPortIsRefused() throws IOException {
        CliFailure jarOnly = assertThrows(CliFailure.class, () -> apps(jar.toString(), "--protocol", "http"));
        assertEquals(ExitCode.BAD_INPUT, jarOnly.exit());
        assertTrue(jarOnly.getMessage().contains("--protocol applies to cluster mode"), jarOnly.getMessage());

        Path forkMode = ecosystem("    instances: 2\n");
        assertThrows(CliFailure.class, () -> apps(forkMode.toString(), "--protocol", "tcp"));
        assertNull(apps(forkMode.toString()).get(0).cluster());
    }

    @Test
    void httpOverAFileThatAsksForAProxyHeaderIsRefused() throws IOException {
        Path file = ecosystem("    port: 3000\n    proxy_protocol: v2\n");
        CliFailure e = assertThrows(CliFailure.class, () -> apps(file.toString(), "--protocol", "http"));
        assertTrue(e.getMessage().contains("'proxy_protocol', which only applies with tcp"), e.getMessage());
        assertEquals(ClusterSettings.ProxyProtocol.V2, apps(file.toString(), "--protocol", "tcp").get(0).cluster().proxyProtocol());
    }

    @Test
    void anUnknownProtocolIsAUsageError() {
        StringWriter err = new StringWriter();
        CommandLine cmd = new CommandLine(new StartCommand()).setErr(new PrintWriter(err));
        int code = cmd.execute(jar.toString(), "--port", "8080", "--protocol", "udp");
        assertEquals(CommandLine.ExitCode.USAGE, code);
        assertTrue(err.toString().contains("expected tcp or http, found 'udp'"), err.toString());
    }

    @Test
    void completionOffersBothProtocolsAsTyped() {
        CommandLine cmd = new CommandLine(new StartCommand());
        List<String> candidates = new ArrayList<>();
        cmd.getCommandSpec().findOption("--protocol").completionCandidates().forEach(candidates::add);
        assertEquals(List.of("tcp", "http"), candidates);
        assertTrue(cmd.getUsageMessage().contains("--protocol=tcp|http"), cmd.getUsageMessage());
    }
}
