package dev.jpm.protocol.ecosystem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a well-formed ecosystem file turns into. */
class EcosystemReaderTest {
    private static final String JAVA = "/opt/jdk/bin/java";

    @TempDir
    Path dir;
    Path file;

    @BeforeEach
    void jar() throws IOException {
        file = dir.resolve("ecosystem.yaml");
        Files.writeString(dir.resolve("app.jar"), "not really a jar");
    }

    private Ecosystem parse(String yaml) throws EcosystemException {
        return EcosystemReader.parse(yaml, file, null, JAVA);
    }

    @Test
    void minimalAppTakesEveryDefault() throws Exception {
        Ecosystem eco = parse("""
                apps:
                  - name: api
                    jar: app.jar
                """);
        assertEquals(file, eco.file());
        assertEquals(1, eco.apps().size());
        AppSpec app = eco.apps().get(0);
        assertEquals("api", app.name());
        assertEquals(dir.resolve("app.jar").toString(), app.jar());
        assertEquals(List.of(), app.args());
        assertEquals(List.of(), app.jvmArgs());
        assertEquals(JAVA, app.java());
        assertEquals(dir.toString(), app.cwd());
        assertEquals(1, app.instances());
        assertEquals(Map.of(), app.env());
        assertEquals(RestartSettings.DEFAULTS, app.restart());
        assertNull(app.cluster());
        assertEquals(LogSettings.DEFAULTS, app.logs());
        assertEquals(file.toString(), app.source());
    }

    @Test
    void everyKeyIsRead() throws Exception {
        Files.createDirectory(dir.resolve("work"));
        AppSpec app = parse("""
                apps:
                  - name: api
                    jar: ./app.jar
                    args: [--port, "${PORT}", 42, true]
                    jvm_args: -Xmx256m   -XX:+UseG1GC
                    java: jdk/bin/java
                    cwd: work
                    instances: 4
                    env:
                      MODE: prod
                      THREADS: 8
                      DEBUG: false
                      EMPTY:
                    autorestart: false
                    max_restarts: 3
                    min_uptime: 2s
                    restart_delay: 500ms
                    exp_backoff_restart_delay: 100
                    max_memory_restart: 300M
                    kill_timeout: 1m
                    port: 8080
                    host: 127.0.0.1
                    strategy: least_conn
                    health_path: /health
                    listen_timeout: 45s
                    max_connections: 5000
                    log_max_size: 1G
                    log_retain: 0
                """).apps().get(0);
        assertEquals(dir.resolve("app.jar").toString(), app.jar());
        assertEquals(List.of("--port", "${PORT}", "42", "true"), app.args());
        assertEquals(List.of("-Xmx256m", "-XX:+UseG1GC"), app.jvmArgs());
        assertEquals(dir.resolve("jdk/bin/java").toString(), app.java());
        assertEquals(dir.resolve("work").toString(), app.cwd());
        assertEquals(4, app.instances());
        assertEquals(Map.of("MODE", "prod", "THREADS", "8", "DEBUG", "false", "EMPTY", ""), app.env());
        assertEquals(new RestartSettings(false, 3, 2_000, 500, 100, 300L * 1024 * 1024, 60_000, null), app.restart());
        assertEquals(new ClusterSettings(8080, "127.0.0.1", ClusterSettings.Strategy.LEAST_CONN, "/health", 45_000, 5_000), app.cluster());
        assertEquals(new LogSettings(1024L * 1024 * 1024, 0), app.logs());
    }

    @Test
    void portAloneGivesClusterDefaults() throws Exception {
        AppSpec app = parse("""
                apps:
                  - {name: web, jar: app.jar, port: 9000, strategy: round_robin}
                """).apps().get(0);
        assertEquals(ClusterSettings.onPort(9000), app.cluster());
        assertEquals(ClusterSettings.ALL_INTERFACES, app.cluster().host());
        assertEquals(ClusterSettings.DEFAULT_LISTEN_TIMEOUT_MS, app.cluster().listenTimeoutMs());
    }

