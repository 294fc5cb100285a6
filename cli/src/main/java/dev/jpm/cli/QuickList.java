package dev.jpm.cli;

import dev.jpm.cli.client.DaemonClient;
import dev.jpm.cli.client.DaemonLauncher;
import dev.jpm.cli.client.Deadlines;
import dev.jpm.cli.render.InstanceTable;
import dev.jpm.cli.render.Style;
import dev.jpm.protocol.JpmVersion;
import dev.jpm.protocol.home.JpmHome;
import dev.jpm.protocol.view.InstanceStatus;
import dev.jpm.protocol.view.InstanceView;
import dev.jpm.protocol.view.RequestsView;
import dev.jpm.protocol.wire.ExitCode;
import dev.jpm.protocol.wire.Json;
import dev.jpm.protocol.wire.RecordCodec;
import dev.jpm.protocol.wire.Reply;
import dev.jpm.protocol.wire.Protocol;
import dev.jpm.protocol.wire.Request;
import dev.jpm.protocol.wire.Requests;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;

/**
 * {@code jpm list} without picocli. People run it all day and scripts run it in loops, and
 * picocli's start-up (building the model of every command by reflection) costs more than the
 * rest of the command together. Only the exact forms {@code list|ls|status [--json]} take this
 * path; anything else ({@code --help}, a typo, another option) goes through picocli as usual, and
 * the output is the same either way (ListCommand prints through the same {@link InstanceTable}).
 */
final class QuickList {
    private static final Set<String> NAMES = Set.of("list", "ls", "status");

    private QuickList() {
    }

    /**
     * Walks the list path without a daemon, on a canned answer, so that the launcher's class-data
     * archive (made from the classes a training run loads) holds every class a real list loads.
     */
    static void train(PrintStream sink) throws java.io.IOException {
        // a connect to a home where no daemon listens loads the client and its deadline timer
        JpmHome nowhere = new JpmHome(java.nio.file.Path.of("/nonexistent/jpm-cds-training"));
        try {
            DaemonClient.connect(nowhere, JpmVersion.current(), Deadlines.replyWithin(Deadlines.QUICK_MS)).close();
            throw new IllegalStateException("a daemon answered in " + nowhere.root());
        } catch (java.io.IOException expected) {
            // no daemon there: the classes are loaded all the same
        }
        Request.ListInstances list = new Request.ListInstances();
        Protocol.decodeRequest(Protocol.encodeRequest(1, list));
        InstanceView row = new InstanceView(0, "app", 0, 1L, InstanceStatus.ONLINE, 0, 1000, 1.0, 1L << 20, 40000, 3000, 0L, 0L,
                1L << 20, 1L << 22, 1L << 24, 1L, 1L, 10L, "listening")
                .withRequests(new RequestsView(1, 0.1, 0, 1, 0, 0, 0, 0.5, 0.99, 0, List.of(1L), 0.001));
        String line = Protocol.encodeReply(Reply.success(1, List.of(row)));
        Reply<?> reply = (Reply<?>) Protocol.decodeServerLine(line, Requests.resultTypeOf(list));
        @SuppressWarnings("unchecked") // decoded as the list request's result type, List<InstanceView>
        List<InstanceView> rows = (List<InstanceView>) reply.result();
        sink.println(Json.write(RecordCodec.toJson(rows, true)));
        sink.print(InstanceTable.render(rows, InstanceTable.terminalWidth(), new Style(true)));
    }

    /** Whether these arguments are a plain list this class answers. */
    static boolean handles(String[] args) {
        return (args.length == 1 && NAMES.contains(args[0]))
                || (args.length == 2 && NAMES.contains(args[0]) && "--json".equals(args[1]));
    }

    /**
     * Runs the list; returns the exit code, or -1 to let picocli handle it after all (no daemon yet,
     * a refusal). A daemon that does not answer in time is reported here, with the same deadline
     * and words as the full command: handing it on would make the user wait a second deadline.
     */
    static int run(String[] args, PrintStream out, PrintStream err) {
        boolean json = args.length == 2;
        JpmHome home = JpmHome.fromEnvironment();
        // only with a daemon already up: starting one (progress, failures) is the full command's job
        try (DaemonClient client = new DaemonLauncher(home, JpmVersion.current(), Deadlines.replyWithin(Deadlines.QUICK_MS))
                .connectIfRunning()) {
            if (client == null) {
                return -1;
            }
            client.notices().forEach(notice -> System.err.println("jpm: " + notice));
            Reply<List<InstanceView>> reply = client.send(new Request.ListInstances(), e -> { });
            if (!reply.ok()) {
                return -1;
            }
            List<InstanceView> rows = reply.result();
            if (json) {
                out.println(Json.write(RecordCodec.toJson(rows, true)));
            } else {
                out.print(InstanceTable.render(rows, InstanceTable.terminalWidth(), Style.detect()));
            }
            out.flush();
            return ExitCode.OK.number();
        } catch (DaemonClient.DaemonTimeoutException e) {
            err.println(Style.detect().red("jpm: ") + e.getMessage());
            return ExitCode.DAEMON_UNAVAILABLE.number();
        } catch (Exception e) {
            // the full command reports every failure with its proper message and exit code
            return -1;
        }
    }
}
