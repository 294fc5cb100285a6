package dev.jpm.demo;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * {@code GET /whoami}: what this instance can tell about its client. Behind a proxy the socket's
 * peer is the proxy (127.0.0.1 under jpm), so the client's own address, scheme and host arrive
 * only in the headers the proxy adds; this route shows both, to check what a proxy passes on.
 */
final class Whoami {
    /** The headers a proxy adds about the client, in the order the body lists them. */
    static final List<String> FORWARDING_HEADERS = List.of(
            "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host", "X-Forwarded-Port", "Forwarded");

    private Whoami() {
    }

    /**
     * One JSON object: {@code remote} (the socket peer, ip:port) and one key per forwarding
     * header, its values joined with ", " as a repeated header means the same as one list
     * (RFC 9110, 5.3), or null when the request carried none.
     */
    static String describe(HttpExchange exchange) {
        InetSocketAddress peer = exchange.getRemoteAddress();
        StringBuilder json = new StringBuilder("{\"remote\":")
                .append(Reply.jsonString(peer.getAddress().getHostAddress() + ":" + peer.getPort()));
        Headers headers = exchange.getRequestHeaders();
        for (String name : FORWARDING_HEADERS) {
            List<String> values = headers.get(name);
            json.append(",\"").append(jsonKey(name)).append("\":")
                    .append(Reply.jsonString(values == null ? null : String.join(", ", values)));
        }
        return json.append("}\n").toString();
    }

    /** "X-Forwarded-For" → "x_forwarded_for": keys a script can use without quoting. */
    static String jsonKey(String header) {
        return header.toLowerCase(java.util.Locale.ROOT).replace('-', '_');
    }
}
