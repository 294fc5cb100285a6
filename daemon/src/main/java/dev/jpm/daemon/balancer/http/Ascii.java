package dev.jpm.daemon.balancer.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Byte classes of RFC 9110 and case-insensitive comparisons over a buffer's bytes, without allocating. */
final class Ascii {
    static final byte CR = '\r';
    static final byte LF = '\n';
    static final byte SP = ' ';
    static final byte HTAB = '\t';

    /** RFC 9110 5.6.2: tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA. */
    private static final boolean[] TCHAR = new boolean[256];

    static {
        for (int c = '0'; c <= '9'; c++) {
            TCHAR[c] = true;
        }
        for (int c = 'a'; c <= 'z'; c++) {
            TCHAR[c] = true;
            TCHAR[c - 32] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TCHAR[c] = true;
        }
    }

    private Ascii() {
    }

    static boolean isTchar(byte b) {
        return TCHAR[b & 0xff];
    }

    static boolean isOws(byte b) {
        return b == SP || b == HTAB;
    }

    /** A control character a field value may not hold: all of them but HTAB (RFC 9110 5.5), so NUL, CR and LF too. */
    static boolean isForbiddenInValue(byte b) {
        return (b >= 0 && b < 0x20 && b != HTAB) || b == 0x7f;
    }

    /** Visible US-ASCII (RFC 5234 VCHAR), what a request target is made of. */
    static boolean isVisible(byte b) {
        return b > 0x20 && b < 0x7f;
    }

    static byte lower(byte b) {
        return b >= 'A' && b <= 'Z' ? (byte) (b + 32) : b;
    }

    /** The hex digit's value, or -1. */
    static int hexValue(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        byte l = lower(b);
        return l >= 'a' && l <= 'f' ? l - 'a' + 10 : -1;
    }

    /** Whether buf[start,end) is {@code lowerCase} ignoring ASCII case; {@code lowerCase} must be lower case. */
    static boolean equalsIgnoreCase(ByteBuffer buf, int start, int end, byte[] lowerCase) {
        if (end - start != lowerCase.length) {
            return false;
        }
        for (int i = 0; i < lowerCase.length; i++) {
            if (lower(buf.get(start + i)) != lowerCase[i]) {
                return false;
            }
        }
        return true;
    }

    /** Whether buf[aStart,aEnd) and buf[bStart,bEnd) are the same ignoring ASCII case. */
    static boolean equalsIgnoreCase(ByteBuffer buf, int aStart, int aEnd, int bStart, int bEnd) {
        if (aEnd - aStart != bEnd - bStart) {
            return false;
        }
        for (int i = 0; i < aEnd - aStart; i++) {
            if (lower(buf.get(aStart + i)) != lower(buf.get(bStart + i))) {
                return false;
            }
        }
        return true;
    }

    static byte[] bytes(String ascii) {
        return ascii.getBytes(StandardCharsets.US_ASCII);
    }
}
