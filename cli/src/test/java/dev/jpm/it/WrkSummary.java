package dev.jpm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What wrk 4 printed, read strictly: the request count must be there, and its failure lines
 * ("Socket errors: connect N, read N, write N, timeout N", "Non-2xx or 3xx responses: N") are
 * either absent (wrk prints them only when non-zero) or read whole; anything else is a test error.
 */
record WrkSummary(long requests, long connectErrors, long readErrors, long writeErrors, long timeouts, long non2xx,
                  String output) {
    private static final Pattern REQUESTS = Pattern.compile("(?m)^\\s+(\\d+) requests in ");
    private static final Pattern SOCKET_ERRORS = Pattern.compile(
            "(?m)^\\s+Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)$");
    private static final Pattern NON_2XX = Pattern.compile("(?m)^\\s+Non-2xx or 3xx responses: (\\d+)$");

    static WrkSummary parse(String output) {
        Matcher requests = REQUESTS.matcher(output);
        assertTrue(requests.find(), "no request count in wrk's output:\n" + output);
        Matcher socket = SOCKET_ERRORS.matcher(output);
        boolean socketErrors = socket.find();
        assertEquals(socketErrors, output.contains("Socket errors"), "unreadable Socket errors line:\n" + output);
        Matcher non2xx = NON_2XX.matcher(output);
        boolean non2xxLine = non2xx.find();
        assertEquals(non2xxLine, output.contains("Non-2xx"), "unreadable Non-2xx line:\n" + output);
        return new WrkSummary(Long.parseLong(requests.group(1)),
                socketErrors ? Long.parseLong(socket.group(1)) : 0, socketErrors ? Long.parseLong(socket.group(2)) : 0,
                socketErrors ? Long.parseLong(socket.group(3)) : 0, socketErrors ? Long.parseLong(socket.group(4)) : 0,
                non2xxLine ? Long.parseLong(non2xx.group(1)) : 0, output);
    }

    long failures() {
        return connectErrors + readErrors + writeErrors + timeouts + non2xx;
    }

    /** Zero failed requests, and at least {@code floor} done, so that a load that never ran cannot pass. */
    WrkSummary assertNoFailureAtLeast(long floor) {
        assertEquals(0, failures(), "failed requests (connect/read/write/timeout/non-2xx "
                + connectErrors + "/" + readErrors + "/" + writeErrors + "/" + timeouts + "/" + non2xx + "):\n" + output);
        assertTrue(requests >= floor, "only " + requests + " requests, expected at least " + floor + ":\n" + output);
        return this;
    }

    @Override
    public String toString() {
        return requests + " requests, errors c/r/w/t/non2xx " + connectErrors + "/" + readErrors + "/" + writeErrors + "/"
                + timeouts + "/" + non2xx;
    }
}
