package dev.jpm.protocol.ecosystem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jpm.protocol.home.AppName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way an ecosystem file can be wrong gives a message with its line and column. */
class EcosystemReaderErrorTest {
    @TempDir
    Path dir;
    Path file;

    @BeforeEach
    void jar() throws IOException {
        file = dir.resolve("ecosystem.yaml");
        Files.writeString(dir.resolve("app.jar"), "");
    }

    private EcosystemException fail(String yaml) {
        return assertThrows(EcosystemException.class, () -> EcosystemReader.parse(yaml, file, null, "/bin/java"));
    }

    private static void assertAt(EcosystemException e, int line, int column, String plainMessage) {
        assertEquals(plainMessage, e.plainMessage());
        assertEquals(line, e.line(), "line");
        assertEquals(column, e.column(), "column");
    }

    private static void assertAt(EcosystemException e, int line, int column) {
        assertEquals(line, e.line(), () -> "line of: " + e.getMessage());
        assertEquals(column, e.column(), () -> "column of: " + e.getMessage());
    }

    private static void assertMentions(EcosystemException e, String... fragments) {
        for (String fragment : fragments) {
            assertTrue(e.plainMessage().contains(fragment), () -> "'" + fragment + "' not in: " + e.getMessage());
        }
    }

    @Test
    void aTagSnakeYamlCannotDecodeIsBadYamlNotACrash() {
        // found by EcosystemReaderFuzzTest: SnakeYAML's composer threw IllegalArgumentException
        assertTrue(fail("!g%a").plainMessage().startsWith("bad YAML: "));
    }

    @Test
    void unknownKeyRendersLikeACompilerWithASuggestion() {
        EcosystemException e = assertThrows(EcosystemException.class, () -> EcosystemReader.parse("""
                apps:
                  - name: api
                    jar: app.jar
                    env:
                      A: b
                    instances: 2
                    max_restart: 3
                """, Path.of("ecosystem.yaml"), null, "/bin/java"));
        assertEquals("ecosystem.yaml:7:5: unknown key 'max_restart' in app 'api' (did you mean 'max_restarts'?)", e.getMessage());
        assertEquals(Path.of("ecosystem.yaml"), e.file());
    }

    @Test
    void unknownKeySuggestsThroughTranspositionsAndCase() {
        assertAt(fail("""
                apps:
                  - name: api
                    jar: app.jar
                    jvm_agrs: [-Xmx1g]
                """), 4, 5, "unknown key 'jvm_agrs' in app 'api' (did you mean 'jvm_args'?)");
        assertAt(fail("""
                apps:
                  - jar: app.jar
                    Name: api
                """), 3, 5, "unknown key 'Name' in app #1 (did you mean 'name'?)");
    }

    @Test
    void unknownKeyFarFromAnyGetsNoSuggestion() {
        EcosystemException e = fail("""
                apps:
                  - name: api
                    jar: app.jar
                    replicas_wanted: 3
                """);
        assertAt(e, 4, 5, "unknown key 'replicas_wanted' in app 'api'");
    }

    @Test
    void unknownTopLevelKeySuggestsApps() {
        assertAt(fail("""
                app:
                  - name: api
                """), 1, 1, "unknown top-level key 'app' (did you mean 'apps'?); the file holds only 'apps'");
        assertAt(fail("""
                apps:
                  - {name: api, jar: app.jar}
                services: []
                """), 3, 1, "unknown top-level key 'services'; the file holds only 'apps'");
    }

    @Test
    void mergeKeysAreExplained() {
        EcosystemException e = fail("""
                defaults: &d {instances: 2}
                apps:
                  - name: api
                    jar: app.jar
                    <<: *d
                """);
        assertAt(e, 1, 1);
        e = fail("""
                apps:
                  - name: api
                    jar: app.jar
                    <<: {instances: 2}
                """);
        assertAt(e, 4, 5);
        assertMentions(e, "merge keys ('<<') are not supported");
    }

