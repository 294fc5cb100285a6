package dev.jpm.cli.commands;

import dev.jpm.cli.client.DaemonLink;
import dev.jpm.cli.monit.MonitSource;
import dev.jpm.protocol.home.JpmHome;
import dev.jpm.protocol.home.LogStream;
import dev.jpm.protocol.view.InstanceDescription;
import dev.jpm.protocol.view.InstanceView;
import dev.jpm.protocol.wire.Request;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The monitor's rows and actions through the daemon: one connection polls, another acts. */
final class DaemonMonitSource implements MonitSource {
    private final JpmHome home;
    private final DaemonLink poll;
    private final DaemonLink act;
    /** Touched by the monitor's drawing thread only. */
    private final Map<String, InstanceDescription> described = new HashMap<>();

    DaemonMonitSource(JpmHome home, DaemonLink poll, DaemonLink act) {
        this.home = home;
        this.poll = poll;
        this.act = act;
    }

    @Override
    public List<InstanceView> list() throws IOException {
        synchronized (poll) {
            return JpmSubcommand.okResult(poll.send(new Request.ListInstances()));
        }
    }

    @Override
    public String restart(int id) throws IOException {
        JpmSubcommand.okResult(act.send(new Request.Restart(Integer.toString(id))));
        return "restarted id " + id;
    }

    @Override
    public String stop(int id) throws IOException {
        JpmSubcommand.okResult(act.send(new Request.Stop(Integer.toString(id))));
        return "stopped id " + id;
    }

    /**
     * The files describe names (an app's out_file may put them anywhere), asked once per run of
     * the instance: the pid is in the key, so a restart that brought new settings asks again.
     * Asked on the monitor's drawing thread, through the polling link, which one lock shares.
     */
    @Override
    public Path logFile(InstanceView instance, boolean err) {
        InstanceDescription d = described.computeIfAbsent(instance.id() + "/" + instance.pid(), key -> describe(instance));
        if (d == null) {
            return home.logFile(instance.name(), instance.id(), err ? LogStream.ERR : LogStream.OUT);
        }
        return Path.of(err ? d.errLog() : d.outLog());
    }

    private InstanceDescription describe(InstanceView instance) {
        try {
            synchronized (poll) {
                List<InstanceDescription> found = JpmSubcommand.okResult(poll.send(new Request.Describe(Integer.toString(instance.id()))));
                return found.isEmpty() ? null : found.get(0);
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
