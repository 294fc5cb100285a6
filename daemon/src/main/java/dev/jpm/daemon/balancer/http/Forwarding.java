package dev.jpm.daemon.balancer.http;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * What jpm tells a backend about the client: its address for X-Forwarded-For and Forwarded, and
 * the public port. Made once when the client connection is accepted and kept by it, so that each
 * request only copies these bytes. A null Forwarding (the app's {@code forwarded: false}) adds
 * none of these headers and passes the client's own ones unchanged.
 */
public final class Forwarding {
    private static final byte[] X_FORWARDED_FOR = Ascii.bytes("X-Forwarded-For: ");
    private static final byte[] X_FORWARDED_PROTO_HTTP = Ascii.bytes("X-Forwarded-Proto: http\r\n");
    private static final byte[] X_FORWARDED_HOST = Ascii.bytes("X-Forwarded-Host: ");
    private static final byte[] X_FORWARDED_PORT = Ascii.bytes("X-Forwarded-Port: ");
    private static final byte[] FORWARDED = Ascii.bytes("Forwarded: ");
    private static final byte[] PROTO_HTTP = Ascii.bytes(";proto=http");
    private static final byte[] HOST_PARAMETER = Ascii.bytes(";host=\"");

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

    /** The fields this writes: the request's own are not copied when a Forwarding is given. */
    static boolean replaces(FieldName name) {
        return name == FieldName.X_FORWARDED_FOR || name == FieldName.X_FORWARDED_PROTO || name == FieldName.X_FORWARDED_HOST
                || name == FieldName.X_FORWARDED_PORT || name == FieldName.FORWARDED;
    }

    /**
     * Writes X-Forwarded-For and Forwarded with the values received (merged into one line each,
     * in order) and this client appended, then X-Forwarded-Proto, -Host (the Host value, when
     * there is one) and -Port. {@code host} is the Host field of {@code fields}, or -1.
     */
    void write(ByteBuffer src, HeaderFields fields, int host, ByteBuffer dst) {
        dst.put(X_FORWARDED_FOR);
        copyValues(src, fields, FieldName.X_FORWARDED_FOR, dst);
        dst.put(clientAddress);
        dst.put(HeadWriter.CRLF);
        dst.put(X_FORWARDED_PROTO_HTTP);
        if (host >= 0) {
            dst.put(X_FORWARDED_HOST);
            HeadWriter.copy(src, fields.valueStart(host), fields.valueEnd(host), dst);
            dst.put(HeadWriter.CRLF);
        }
        dst.put(X_FORWARDED_PORT);
        dst.put(publicPort);
        dst.put(HeadWriter.CRLF);
        dst.put(FORWARDED);
        copyValues(src, fields, FieldName.FORWARDED, dst);
        dst.put(forwardedFor);
        dst.put(PROTO_HTTP);
        if (host >= 0) {
            // RequestHead allows no quote or backslash in Host, so it needs no escaping here
            dst.put(HOST_PARAMETER);
            HeadWriter.copy(src, fields.valueStart(host), fields.valueEnd(host), dst);
            dst.put((byte) '"');
        }
        dst.put(HeadWriter.CRLF);
    }

    /** The non-empty values of the fields of that name, in order, each followed by ", ". */
    private static void copyValues(ByteBuffer src, HeaderFields fields, FieldName name, ByteBuffer dst) {
        for (int f = 0; f < fields.count(); f++) {
            if (fields.name(f) == name && fields.valueEnd(f) > fields.valueStart(f)) {
                HeadWriter.copy(src, fields.valueStart(f), fields.valueEnd(f), dst);
                dst.put(HeadWriter.COMMA);
            }
        }
    }
}