    @Test
    void wrongTypesNameKeyExpectedAndFound() {
        assertAt(fail("""
                apps:
                  - name: api
                    jar: app.jar
                    instances: two
                """), 4, 16, "wrong type for 'instances' in app 'api': expected integer, found 'two'");
        assertAt(fail("""
                apps:
                  - name: api
                    jar: app.jar
                    args: {a: 1}
                """), 4, 11, "wrong type for 'args' in app 'api': expected list of strings, found a mapping");
        assertAt(fail("""
                apps:
                  - name: api
                    jar: app.jar
                    autorestart: maybe
                """), 4, 18, "wrong type for 'autorestart' in app 'api': expected true or false, found 'maybe'");
        assertAt(fail("""
                apps:
                  - name: api
                    jar: app.jar
                    env: [A, B]
                """), 4, 10, "wrong type for 'env' in app 'api': expected mapping of names to values, found a list");
        assertAt(fail("""
                apps:
                  - name: [api]
                    jar: app.jar
                """), 2, 11, "wrong type for 'name' in app #1: expected string, found a list");
        assertAt(fail("""
                apps:
                  - name: api
                    jar: app.jar
                    port: 80.5
                """), 4, 11, "wrong type for 'port' in app 'api': expected integer, found '80.5'");
    }

    @Test
    void wrongItemsInsideListsAndEnv() {
        assertAt(fail("""
                apps:
                  - name: api
                    jar: app.jar
                    args:
                      - ok
                      - [nested]
                """), 6, 9, "wrong type in 'args' of app 'api': expected each item to be a string, found a list");
        assertAt(fail("""
                apps:
                  - name: api
                    jar: app.jar
                    env:
                      A: {b: c}
                """), 5, 10, "wrong type for 'A' in 'env' of app 'api': expected a string, number or boolean, found a mapping");
        assertAt(fail("""
                apps:
                  - name: api
                    jar: app.jar
                    env_prod:
                      "A=B": c
                """), 5, 7, "'A=B' in 'env_prod' of app 'api' is not a valid environment variable name");
    }

    @Test
    void badDurationsAndSizesSayWhy() {
        assertAt(fail("""
                apps:
                  - name: api
                    jar: app.jar
                    min_uptime: soon
                """), 4, 17, "'min_uptime' of app 'api': bad duration 'soon': expected a whole number of milliseconds, "
                + "or one followed by ms, s, m or h (500ms, 2s, 1m)");
        assertAt(fail("""
                apps:
                  - name: api
                    jar: app.jar
                    max_memory_restart: -5M
                """), 4, 25, "'max_memory_restart' of app 'api': size '-5M' is negative");
        assertAt(fail("""
                apps:
                  - name: api
                    jar: app.jar
                    kill_timeout: [1s]
                """), 4, 19, "wrong type for 'kill_timeout' in app 'api': expected duration (500ms, 2s, 1m or milliseconds), found a list");
    }

    @Test
    void integersOutOfRange() {
        assertAt(fail("""
                apps:
                  - name: api
                    jar: app.jar
                    instances: -2
                """), 4, 16, "'instances' of app 'api' must be at least -1, found -2");
        assertAt(fail("""
                apps:
                  - name: api
                    jar: app.jar
                    port: 70000
                """), 4, 11, "'port' of app 'api' must be from 1 to 65535, found 70000");
        assertAt(fail("""
                apps:
                  - name: api
                    jar: app.jar
                    port: 0
                """), 4, 11, "'port' of app 'api' must be from 1 to 65535, found 0");
        assertAt(fail("""
                apps:
                  - name: api
                    jar: app.jar
                    log_retain: -1
                """), 4, 17, "'log_retain' of app 'api' must be at least 0, found -1");
        assertAt(fail("""
                apps:
                  - name: api
                    jar: app.jar
                    max_restarts: 99999999999999999999999
                """), 4, 19, "'max_restarts' of app 'api' must be at least 0, found 99999999999999999999999");
    }

    @Test
    void missingNameOrJarPointsAtTheApp() {
        assertAt(fail("""
                apps:
                  - name: api
                    jar: app.jar
                  - jar: app.jar
                    instances: 2
                """), 4, 5, "app #2 has no 'name' (it is required)");
        assertAt(fail("""
                apps:
                  - name: api
                    instances: 2
                """), 2, 5, "app 'api' has no 'jar' (it is required)");
        assertAt(fail("""
                apps:
                  - name: api
                    jar:
                """), 3, 5, "'jar' of app 'api' has no value (it is required)");
    }

    @Test
    void unsafeNameNamesTheRule() {
        assertAt(fail("""
                apps:
                  - name: ../evil
                    jar: app.jar
                """), 2, 11, "app name '../evil' is not allowed: " + AppName.rule());
    }

