package dev.jpm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jpm.it.fixtures.EchoBackend;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The {@link EchoBackend} fixture as an http-mode app of one harness, shared by a whole test class. */
final class EchoApp {
    static final String NAME = "echo";

    private EchoApp() {
    }

    /** Starts two instances behind a free public port and returns the port. */
    static int start(JpmHarness jpm) throws Exception {
        int port = freePort();
        Path jar = FixtureJars.build(jpm.home(), EchoBackend.class);
        Path file = jpm.home().resolve("echo.yaml");
        Files.writeString(file, "apps:\n  - name: " + NAME + "\n    jar: " + jar + "\n    instances: 2\n    port: " + port
                + "\n    host: 127.0.0.1\n    health_path: /health\n    jvm_args: [-Xmx32m, -XX:+UseSerialGC]\n"
                + (HttpClusterLoadIT.TCP ? "" : "    protocol: http\n"));
        jpm.jpm("start", file.toString()).expectOk();
        assertEquals(2, jpm.list().size());
        return port;
    }

    /** Everything the instances printed: one {@code request: METHOD TARGET} line per request they read. */
    static String requestLog(JpmHarness jpm) throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> logs = Files.list(jpm.home().resolve("logs"))) {
            for (Path log : logs.filter(p -> p.getFileName().toString().matches(NAME + "-\\d+-out\\.log")).toList()) {
                all.append(Files.readString(log));
            }
        }
        return all.toString();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
