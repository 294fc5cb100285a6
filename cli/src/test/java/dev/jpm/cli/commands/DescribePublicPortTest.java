package dev.jpm.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jpm.protocol.ecosystem.ClusterSettings;
import dev.jpm.protocol.ecosystem.ClusterSettings.Protocol;
import dev.jpm.protocol.ecosystem.ClusterSettings.ProxyProtocol;
import dev.jpm.protocol.ecosystem.ClusterSettings.Strategy;
import org.junit.jupiter.api.Test;

/** describe's "public port" line names the protocol, and what it adds when that differs from its default. */
class DescribePublicPortTest {
    private static ClusterSettings cluster(Protocol protocol, Boolean forwarded, ProxyProtocol proxy) {
        return new ClusterSettings(3000, "127.0.0.1", Strategy.LEAST_CONN, null, 0, 0, protocol, forwarded, proxy);
    }

    @Test
    void namesTheProtocolBesideTheStrategy() {
        assertEquals("0.0.0.0:3000 (tcp, round_robin)", DescribeCommand.publicPort(ClusterSettings.onPort(3000)));
        assertEquals("127.0.0.1:3000 (http, least_conn)", DescribeCommand.publicPort(cluster(Protocol.HTTP, null, null)));
        assertEquals("127.0.0.1:3000 (http without X-Forwarded-*, least_conn)",
                DescribeCommand.publicPort(cluster(Protocol.HTTP, false, null)));
        assertEquals("127.0.0.1:3000 (tcp with PROXY v2, least_conn)",
                DescribeCommand.publicPort(cluster(Protocol.TCP, null, ProxyProtocol.V2)));
    }
}