    @Test
    void duplicateAppNamePointsAtTheSecond() {
        assertAt(fail("""
                apps:
                  - name: api
                    jar: app.jar
                  - name: worker
                    jar: app.jar
                  - name: api
                    jar: app.jar
                """), 6, 11, "duplicate app name 'api' (first at line 2)");
    }

    @Test
    void missingJarGivesItsAbsolutePath() {
        assertAt(fail("""
                apps:
                  - name: api
                    jar: build/../missing.jar
                """), 3, 10, "jar not found: " + dir.resolve("missing.jar"));
        assertAt(fail("""
                apps:
                  - name: api
                    jar: .
                """), 3, 10, "jar is not a regular file: " + dir);
    }

    @Test
    void missingCwdIsAnError() {
        assertAt(fail("""
                apps:
                  - name: api
                    jar: app.jar
                    cwd: nowhere
                """), 4, 10, "cwd is not a folder: " + dir.resolve("nowhere"));
    }

    @Test
    void clusterKeysNeedAPort() {
        assertAt(fail("""
                apps:
                  - name: api
                    jar: app.jar
                    host: 127.0.0.1
                """), 4, 5, "'host' in app 'api' only applies with 'port' (cluster mode); add a port or remove it");
        for (String key : new String[] {"strategy: least_conn", "health_path: /h", "listen_timeout: 5s", "max_connections: 100",
                "protocol: http", "forwarded: false", "proxy_protocol: v2"}) {
            EcosystemException e = fail("apps:\n  - name: api\n    jar: app.jar\n    " + key + "\n");
            assertAt(e, 4, 5);
            assertMentions(e, "only applies with 'port'");
        }
    }

    @Test
    void badStrategySuggestsTheNearest() {
        assertAt(fail("""
                apps:
                  - name: api
                    jar: app.jar
                    port: 8080
                    strategy: round-robin
                """), 5, 15, "'strategy' of app 'api' must be round_robin or least_conn, found 'round-robin' (did you mean 'round_robin'?)");
        EcosystemException e = fail("""
                apps:
                  - name: api
                    jar: app.jar
                    port: 8080
                    strategy: random
                """);
        assertFalse(e.plainMessage().contains("did you mean"), e.getMessage());
    }

    @Test
    void protocolAndProxyProtocolNameTheirValues() {
        assertAt(fail("""
                apps:
                  - name: api
                    jar: app.jar
                    port: 8080
                    protocol: htp
                """), 5, 15, "'protocol' of app 'api' must be tcp or http, found 'htp' (did you mean 'http'?)");
        assertAt(fail("""
                apps:
                  - name: api
                    jar: app.jar
                    port: 8080
                    proxy_protocol: V2
                """), 5, 21, "'proxy_protocol' of app 'api' must be v1 or v2, found 'V2' (did you mean 'v2'?)");
        assertAt(fail("""
                apps:
                  - name: api
                    jar: app.jar
                    port: 8080
                    protocol: http
                    forwarded: maybe
                """), 6, 16, "wrong type for 'forwarded' in app 'api': expected true or false, found 'maybe'");
    }

    @Test
    void forwardedNeedsHttpAndProxyProtocolNeedsTcp() {
        assertAt(fail("""
                apps:
                  - name: api
                    jar: app.jar
                    port: 8080
                    forwarded: true
                """), 5, 5, "'forwarded' in app 'api' only applies with 'protocol: http' (it adds X-Forwarded-* headers to requests,"
                + " and tcp mode forwards bytes, not requests); remove it or set the protocol");
        assertAt(fail("""
                apps:
                  - name: api
                    jar: app.jar
                    port: 8080
                    protocol: http
                    proxy_protocol: v1
                """), 6, 5, "'proxy_protocol' in app 'api' only applies with 'protocol: tcp' (http mode tells the instance"
                + " the client's address in X-Forwarded-For instead); remove it or set the protocol");
    }

    @Test
    void healthPathMustStartWithASlash() {
        assertAt(fail("""
                apps:
                  - name: api
                    jar: app.jar
                    port: 8080
                    health_path: health
                """), 5, 18, "'health_path' of app 'api' must start with '/', found 'health'");
        assertAt(fail("""
                apps:
                  - name: api
                    jar: app.jar
                    port: 8080
                    health_path: "/a b"
                """), 5, 18, "'health_path' of app 'api' must not contain spaces or control characters");
    }