    @Test
    void protocolKeysAndTheirDefaults() throws Exception {
        List<AppSpec> apps = parse("""
                apps:
                  - {name: plain, jar: app.jar, port: 9000}
                  - {name: web, jar: app.jar, port: 9001, protocol: http, forwarded: false}
                  - {name: web2, jar: app.jar, port: 9002, protocol: http}
                  - {name: db, jar: app.jar, port: 9003, protocol: tcp, proxy_protocol: v1}
                  - {name: db2, jar: app.jar, port: 9004, proxy_protocol: v2}
                """).apps();
        assertEquals(ClusterSettings.Protocol.TCP, apps.get(0).cluster().protocol());
        assertEquals(ClusterSettings.ProxyProtocol.NONE, apps.get(0).cluster().proxyProtocol());
        assertEquals(ClusterSettings.Protocol.HTTP, apps.get(1).cluster().protocol());
        assertEquals(false, apps.get(1).cluster().forwarded());
        assertEquals(true, apps.get(2).cluster().forwarded());
        assertEquals(ClusterSettings.ProxyProtocol.V1, apps.get(3).cluster().proxyProtocol());
        assertEquals(ClusterSettings.Protocol.TCP, apps.get(4).cluster().protocol());
        assertEquals(ClusterSettings.ProxyProtocol.V2, apps.get(4).cluster().proxyProtocol());
    }

    @Test
    void instancesZeroAndMinusOneMeanPerCore() throws Exception {
        List<AppSpec> apps = parse("""
                apps:
                  - name: a
                    jar: app.jar
                    instances: 0
                  - name: b
                    jar: app.jar
                    instances: -1
                """).apps();
        assertEquals(0, apps.get(0).instances());
        assertEquals(-1, apps.get(1).instances());
        assertEquals(8, apps.get(0).instanceCount(8));
        assertEquals(7, apps.get(1).instanceCount(8));
    }

    @Test
    void pathsResolveAgainstTheFilesFolderNotTheProcessFolder() throws Exception {
        Path conf = Files.createDirectories(dir.resolve("conf"));
        Path lib = Files.createDirectories(dir.resolve("lib"));
        Files.writeString(lib.resolve("x.jar"), "");
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Files.writeString(elsewhere.resolve("y.jar"), "");
        List<AppSpec> apps = EcosystemReader.parse("""
                apps:
                  - name: rel
                    jar: ../lib/./x.jar
                    cwd: ..
                  - name: abs
                    jar: %s
                    java: /usr/bin/java
                """.formatted(elsewhere.resolve("y.jar")), conf.resolve("ecosystem.yaml"), null, JAVA).apps();
        assertEquals(lib.resolve("x.jar").toString(), apps.get(0).jar());
        assertEquals(dir.toString(), apps.get(0).cwd());
        assertEquals(conf.resolve("ecosystem.yaml").toString(), apps.get(0).source());
        assertEquals(elsewhere.resolve("y.jar").toString(), apps.get(1).jar());
        assertEquals(conf.toString(), apps.get(1).cwd());
        assertEquals("/usr/bin/java", apps.get(1).java());
    }

    @Test
    void readLoadsARealFile() throws Exception {
        Files.writeString(file, """
                # the apps of this host
                apps:
                  - name: api   # public
                    jar: app.jar
                  - name: worker
                    jar: app.jar
                    instances: 2
                """);
        Ecosystem eco = EcosystemReader.read(file, null, JAVA);
        assertEquals(List.of("api", "worker"), eco.apps().stream().map(AppSpec::name).toList());
        assertEquals(2, eco.apps().get(1).instances());
    }

    @Test
    void readReportsAMissingFile() {
        EcosystemException e = assertThrows(EcosystemException.class,
                () -> EcosystemReader.read(dir.resolve("nope.yaml"), null, JAVA));
        assertEquals(dir.resolve("nope.yaml") + ": file not found", e.getMessage());
    }

