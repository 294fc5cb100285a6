package dev.jpm.daemon.balancer;

import java.util.Arrays;

/**
 * The backends one connection (tcp) or one request (http) already failed on, so that a failover
 * never picks them again. Almost always empty; owned by the loop thread of its connection.
 */
final class TriedBackends {
    private Backend[] tried;
    private int count;

    boolean contains(Backend b) {
        for (int i = 0; i < count; i++) {
            if (tried[i] == b) {
                return true;
            }
        }
        return false;
    }

    void add(Backend b) {
        if (tried == null) {
            tried = new Backend[4];
        } else if (count == tried.length) {
            tried = Arrays.copyOf(tried, count * 2);
        }
        tried[count++] = b;
    }

    int count() {
        return count;
    }

    void clear() {
        if (count > 0) {
            Arrays.fill(tried, 0, count, null);
            count = 0;
        }
    }
}
