package dev.jpm.cli.commands;

import dev.jpm.cli.client.DaemonLink;
import dev.jpm.cli.monit.MonitSource;
import dev.jpm.protocol.home.JpmHome;
import dev.jpm.protocol.home.LogStream;
import dev.jpm.protocol.view.InstanceView;
import dev.jpm.protocol.wire.Request;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The monitor's rows and actions through the daemon: one connection polls, another acts. */
final class DaemonMonitSource implements MonitSource {
    private final JpmHome home;
    private final DaemonLink poll;
    private final DaemonLink act;

    DaemonMonitSource(JpmHome home, DaemonLink poll, DaemonLink act) {
        this.home = home;
        this.poll = poll;
        this.act = act;
    }

    @Override
    public List<InstanceView> list() throws IOException {
        return JpmSubcommand.okResult(poll.send(new Request.ListInstances()));
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

    @Override
    public Path logFile(InstanceView instance, boolean err) {
        return home.logFile(instance.name(), instance.id(), err ? LogStream.ERR : LogStream.OUT);
    }
}
