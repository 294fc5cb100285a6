package dev.jpm.cli.export;

import dev.jpm.protocol.ecosystem.AppSpec;
import dev.jpm.protocol.ecosystem.Ecosystem;
import dev.jpm.protocol.ecosystem.EcosystemReader;
import dev.jpm.protocol.ecosystem.JvmSettings;
import dev.jpm.protocol.ecosystem.LivenessSettings;
import dev.jpm.protocol.ecosystem.StopSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The two ecosystems every export test uses, laid out in a temporary folder as the reader needs
 * them (jars that exist, a cwd that is a folder): the repo's own ecosystem.yaml, and
 * {@code every-key.yaml}, which sets every key jpm reads.
 */
final class ExportFixtures {
    /** The java of the golden files: any fixed path, so they do not depend on the machine. */
    static final String GOLDEN_JAVA = "/usr/lib/jvm/java-17-openjdk/bin/java";
    /** Stands for the temporary folder in the golden files. */
    static final String GOLDEN_FOLDER = "/srv/jpm";
    static final String REAL_JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    private ExportFixtures() {
    }

    /** The repo's ecosystem.yaml (the demo), read from a copy beside a stand-in jar. */
    static Ecosystem demo(Path dir, String defaultJava) throws Exception {
        Path file = dir.resolve("ecosystem.yaml");
        Files.copy(Path.of("..", "ecosystem.yaml"), file);
        touch(dir.resolve("demo-app/target/demo-app.jar"));
        return EcosystemReader.read(file, null, defaultJava);
    }

    static ExportOptions demoOptions(String defaultJava) {
        return new ExportOptions(List.of(), null, null, defaultJava);
    }

    /**
     * every-key.yaml with its profile "production", plus the stop, liveness and jvm settings the
     * reader does not read yet (issues 10 and 14), set on the model: SIGINT and liveness timings on
     * Api.v2, clean exit codes and a health_url on my_worker. Its {@code java: bin/java} is a link to
     * the java running the tests, so {@code systemd-analyze verify} finds an executable there.
     */
    static Ecosystem everyKey(Path dir, String defaultJava) throws Exception {
        Path file = dir.resolve("every-key.yaml");
        try (InputStream in = ExportFixtures.class.getResourceAsStream("/export/every-key.yaml")) {
            Files.copy(in, file);
        }
        for (String jar : List.of("api", "gateway", "worker")) {
            touch(dir.resolve("jars/" + jar + ".jar"));
        }
        Files.createDirectories(dir.resolve("work"));
        Files.createDirectories(dir.resolve("bin"));
        Files.createSymbolicLink(dir.resolve("bin/java"), Path.of(REAL_JAVA));
        Ecosystem read = EcosystemReader.read(file, "production", defaultJava);
        List<AppSpec> apps = new ArrayList<>();
        for (AppSpec app : read.apps()) {
            apps.add(switch (app.name()) {
                case "Api.v2" -> with(app, new StopSettings("SIGINT", List.of()), new LivenessSettings(null, 5_000, 1_500, 5),
                        new JvmSettings(true, 2, JvmSettings.Cds.AUTO, true));
                case "my_worker" -> with(app, new StopSettings(null, List.of(0, 3)),
                        new LivenessSettings("http://127.0.0.1:8081/healthz?deep=1", 30_000, 5_000, 2), null);
                default -> app;
            });
        }
        return new Ecosystem(read.file(), apps);
    }

    static ExportOptions everyKeyOptions(String defaultJava) {
        return new ExportOptions(List.of("registry.example.com/jpm-apps:1.0", "Api.v2=registry.example.com/api:2.0"),
                4, null, defaultJava);
    }

    /** The text with the temporary folder replaced, as the golden files hold it. */
    static String normalized(String text, Path dir) {
        return text.replace(dir.toString(), GOLDEN_FOLDER);
    }

    private static AppSpec with(AppSpec a, StopSettings stop, LivenessSettings liveness, JvmSettings jvm) {
        return new AppSpec(a.name(), a.jar(), a.args(), a.jvmArgs(), a.java(), a.cwd(), a.instances(), a.env(), a.restart(),
                a.cluster(), a.logs(), stop, liveness, jvm, a.source());
    }

    private static void touch(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.createFile(file);
    }
}
