package dev.jpm.daemon.balancer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jpm.protocol.ecosystem.ClusterSettings.ProxyProtocol;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The header's bytes against the layout in HAProxy's proxy-protocol.txt (sections 2.1 and 2.2). */
class ProxyHeaderTest {
    private static final String SIGNATURE = "0d0a0d0a000d0a515549540a";

    private static byte[] header(ProxyProtocol version, InetSocketAddress client, InetSocketAddress reached) {
        ByteBuffer out = ByteBuffer.allocate(ProxyHeader.MAX_BYTES);
        ProxyHeader.write(version, client, reached, out);
        out.flip();
        byte[] bytes = new byte[out.remaining()];
        out.get(bytes);
        return bytes;
    }

    private static String v1(InetSocketAddress client, InetSocketAddress reached) {
        return new String(header(ProxyProtocol.V1, client, reached), StandardCharsets.US_ASCII);
    }

    private static String v2(InetSocketAddress client, InetSocketAddress reached) {
        return HexFormat.of().formatHex(header(ProxyProtocol.V2, client, reached));
    }

    private static InetSocketAddress at(String address, int port) throws UnknownHostException {
        return new InetSocketAddress(InetAddress.getByName(address), port);
    }

    /** ::ffff:a.b.c.d kept as an Inet6Address; InetAddress.getByName would turn it into an Inet4Address. */
    private static InetSocketAddress mapped(int a, int b, int c, int d, int port) throws UnknownHostException {
        byte[] bytes = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) a, (byte) b, (byte) c, (byte) d};
        return new InetSocketAddress(Inet6Address.getByAddress(null, bytes, -1), port);
    }

    @Test
    void v1Ipv4IsTheSpecsExampleLine() throws Exception {
        assertEquals("PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\n", v1(at("192.168.0.1", 56324), at("192.168.0.11", 443)));
        assertEquals("PROXY TCP4 0.0.0.0 255.255.255.255 0 65535\r\n", v1(at("0.0.0.0", 0), at("255.255.255.255", 65535)));
    }

    @Test
    void v1Ipv6IsWrittenAsInetNtopDoes() throws Exception {
        assertEquals("PROXY TCP6 2001:db8::1 ::1 40000 8080\r\n", v1(at("2001:db8:0:0:0:0:0:1", 40000), at("::1", 8080)));
        assertEquals("PROXY TCP6 2001:db8:0:1:1:1:1:1 fe80::1:0:0:2 1 2\r\n",
                v1(at("2001:db8:0:1:1:1:1:1", 1), at("fe80:0:0:0:1:0:0:2", 2)), "a lone zero group stays; the first longest run goes");
        assertEquals("PROXY TCP6 1:: :: 1 2\r\n", v1(at("1::", 1), at("::", 2)));
    }

    @Test
    void v1LongestLineFits() throws Exception {
        String full = "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff";
        String line = v1(at(full, 65535), at(full, 65535));
        assertEquals("PROXY TCP6 " + full + " " + full + " 65535 65535\r\n", line);
        assertTrue(line.length() <= ProxyHeader.MAX_BYTES);
    }

    @Test
    void v2Ipv4() throws Exception {
        assertEquals(SIGNATURE + "21" + "11" + "000c"
                        + "c0a80001" + "c0a8000b" + "dc04" + "01bb",
                v2(at("192.168.0.1", 56324), at("192.168.0.11", 443)));
    }

    @Test
    void v2Ipv6() throws Exception {
        assertEquals(SIGNATURE + "21" + "21" + "0024"
                        + "20010db8000000000000000000000001" + "00000000000000000000000000000001" + "9c40" + "1f90",
                v2(at("2001:db8::1", 40000), at("::1", 8080)));
    }

    @Test
    void anIpv4MappedClientIsSentAsTcp4() throws Exception {
        assertEquals("PROXY TCP4 10.1.2.3 127.0.0.1 5000 3000\r\n", v1(mapped(10, 1, 2, 3, 5000), mapped(127, 0, 0, 1, 3000)));
        assertEquals(SIGNATURE + "2111000c" + "0a010203" + "7f000001" + "1388" + "0bb8",
                v2(mapped(10, 1, 2, 3, 5000), mapped(127, 0, 0, 1, 3000)));
    }

    @Test
    void mixedFamiliesGoAsIpv6WithTheIpv4OneMapped() throws Exception {
        assertEquals("PROXY TCP6 2001:db8::7 ::ffff:127.0.0.1 5000 3000\r\n", v1(at("2001:db8::7", 5000), at("127.0.0.1", 3000)));
        assertArrayEquals(HexFormat.of().parseHex(SIGNATURE + "21210024" + "20010db8000000000000000000000007"
                        + "00000000000000000000ffff7f000001" + "13880bb8"),
                header(ProxyProtocol.V2, at("2001:db8::7", 5000), at("127.0.0.1", 3000)));
    }

    @Test
    void aConnectionWithoutAClientIsUnknownInV1AndLocalInV2() {
        assertEquals("PROXY UNKNOWN\r\n", new String(ProxyHeader.local(ProxyProtocol.V1), StandardCharsets.US_ASCII));
        assertEquals(SIGNATURE + "20" + "00" + "0000", HexFormat.of().formatHex(ProxyHeader.local(ProxyProtocol.V2)));
        assertEquals(0, ProxyHeader.local(ProxyProtocol.NONE).length);
    }
}
