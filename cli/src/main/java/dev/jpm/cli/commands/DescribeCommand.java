package dev.jpm.cli.commands;

import dev.jpm.cli.render.Formats;
import dev.jpm.cli.render.Style;
import dev.jpm.protocol.ecosystem.AppSpec;
import dev.jpm.protocol.ecosystem.ClusterSettings;
import dev.jpm.protocol.ecosystem.JvmSettings;
import dev.jpm.protocol.ecosystem.LivenessSettings;
import dev.jpm.protocol.home.JavaRelease;
import dev.jpm.protocol.ecosystem.LogSettings;
import dev.jpm.protocol.view.DumpView;
import dev.jpm.protocol.view.InstanceDescription;
import dev.jpm.protocol.view.InstanceStatus;
import dev.jpm.protocol.view.InstanceView;
import dev.jpm.protocol.view.RequestsView;
import dev.jpm.protocol.wire.Json;
import dev.jpm.protocol.wire.RecordCodec;
import dev.jpm.protocol.wire.Request;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code jpm describe}: everything about the matching instances, secrets in env masked. */
@Command(name = "describe", aliases = {"show", "info"}, mixinStandardHelpOptions = true,
        description = "Show an app's or instance's spec, log files, recent exits and metrics.")
public final class DescribeCommand extends JpmSubcommand {
    /** Env keys whose values are hidden: they are likely passwords or tokens. */
    /** The next cron restart in the CLI's zone, with the zone, so a daemon in another zone cannot mislead. */
    private static final DateTimeFormatter CRON_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z", Locale.ROOT);
    static final Pattern SECRET = Pattern.compile("(?i).*(secret|password|passwd|token|key|credential|auth).*");

    @Parameters(paramLabel = "<app|id|all>", description = "An app name, an instance id, or 'all'.")
    String target;

    @Mixin
    JsonOption json;

    @Override
    protected int run() throws Exception {
        List<InstanceDescription> rows = send(new Request.Describe(target));
        List<InstanceDescription> masked = rows.stream().map(DescribeCommand::masked).toList();
        if (json.enabled()) {
            out().println(Json.write(RecordCodec.toJson(masked, true)));
            return 0;
        }
        java.util.Set<String> dumpsShown = new java.util.HashSet<>();
        for (InstanceDescription d : masked) {
            // the dumps are the app's: shown under its first instance, not once per instance
            print(out(), d, style(), dumpsShown.add(d.instance().name()));
        }
        return 0;
    }

    static InstanceDescription masked(InstanceDescription d) {
        AppSpec s = d.spec();
        Map<String, String> env = new java.util.TreeMap<>();
        s.env().forEach((k, v) -> env.put(k, SECRET.matcher(k).matches() ? "****" : v));
        AppSpec spec = new AppSpec(s.name(), s.jar(), s.args(), s.jvmArgs(), s.java(), s.cwd(), s.instances(), env,
                s.restart(), s.cluster(), s.logs(), s.stop(), s.liveness(), s.jvm(), s.source());
        return new InstanceDescription(d.instance(), spec, d.outLog(), d.errLog(), d.exits(), d.logProblems(), d.logBytesDropped(),
                d.appRequests(), d.nextCronRestartMillis(), d.dumps());
    }

    /** "0.0.0.0:3000 (http, round_robin)"; the protocol says what else it sends the instances when that is not the default. */
    static String publicPort(ClusterSettings cluster) {
        String protocol = cluster.protocol().name().toLowerCase(Locale.ROOT);
        if (cluster.protocol() == ClusterSettings.Protocol.HTTP && !cluster.forwarded()) {
            protocol += " without X-Forwarded-*";
        }
        if (cluster.protocol() == ClusterSettings.Protocol.TCP && cluster.proxyProtocol() != ClusterSettings.ProxyProtocol.NONE) {
            protocol += " with PROXY " + cluster.proxyProtocol().name().toLowerCase(Locale.ROOT);
        }
        return cluster.host() + ":" + cluster.port() + " (" + protocol + ", " + cluster.strategy().name().toLowerCase(Locale.ROOT) + ")";
    }

    /** The JVM keys that differ from their defaults, as the ecosystem file writes them. */
    static String jvmSettings(JvmSettings jvm) {
        List<String> set = new ArrayList<>();
        if (jvm.heapDumpOnOom()) {
            set.add("heap_dump_on_oom");
        }
        if (jvm.dumpRetain() != JvmSettings.DEFAULT_DUMP_RETAIN) {
            set.add("dump_retain " + jvm.dumpRetain());
        }
        if (jvm.cds() != JvmSettings.Cds.OFF) {
            set.add("cds " + jvm.cds().name().toLowerCase(Locale.ROOT));
        }
        if (jvm.gcLog()) {
            set.add("gc_log");
        }
        return String.join(", ", set);
    }

