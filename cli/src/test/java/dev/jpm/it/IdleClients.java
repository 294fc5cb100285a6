package dev.jpm.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * A separate process that opens connections and sends nothing on them: {@code IdleClients port n}
 * prints "open n" once all are connected and holds them until its stdin closes. A process of its
 * own, because each process has its own limit of open files (20,000 here) and a test's flood
 * needs more than one process may hold.
 */
public final class IdleClients {
    private IdleClients() {
    }

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        int n = Integer.parseInt(args[1]);
        List<SocketChannel> open = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            open.add(SocketChannel.open(new InetSocketAddress("127.0.0.1", port)));
        }
        System.out.println("open " + open.size());
        System.out.flush();
        while (System.in.read() >= 0) {
            // held until the test closes our stdin
        }
        for (SocketChannel channel : open) {
            channel.close();
        }
    }
}
