package dev.jpm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jpm.it.fixtures.ProxyEcho;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** proxy_protocol in an ecosystem file: an app behind a real daemon learns each client's address. */
class ProxyProtocolIT {
    @RegisterExtension
    final JpmHarness jpm = JpmHarness.create();

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void theAppLearnsTheClientsAddressFromAV2Header() throws Exception {
        int port = freePort();
        Path jar = FixtureJars.build(jpm.home(), ProxyEcho.class);
        Path file = Files.writeString(jpm.home().resolve("ecosystem.yaml"), "apps:\n  - name: echo\n    jar: " + jar
                + "\n    instances: 2\n    port: " + port + "\n    host: 127.0.0.1\n    proxy_protocol: v2\n");
        jpm.jpm("start", file.toString()).expectOk();

        for (int i = 0; i < 4; i++) { // both instances, round robin
            try (Socket client = new Socket()) {
                client.bind(new InetSocketAddress("127.0.0.1", 0));
                client.connect(new InetSocketAddress("127.0.0.1", port));
                client.setSoTimeout(20_000);
                BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
                assertEquals("client 127.0.0.1:" + client.getLocalPort() + " reached 127.0.0.1:" + port + " by v2", in.readLine());

                client.getOutputStream().write("and the bytes after it\n".getBytes(StandardCharsets.US_ASCII));
                assertEquals("and the bytes after it", in.readLine(), "the client's bytes pass unchanged");
            }
        }
        String describe = jpm.jpm("describe", "echo").expectOk().out();
        assertTrue(describe.contains("127.0.0.1:" + port + " (tcp with PROXY v2, round_robin)"), describe);
    }
}
