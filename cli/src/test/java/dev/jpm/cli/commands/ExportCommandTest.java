package dev.jpm.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jpm.cli.Main;
import dev.jpm.protocol.wire.ExitCode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code jpm export} run in this JVM through picocli, as a user types it: no daemon is involved
 * (JPM_HOME is the pom's test home, which nothing here touches), exit codes and output asserted.
 */
class ExportCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path temp;

    private int jpm(String... args) {
        var cmd = Main.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return cmd.execute(args);
    }

    private Path ecosystem(String apps) throws Exception {
        Files.createFile(temp.resolve("app.jar"));
        return Files.writeString(temp.resolve("ecosystem.yaml"), "apps:\n" + apps);
    }

    @Test
    void writesTheManifestsIntoAFolderAndWarnsOnStderr() throws Exception {
        Path file = ecosystem("  - {name: web, jar: app.jar, port: 8080, instances: 2, strategy: least_conn}\n"
                + "  - {name: jobs, jar: app.jar}\n");
        Path dir = temp.resolve("k8s");
        assertEquals(0, jpm("export", "kubernetes", file.toString(), "--image", "web=registry/web:1", "--only", "web", "-o", dir.toString()));
        assertEquals("wrote " + dir.resolve("kubernetes.yaml") + "\n", out.toString());
        List<Object> objects = List.of(new Yaml().loadAll(Files.readString(dir.resolve("kubernetes.yaml"))).iterator().next());
        assertTrue(err.toString().contains("jpm: web: 'strategy: least_conn' is not carried over to kubernetes"), err.toString());
        assertTrue(err.toString().contains("kubernetes has no equivalent for "), err.toString());
        String text = Files.readString(dir.resolve("kubernetes.yaml"));
        assertTrue(text.contains("image: registry/web:1"), text);
        assertTrue(!text.contains("name: jobs"), "--only web: " + text);
        assertEquals(1, objects.size());
    }

    @Test
    void printsSystemdUnitsOneAfterTheOtherOnStdout() throws Exception {
        Path file = ecosystem("  - {name: web, jar: app.jar}\n  - {name: jobs, jar: app.jar, instances: -1}\n");
        assertEquals(0, jpm("export", "systemd", file.toString(), "--replicas", "2"));
        assertTrue(out.toString().startsWith("### web@.service\n# systemd unit for the app web"), out.toString());
        assertTrue(out.toString().contains("### jobs@.service\n"), out.toString());
        assertTrue(err.toString().contains("jobs: instances: -1 (one per core but one) exported as 2 (--replicas)"), err.toString());
    }

    @Test
    void composeWithTheEnvProfile() throws Exception {
        Path file = ecosystem("  - name: web\n    jar: app.jar\n    env: {MODE: dev}\n    env_production: {MODE: prod}\n");
        assertEquals(0, jpm("export", "compose", file.toString(), "--env", "production", "--image", "web:1"));
        Map<?, ?> services = (Map<?, ?>) ((Map<?, ?>) new Yaml().load(out.toString())).get("services");
        assertEquals(Map.of("MODE", "prod"), ((Map<?, ?>) services.get("web")).get("environment"));
    }

    @Test
    void mistakesAreUsageErrorsWithAClearMessage() throws Exception {
        int badInput = ExitCode.BAD_INPUT.number();
        assertEquals(badInput, jpm("export", "kubernetes", temp.resolve("nope.yaml").toString()));
        assertTrue(err.toString().contains("jpm: file not found: " + temp.resolve("nope.yaml")), err.toString());

        Path file = ecosystem("  - {name: web, jar: app.jar, instances: 0}\n");
        assertEquals(badInput, jpm("export", "kubernetes", file.toString()));
        assertTrue(err.toString().contains("jpm: kubernetes: one per core has no meaning off this machine: choose a number of copies"
                + " with --replicas N for web (instances: 0, one per core)"), err.toString());
        assertEquals("", out.toString());

        assertEquals(badInput, jpm("export", "nomad", file.toString()));
        assertTrue(err.toString().contains("expected kubernetes, compose or systemd, found 'nomad'"), err.toString());
        assertEquals(badInput, jpm("export", "compose", file.toString(), "--replicas", "0"));
        assertTrue(err.toString().contains("--replicas takes a number of copies, 1 or more, not 0"), err.toString());
        assertEquals(badInput, jpm("export", "compose", file.toString(), "--replicas", "2", "--only", "api"));
        assertTrue(err.toString().contains("--only names 'api'"), err.toString());
    }
}