    @Test
    void duplicateKeysAreErrors() {
        assertAt(fail("""
                apps:
                  - name: api
                    jar: app.jar
                    port: 80
                    instances: 2
                    port: 81
                """), 6, 5, "duplicate key 'port' in app 'api' (first at line 4)");
        assertAt(fail("""
                apps:
                  - name: api
                    jar: app.jar
                    env:
                      A: 1
                      A: 2
                """), 6, 7, "duplicate variable 'A' in 'env' of app 'api' (first at line 5)");
        assertAt(fail("""
                apps: []
                apps: []
                """), 2, 1, "duplicate key 'apps' (first at line 1)");
    }

    @Test
    void wrongShapesOfTheFile() {
        assertAt(fail("- name: api\n"), 1, 1, "the file must be a mapping with the key 'apps', found a list");
        assertAt(fail("just text\n"), 1, 1, "the file must be a mapping with the key 'apps', found 'just text'");
        assertAt(fail("apps: api\n"), 1, 7,
                "'apps' must be a list of apps (each item starting with '- name: ...'), found 'api'");
        assertAt(fail("apps:\n  api:\n    jar: app.jar\n"), 2, 3,
                "'apps' must be a list of apps (each item starting with '- name: ...'), found a mapping");
        assertAt(fail("apps:\n  - {name: a, jar: app.jar}\n  - api\n"), 3, 5,
                "app #2 must be a mapping of keys (name: ..., jar: ...), found 'api'");
        assertAt(fail("apps: []\n"), 1, 7, "'apps' lists no app");
        assertAt(fail("{}\n"), 1, 1, "no 'apps' key; expected 'apps:' with a list of apps");
    }

    @Test
    void emptyOrCommentOnlyFile() {
        assertAt(fail(""), 0, 0, "the file is empty; expected 'apps:' with a list of apps");
        assertAt(fail("# nothing yet\n\n   # really\n"), 0, 0, "the file is empty; expected 'apps:' with a list of apps");
        assertEquals(file + ": the file is empty; expected 'apps:' with a list of apps", fail("").getMessage());
    }

    @Test
    void malformedYamlGivesTheParsersPosition() {
        EcosystemException e = fail("""
                apps:
                  - name: api
                    jar: app.jar
                    args: [a, b
                """);
        assertTrue(e.line() >= 4, e::getMessage);
        assertTrue(e.plainMessage().startsWith("bad YAML: "), e::getMessage);

        e = fail("apps:\n  - name: api\n    jar: app.jar\n   port: 8080\n");
        assertAt(e, 4, 4, "bad YAML: while parsing a block collection at line 2, column 3: "
                + "expected <block end>, but found '<block mapping start>'");

        e = fail("apps:\n  - name: api\n\tjar: app.jar\n");
        assertAt(e, 3, 1);
        assertMentions(e, "bad YAML", "TAB");
    }

    @Test
    void moreThanOneDocumentIsAnError() {
        EcosystemException e = fail("apps: []\n---\napps: []\n");
        assertAt(e, 2, 1);
        assertEquals("bad YAML: expected a single document in the stream at line 1, column 1, but found another document",
                e.plainMessage());
    }

    @Test
    void billionLaughsFailsFastWithoutExpanding() {
        StringBuilder yaml = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i <= 9; i++) {
            yaml.append('a').append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 9; j++) {
                yaml.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            yaml.append("]\n");
        }
        yaml.append("apps: *a9\n");
        EcosystemException e = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> fail(yaml.toString()));
        assertAt(e, 5, 35, "more than 32 aliases (*name) to lists or mappings; refused as a possible alias bomb");
    }

    @Test
    void deepNestingIsRefused() {
        String yaml = "apps: " + "[".repeat(50) + "]".repeat(50) + "\n";
        EcosystemException e = fail(yaml);
        assertAt(e, 1, 6 + YamlLoader.MAX_DEPTH, "YAML nested deeper than 20 levels");
    }

    @Test
    void textOverTheSizeCapIsRefused() {
        EcosystemException e = fail("apps: []\n" + "#".repeat(YamlLoader.MAX_CHARS));
        assertAt(e, 0, 0, "file is larger than 1024 KiB; an ecosystem file should be small");
    }

    @Test
    void recursiveAliasIsATypeErrorNotALoop() {
        EcosystemException e = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> fail("""
                apps:
                  - name: api
                    jar: app.jar
                    args: &self [a, *self]
                """));
        assertMentions(e, "expected each item to be a string, found a list");
    }
}
