package dev.jpm.daemon.balancer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.jpm.protocol.ecosystem.ClusterSettings;
import dev.jpm.protocol.ecosystem.ClusterSettings.Protocol;
import dev.jpm.protocol.ecosystem.ClusterSettings.Strategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PublicPortRequestsTest {
    private final Balancer balancer = new Balancer(1);

    @AfterEach
    void close() {
        balancer.close();
    }

    private PublicPort open(Protocol protocol) throws Exception {
        return balancer.open("app", new ClusterSettings(0, "127.0.0.1", Strategy.ROUND_ROBIN, null, 0, 0).withProtocol(protocol));
    }

    @Test
    void anHttpPortKeepsFiguresPerLaunchAndForItself() throws Exception {
        PublicPort port = open(Protocol.HTTP);
        port.addBackend(1, 40_001);
        port.addBackend(2, 40_002);
        port.requests(1).answered(200, 1_000_000);
        port.requests(1).answered(200, 1_000_000);
        port.requests(2).answered(500, 1_000_000);
        port.requests().answered(503, 0);
        assertEquals(2, port.requests(1).view().status2xx());
        assertEquals(1, port.requests(2).view().status5xx());
        assertEquals(1, port.requests().requests());
        assertNotSame(port.requests(1), port.requests(2));
        port.removeBackend(1);
        assertNotNull(port.requests(1), "a draining launch still answers its last requests");
        assertNull(port.requests(9), "a backend the port never had");
    }

    @Test
    void aTcpPortHasNone() throws Exception {
        PublicPort port = open(Protocol.TCP);
        port.addBackend(1, 40_001);
        assertNull(port.requests(1));
        assertNull(port.requests());
    }
}