    @Test
    void readRefusesAFileOverOneMebibyteBeforeReadingIt() throws Exception {
        Files.writeString(file, "#".repeat(YamlLoader.MAX_CHARS + 1));
        EcosystemException e = assertThrows(EcosystemException.class, () -> EcosystemReader.read(file, null, JAVA));
        assertTrue(e.getMessage().contains("larger than 1024 KiB"), e.getMessage());
    }

    @Test
    void readRefusesTextThatIsNotUtf8() throws Exception {
        Files.write(file, new byte[] {'a', 'p', 'p', 's', ':', (byte) 0xff, (byte) 0xfe});
        EcosystemException e = assertThrows(EcosystemException.class, () -> EcosystemReader.read(file, null, JAVA));
        assertEquals("not UTF-8 text", e.plainMessage());
    }

    @Test
    void envProfileIsMergedOverEnv() throws Exception {
        String yaml = """
                apps:
                  - name: api
                    jar: app.jar
                    env: {MODE: dev, PORT_HINT: 1}
                    env_production: {MODE: prod, EXTRA: yes}
                  - name: worker
                    jar: app.jar
                    env: {MODE: dev}
                """;
        List<AppSpec> plain = EcosystemReader.parse(yaml, file, null, JAVA).apps();
        assertEquals(Map.of("MODE", "dev", "PORT_HINT", "1"), plain.get(0).env());

        List<AppSpec> prod = EcosystemReader.parse(yaml, file, "production", JAVA).apps();
        assertEquals(Map.of("MODE", "prod", "PORT_HINT", "1", "EXTRA", "yes"), prod.get(0).env());
        assertEquals(Map.of("MODE", "dev"), prod.get(1).env(), "an app without the profile keeps its env");
    }

    @Test
    void aProfileNoAppHasIsAnError() {
        EcosystemException e = assertThrows(EcosystemException.class, () -> EcosystemReader.parse("""
                apps:
                  - name: api
                    jar: app.jar
                    env_production: {MODE: prod}
                    env_dev: {MODE: dev}
                """, file, "staging", JAVA));
        assertEquals("no app has 'env_staging' for the env profile 'staging'; profiles in the file: dev, production",
                e.plainMessage());
    }

    @Test
    void aliasesShareAValue() throws Exception {
        List<AppSpec> apps = parse("""
                apps:
                  - name: a
                    jar: app.jar
                    env: &common {REGION: eu, TIER: 2}
                    jvm_args: &jvm [-Xmx64m]
                  - name: b
                    jar: app.jar
                    env: *common
                    jvm_args: *jvm
                """).apps();
        assertEquals(Map.of("REGION", "eu", "TIER", "2"), apps.get(1).env());
        assertEquals(List.of("-Xmx64m"), apps.get(1).jvmArgs());
    }

    @Test
    void quotedAndYesNoScalarsReadAsTheirKinds() throws Exception {
        AppSpec app = parse("""
                apps:
                  - name: "api"
                    jar: 'app.jar'
                    instances: "3"
                    autorestart: no
                    max_memory_restart: 512kb
                    args: ""
                """).apps().get(0);
        assertEquals(3, app.instances());
        assertEquals(false, app.restart().autorestart());
        assertEquals(512L * 1024, app.restart().maxMemoryRestartBytes());
        assertEquals(List.of(), app.args());
    }

    @Test
    void emptyValuesMeanTheDefault() throws Exception {
        AppSpec app = parse("""
                apps:
                  - name: api
                    jar: app.jar
                    instances:
                    env: ~
                    kill_timeout: null
                """).apps().get(0);
        assertEquals(1, app.instances());
        assertEquals(Map.of(), app.env());
        assertEquals(RestartSettings.DEFAULTS.killTimeoutMs(), app.restart().killTimeoutMs());
    }
}
