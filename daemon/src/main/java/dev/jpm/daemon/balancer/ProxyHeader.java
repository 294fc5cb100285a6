package dev.jpm.daemon.balancer;

import dev.jpm.protocol.ecosystem.ClusterSettings.ProxyProtocol;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The PROXY protocol header (HAProxy's proxy-protocol.txt) a tcp-mode backend is sent before the
 * client's first byte, so the app learns who connected and to which address, as if no proxy
 * stood between them. Pure: it only writes bytes.
 *
 * <p>A client that reached an IPv6 socket from IPv4 has an IPv4-mapped address (::ffff:a.b.c.d);
 * it is sent as TCP4, as it would be had it connected over IPv4. When only one of the two
 * addresses is IPv4, both go as IPv6, the IPv4 one mapped.
 */
public final class ProxyHeader {
    /**
     * Room for any header: the spec bounds a v1 line at 107 bytes; the longest written here is 104
     * ("PROXY TCP6 " + two 39-character addresses + two 5-digit ports + CRLF), v2's longest 52.
     */
    static final int MAX_BYTES = 107;

    /** v2's 12-byte signature: it cannot start any HTTP, SMTP or TLS stream, and holds a NUL so text parsers stop. */
    private static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};
    /** Version 2 in the high nibble, command PROXY (1) in the low one. */
    private static final byte V2_PROXY_COMMAND = 0x21;
    /** Version 2, command LOCAL (0): the proxy's own connection, such as a health check; family and length 0. */
    private static final byte[] V2_LOCAL = {0x20, 0x00, 0x00, 0x00};
    /** Address family in the high nibble (1 IPv4, 2 IPv6), transport STREAM (1) in the low one. */
    private static final byte V2_TCP4 = 0x11;
    private static final byte V2_TCP6 = 0x21;
    /** Bytes after the 16-byte fixed part: two addresses and two 2-byte ports. */
    private static final short V2_TCP4_LENGTH = 4 + 4 + 2 + 2;
    private static final short V2_TCP6_LENGTH = 16 + 16 + 2 + 2;
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private ProxyHeader() {
    }

    /**
     * Puts the header for a connection from {@code client} to {@code reached} (the public address
     * it connected to) into {@code out}, which must have {@link #MAX_BYTES} free.
     */
    static void write(ProxyProtocol version, InetSocketAddress client, InetSocketAddress reached, ByteBuffer out) {
        byte[] source = client.getAddress().getAddress();
        byte[] destination = reached.getAddress().getAddress();
        byte[] source4 = ipv4(source);
        byte[] destination4 = ipv4(destination);
        boolean tcp4 = source4 != null && destination4 != null;
        if (tcp4) {
            source = source4;
            destination = destination4;
        } else {
            source = ipv6(source);
            destination = ipv6(destination);
        }
        switch (version) {
            case V1 -> writeV1(tcp4, source, destination, client.getPort(), reached.getPort(), out);
            case V2 -> writeV2(tcp4, source, destination, client.getPort(), reached.getPort(), out);
            case NONE -> throw new IllegalArgumentException("no PROXY header to write");
        }
    }

    /**
     * The header of a connection jpm makes on its own behalf (the readiness probe's health check),
     * which carries no client: the spec's "PROXY UNKNOWN" line for v1 and the LOCAL command for
     * v2, both telling the app to use the connection's own addresses. A server that requires the
     * header on every connection would otherwise refuse the probe.
     */
    public static byte[] local(ProxyProtocol version) {
        return switch (version) {
            case V1 -> "PROXY UNKNOWN\r\n".getBytes(StandardCharsets.US_ASCII);
            case V2 -> ByteBuffer.allocate(V2_SIGNATURE.length + V2_LOCAL.length).put(V2_SIGNATURE).put(V2_LOCAL).array();
            case NONE -> new byte[0];
        };
    }

    /** "PROXY TCP4 192.0.2.1 198.51.100.7 56324 443\r\n"; IPv6 addresses as inet_ntop writes them (RFC 5952). */
    private static void writeV1(boolean tcp4, byte[] source, byte[] destination, int sourcePort, int destinationPort, ByteBuffer out) {
        ascii(out, tcp4 ? "PROXY TCP4 " : "PROXY TCP6 ");
        address(out, source);
        out.put((byte) ' ');
        address(out, destination);
        out.put((byte) ' ');
        decimal(out, sourcePort);
        out.put((byte) ' ');
        decimal(out, destinationPort);
        out.put((byte) '\r').put((byte) '\n');
    }

    private static void writeV2(boolean tcp4, byte[] source, byte[] destination, int sourcePort, int destinationPort, ByteBuffer out) {
        out.put(V2_SIGNATURE)
                .put(V2_PROXY_COMMAND)
                .put(tcp4 ? V2_TCP4 : V2_TCP6)
                .putShort(tcp4 ? V2_TCP4_LENGTH : V2_TCP6_LENGTH)
                .put(source)
                .put(destination)
                .putShort((short) sourcePort)
                .putShort((short) destinationPort);
    }

    /** The 4 bytes of an IPv4 or IPv4-mapped IPv6 address, or null. */
    private static byte[] ipv4(byte[] address) {
        if (address.length == 4) {
            return address;
        }
        for (int i = 0; i < 10; i++) {
            if (address[i] != 0) {
                return null;
            }
        }
        if (address[10] != (byte) 0xff || address[11] != (byte) 0xff) {
            return null;
        }
        return new byte[] {address[12], address[13], address[14], address[15]};
    }

    /** The 16 bytes of an address, an IPv4 one mapped (::ffff:a.b.c.d). */
    private static byte[] ipv6(byte[] address) {
        if (address.length == 16) {
            return address;
        }
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(address, 0, mapped, 12, 4);
        return mapped;
    }

    private static void address(ByteBuffer out, byte[] address) {
        if (address.length == 4) {
            dotted(out, address, 0);
        } else if (ipv4(address) != null) {
            ascii(out, "::ffff:"); // RFC 5952 section 5: a mapped address keeps its IPv4 form
            dotted(out, address, 12);
        } else {
            ipv6Text(out, address);
        }
    }

    private static void dotted(ByteBuffer out, byte[] address, int from) {
        for (int i = from; i < from + 4; i++) {
            if (i > from) {
                out.put((byte) '.');
            }
            decimal(out, address[i] & 0xff);
        }
    }

    /** RFC 5952: lower-case hex groups without leading zeros, the first longest run of two or more zero groups as "::". */
    private static void ipv6Text(ByteBuffer out, byte[] address) {
        int runStart = -1;
        int runLength = 0;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && group(address, j) == 0) {
                j++;
            }
            if (j - i > runLength && j - i >= 2) {
                runStart = i;
                runLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        for (int i = 0; i < 8; i++) {
            if (i == runStart) {
                out.put((byte) ':').put((byte) ':');
                i += runLength - 1;
                continue;
            }
            if (i > 0 && i != runStart + runLength) {
                out.put((byte) ':');
            }
            hex(out, group(address, i));
        }
    }

    private static int group(byte[] address, int index) {
        return (address[2 * index] & 0xff) << 8 | (address[2 * index + 1] & 0xff);
    }

    private static void hex(ByteBuffer out, int value) {
        boolean started = false;
        for (int shift = 12; shift >= 0; shift -= 4) {
            int digit = value >> shift & 0xf;
            if (started || digit != 0 || shift == 0) {
                out.put(HEX[digit]);
                started = true;
            }
        }
    }

    private static void decimal(ByteBuffer out, int value) {
        int divisor = 1;
        while (value / divisor >= 10) {
            divisor *= 10;
        }
        for (; divisor > 0; divisor /= 10) {
            out.put((byte) ('0' + value / divisor % 10));
        }
    }

    private static void ascii(ByteBuffer out, String text) {
        for (int i = 0; i < text.length(); i++) {
            out.put((byte) text.charAt(i));
        }
    }
}
