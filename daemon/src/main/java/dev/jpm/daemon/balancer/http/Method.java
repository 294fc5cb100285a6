package dev.jpm.daemon.balancer.http;

import java.nio.ByteBuffer;

/** The request methods jpm treats specially; method names are case-sensitive (RFC 9110 9.1). */
enum Method {
    GET(true), HEAD(true), OPTIONS(true), TRACE(true), PUT(true), DELETE(true),
    POST(false), PATCH(false), CONNECT(false), OTHER(false);

    private static final Method[] VALUES = values();

    /** RFC 9110 9.2.2. */
    final boolean idempotent;
    private final byte[] name;

    Method(boolean idempotent) {
        this.idempotent = idempotent;
        this.name = Ascii.bytes(name());
    }

    static Method of(ByteBuffer buf, int start, int end) {
        for (Method method : VALUES) {
            if (method != OTHER && matches(buf, start, end, method.name)) {
                return method;
            }
        }
        return OTHER;
    }

    private static boolean matches(ByteBuffer buf, int start, int end, byte[] name) {
        if (end - start != name.length) {
            return false;
        }
        for (int i = 0; i < name.length; i++) {
            if (buf.get(start + i) != name[i]) {
                return false;
            }
        }
        return true;
    }
}