    private static void print(PrintWriter out, InstanceDescription d, Style style, boolean withDumps) {
        InstanceView v = d.instance();
        AppSpec s = d.spec();
        out.println(style.bold("── " + v.name() + " #" + v.instance() + " (id " + v.id() + ") ") + style.status(v.status()));
        field(out, "pid", Formats.orDash(v.pid()));
        field(out, "uptime", v.status() == InstanceStatus.ONLINE ? Formats.duration(v.uptimeMs()) : "-");
        field(out, "restarts", Integer.toString(v.restarts()));
        field(out, "cpu / memory", Formats.percent(v.cpu()) + " / " + Formats.bytes(v.memory()));
        if (v.heapUsed() != null) {
            field(out, "heap", Formats.bytes(v.heapUsed()) + " used, " + Formats.bytes(v.heapCommitted()) + " committed, "
                    + Formats.bytes(v.heapMax()) + " max");
        }
        if (v.gcCount() != null) {
            field(out, "gc", v.gcCount() + " collections, " + Formats.orDash(v.gcTimeMs()) + " ms in all");
        }
        if (v.threads() != null) {
            field(out, "threads", v.threads().toString());
        }
        field(out, "jar", s.jar());
        field(out, "args", String.join(" ", s.args()));
        field(out, "jvm_args", String.join(" ", s.jvmArgs()));
        if (!s.jvm().equals(JvmSettings.DEFAULTS)) {
            field(out, "jvm settings", jvmSettings(s.jvm()));
        }
        field(out, "java", s.java() + JavaRelease.version(s.java()).map(version -> " (" + version + ")").orElse(""));
        field(out, "cwd", s.cwd());
        field(out, "source", Formats.orDash(s.source()));
        if (s.cluster() != null) {
            field(out, "public port", publicPort(s.cluster()) + (v.balancer() == null ? "" : ", " + v.balancer()));
            if (d.appRequests() != null) {
                field(out, "port requests", requests(d.appRequests()) + " (jpm's own answers included)");
            }
            field(out, "internal port", Formats.orDash(v.port()));
            if (v.requests() != null) {
                field(out, "requests", requests(v.requests()));
            }
        }
        field(out, "stop", s.stop().signal() + ", SIGKILL after " + Formats.duration(s.restart().killTimeoutMs())
                + (s.stop().exitCodes().isEmpty() ? "" : "; exit codes " + s.stop().exitCodes() + " mean done"));
        String liveness = livenessCheck(s);
        if (liveness != null) {
            field(out, "liveness", liveness);
        }
        if (s.restart().cronRestart() != null) {
            field(out, "cron_restart", s.restart().cronRestart() + (d.nextCronRestartMillis() == null ? ""
                    : ", next " + ZonedDateTime.ofInstant(Instant.ofEpochMilli(d.nextCronRestartMillis()), ZoneId.systemDefault())
                            .format(CRON_TIME)));
        }
        field(out, "env", s.env().isEmpty() ? "-" : s.env().toString());
        field(out, "out log", logFile(d.outLog()));
        field(out, "err log", logFile(d.errLog()));
        if (s.logs().dateFormat() != null) {
            field(out, "log stamps", s.logs().dateFormat() + " (log_date_format)");
        }
        if (d.logBytesDropped() > 0) {
            field(out, "log dropped", Formats.bytes(d.logBytesDropped()) + " (the disk was full: not even their archive fit)");
        }
        for (String problem : d.logProblems()) {
            field(out, "log problem", style.red(problem));
        }
        if (d.exits().isEmpty()) {
            field(out, "recent exits", "none");
        } else {
            field(out, "recent exits", "");
            for (InstanceDescription.ExitView e : d.exits()) {
                out.println("    " + Instant.ofEpochMilli(e.atMillis()) + "  " + ExitDescriptions.of(e));
            }
        }
        if (withDumps) {
            dumps(out, d.dumps());
        }
        out.println();
    }

    /** "GET /health every 10s, 2s timeout, replaced after 3 failures", or null when the app has no liveness check. */
    static String livenessCheck(AppSpec s) {
        LivenessSettings l = s.liveness();
        String what = l.healthUrl() != null ? l.healthUrl() : s.cluster() != null ? s.cluster().healthPath() : null;
        if (what == null) {
            return null;
        }
        return "GET " + what + " every " + Formats.duration(l.intervalMs()) + ", " + l.timeoutMs() + " ms timeout, replaced after "
                + l.failures() + " failure" + (l.failures() == 1 ? "" : "s") + " in a row";
    }

    /** The app's dump files, newest first: kind, size, age, path. */
    static void dumps(PrintWriter out, List<DumpView> dumps) {
        if (dumps.isEmpty()) {
            field(out, "dumps", "none ('jpm threaddump', 'jpm heapdump', 'jpm jfr' make them)");
            return;
        }
        field(out, "dumps", dumps.size() + " of the app's, newest first");
        long now = System.currentTimeMillis();
        for (DumpView dump : dumps) {
            out.printf("    %-10s %9s  %8s ago  %s%n", dump.kind(), Formats.bytes(dump.bytes()),
                    Formats.duration(Math.max(0, now - dump.modifiedMillis())), dump.file());
        }
    }

    private static String logFile(String path) {
        return LogSettings.DISCARD.equals(path) ? path + " (not kept)" : path;
    }

    /** One line of request figures: how many, how fast now, how answered, how long, how many retried. */
    static String requests(RequestsView r) {
        return r.total() + " in all, " + Formats.rate(r.rps()) + " rps now; "
                + (r.status1xx() > 0 ? "1xx " + r.status1xx() + ", " : "")
                + "2xx " + r.status2xx() + ", 3xx " + r.status3xx() + ", 4xx " + r.status4xx() + ", 5xx " + r.status5xx()
                + "; p50 " + Formats.latency(r.p50Ms()) + ", p99 " + Formats.latency(r.p99Ms())
                + "; " + r.retries() + " retried";
    }

    private static void field(PrintWriter out, String name, String value) {
        out.printf("  %-14s %s%n", name, value);
    }
}
