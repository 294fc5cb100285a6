package dev.jpm.daemon.balancer.http;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * What jpm tells a backend about the client: its address for X-Forwarded-For and Forwarded, and
 * the public port. Made once when the client connection is accepted and kept by it, so that each
 * request only copies these bytes. A null Forwarding (the app's {@code forwarded: false}) adds
 * none of these headers and passes the client's own ones unchanged.
 */
public final class Forwarding {
    private final byte[] clientAddress;
    private final byte[] forwardedFor;
    private final byte[] publicPort;

    public Forwarding(InetSocketAddress client, int publicPort) {
        InetAddress address = client.getAddress();
        String text = address == null ? client.getHostString() : address.getHostAddress();
        int scope = text.indexOf('%');
        // a zone id ("%eth0") means something only on this host
        String host = scope < 0 ? text : text.substring(0, scope);
        this.clientAddress = Ascii.bytes(host);
        // RFC 7239 6: an IPv6 address is bracketed, and then quoted since ':' is not a token character
        this.forwardedFor = Ascii.bytes(address instanceof Inet6Address ? "for=\"[" + host + "]\"" : "for=" + host);
        this.publicPort = Ascii.bytes(Integer.toString(publicPort));
    }

    /** The address as X-Forwarded-For has it: "203.0.113.7" or "2001:db8:0:0:0:0:0:1". */
    byte[] clientAddress() {
        return clientAddress;
    }

    /** The Forwarded parameter: for=203.0.113.7 or for="[2001:db8:0:0:0:0:0:1]". */
    byte[] forwardedFor() {
        return forwardedFor;
    }

    byte[] publicPort() {
        return publicPort;
    }
}
