package dev.jpm.cli.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jpm.protocol.ecosystem.Ecosystem;
import dev.jpm.protocol.ecosystem.EcosystemReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What an export refuses, and the words it uses: the user must learn what to change. */
class ExportErrorsTest {
    private static final ExportOptions NO_CHOICES = new ExportOptions(List.of(), null, null, "/usr/bin/java");

    @TempDir
    Path temp;

    @BeforeEach
    void aJar() throws Exception {
        Files.createFile(temp.resolve("app.jar"));
    }

    private Ecosystem apps(String yaml) throws Exception {
        return EcosystemReader.parse("apps:\n" + yaml, temp.resolve("ecosystem.yaml"), null, "/usr/bin/java");
    }

    private String refusal(ExportTarget target, Ecosystem ecosystem, ExportOptions options) {
        return assertThrows(ExportException.class, () -> target.exporter().export(ecosystem, options)).getMessage();
    }

    @Test
    void namesAreMappedToDnsLabels() throws Exception {
        Ecosystem ecosystem = apps("  - {name: My_App.v2, jar: app.jar, port: 8080}\n  - {name: 2fa-worker, jar: app.jar}\n");
        assertEquals(List.of("my-app-v2", "2fa-worker"), List.copyOf(DnsNames.of(ecosystem.apps()).values()));
    }

    @ParameterizedTest
    @EnumSource(value = ExportTarget.class, names = {"KUBERNETES", "COMPOSE"})
    void twoAppsWithOneDnsNameAreRefused(ExportTarget target) throws Exception {
        String message = refusal(target, apps("  - {name: my_app, jar: app.jar}\n  - {name: my-app, jar: app.jar}\n"), NO_CHOICES);
        assertEquals("apps 'my_app' and 'my-app' both become 'my-app' as a Kubernetes/DNS name (lowercase, '_' and '.' as '-');"
                + " rename one of them", message);
    }

    @Test
    void aNameThatCannotBeALabelIsRefused() throws Exception {
        String trailing = refusal(ExportTarget.KUBERNETES, apps("  - {name: worker_, jar: app.jar}\n"), NO_CHOICES);
        assertTrue(trailing.startsWith("app 'worker_' cannot be named on Kubernetes/DNS: 'worker-' must start and end with a letter or digit"),
                trailing);
        String longName = "a".repeat(64);
        String tooLong = refusal(ExportTarget.KUBERNETES, apps("  - {name: " + longName + ", jar: app.jar}\n"), NO_CHOICES);
        assertTrue(tooLong.contains("is 64 characters long, over the limit of 63"), tooLong);
        String service = refusal(ExportTarget.KUBERNETES, apps("  - {name: 2fa, jar: app.jar, port: 8080}\n"), NO_CHOICES);
        assertTrue(service.contains("'2fa' must start with a letter to name the Service for its port"), service);
    }

    @ParameterizedTest
    @EnumSource(ExportTarget.class)
    void onePerCoreNeedsReplicas(ExportTarget target) throws Exception {
        Ecosystem ecosystem = apps("  - {name: web, jar: app.jar, instances: 0}\n  - {name: jobs, jar: app.jar, instances: -1}\n"
                + "  - {name: one, jar: app.jar}\n");
        assertEquals("one per core has no meaning off this machine: choose a number of copies with --replicas N for"
                + " web (instances: 0, one per core), jobs (instances: -1, one per core but one)", refusal(target, ecosystem, NO_CHOICES));
        Export chosen = target.exporter().export(ecosystem, new ExportOptions(List.of("img"), 3, null, "/usr/bin/java"));
        assertTrue(chosen.warnings().contains("web: instances: 0 (one per core) exported as 3 (--replicas)"), chosen.warnings().toString());
    }

    @Test
    void imagesNameKnownApps() throws Exception {
        Ecosystem ecosystem = apps("  - {name: web, jar: app.jar}\n");
        String unknown = refusal(ExportTarget.KUBERNETES, ecosystem, new ExportOptions(List.of("api=img:1"), null, null, null));
        assertEquals("--image api=img:1: no app 'api' is exported (apps: web)", unknown);
        String twice = refusal(ExportTarget.COMPOSE, ecosystem, new ExportOptions(List.of("a:1", "b:1"), null, null, null));
        assertTrue(twice.startsWith("--image given twice for every app"), twice);
    }

    @Test
    void systemdInstancePortsMustFit() throws Exception {
        String message = refusal(ExportTarget.SYSTEMD, apps("  - {name: web, jar: app.jar, port: 65534, instances: 2}\n"), NO_CHOICES);
        assertEquals("web: 2 instance ports after 65534 go past 65535; choose fewer with --replicas or a lower port", message);
    }

    /** The values an app sets but the target drops are named on stderr, with the value and the reason. */
    @Test
    void droppedValuesAreWarnedAbout() throws Exception {
        Ecosystem ecosystem = apps("  - {name: web, jar: app.jar, port: 80, strategy: least_conn, max_restarts: 2}\n");
        Export export = ExportTarget.KUBERNETES.exporter().export(ecosystem, new ExportOptions(List.of("img"), null, null, "/usr/bin/java"));
        assertTrue(export.warnings().contains("web: 'strategy: least_conn' is not carried over to kubernetes: kube-proxy picks a pod"
                + " per connection itself (at random with iptables, round robin with IPVS)"), export.warnings().toString());
        assertTrue(export.warnings().stream().anyMatch(w -> w.startsWith("web: 'max_restarts: 2' is not carried over")),
                export.warnings().toString());
        assertTrue(export.files().get(0).text().contains("#   strategy: kube-proxy picks a pod per connection itself"
                + " (at random with iptables, round robin with IPVS) [set by web: least_conn]"), export.files().get(0).text());
    }
}
