package dev.jpm.daemon.balancer.http;

import java.nio.ByteBuffer;

/** The field names jpm acts on; every other name is {@link #OTHER} and passes through. */
enum FieldName {
    CONTENT_LENGTH("content-length"),
    TRANSFER_ENCODING("transfer-encoding"),
    HOST("host"),
    CONNECTION("connection"),
    KEEP_ALIVE("keep-alive"),
    PROXY_CONNECTION("proxy-connection"),
    TE("te"),
    UPGRADE("upgrade"),
    EXPECT("expect"),
    X_FORWARDED_FOR("x-forwarded-for"),
    X_FORWARDED_PROTO("x-forwarded-proto"),
    X_FORWARDED_HOST("x-forwarded-host"),
    X_FORWARDED_PORT("x-forwarded-port"),
    FORWARDED("forwarded"),
    OTHER("");

    private static final FieldName[] VALUES = values();

    final byte[] lowerCase;

    FieldName(String lowerCase) {
        this.lowerCase = Ascii.bytes(lowerCase);
    }

    static FieldName of(ByteBuffer buf, int start, int end) {
        for (FieldName name : VALUES) {
            if (name != OTHER && Ascii.equalsIgnoreCase(buf, start, end, name.lowerCase)) {
                return name;
            }
        }
        return OTHER;
    }

    static FieldName ofOrdinal(int ordinal) {
        return VALUES[ordinal];
    }

    /**
     * Connection, Keep-Alive, Proxy-Connection and TE concern only one hop (RFC 9110 7.6.1;
     * Proxy-Connection is the obsolete name old clients still send). Upgrade is one too, but is
     * decided by the caller: kept for a WebSocket handshake.
     */
    boolean hopByHop() {
        return this == CONNECTION || this == KEEP_ALIVE || this == PROXY_CONNECTION || this == TE;
    }

    /**
     * The fields that frame or route the message, and Expect: listing them in Connection does
     * not remove them, or "Connection: Content-Length" would make jpm forward a body without its
     * length, and "Connection: Expect" would leave a client waiting for a 100 Continue that the
     * backend was never asked for.
     */
    boolean keptWhenListed() {
        return this == CONTENT_LENGTH || this == TRANSFER_ENCODING || this == HOST || this == EXPECT;
    }
}
