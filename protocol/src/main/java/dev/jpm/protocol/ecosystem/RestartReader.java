package dev.jpm.protocol.ecosystem;

import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;

/** The restart keys of one app as {@link RestartSettings}; an absent key keeps its default. */
final class RestartReader {
    private final Map<EcosystemKey, NodeTuple> set;
    private final ValueReader values;

    RestartReader(Map<EcosystemKey, NodeTuple> set, ValueReader values) {
        this.set = set;
        this.values = values;
    }

    RestartSettings read() throws EcosystemException {
        RestartSettings d = RestartSettings.DEFAULTS;
        Node autorestart = node(EcosystemKey.AUTORESTART);
        Node maxRestarts = node(EcosystemKey.MAX_RESTARTS);
        Node maxMemory = node(EcosystemKey.MAX_MEMORY_RESTART);
        return new RestartSettings(
                autorestart == null ? d.autorestart() : values.bool("autorestart", autorestart),
                maxRestarts == null ? d.maxRestarts() : values.integer("max_restarts", maxRestarts, 0, Integer.MAX_VALUE),
                duration(EcosystemKey.MIN_UPTIME, d.minUptimeMs()),
                duration(EcosystemKey.RESTART_DELAY, d.restartDelayMs()),
                duration(EcosystemKey.EXP_BACKOFF_RESTART_DELAY, d.expBackoffRestartDelayMs()),
                maxMemory == null ? d.maxMemoryRestartBytes() : values.size("max_memory_restart", maxMemory),
                duration(EcosystemKey.KILL_TIMEOUT, d.killTimeoutMs()),
                cron(node(EcosystemKey.CRON_RESTART)));
    }

    /** The schedule as written, once {@link CronSchedule} has accepted it; null when not set. */
    private String cron(Node node) throws EcosystemException {
        if (node == null) {
            return null;
        }
        String text = values.string("cron_restart", node);
        try {
            return CronSchedule.parse(text).toString();
        } catch (IllegalArgumentException e) {
            throw values.error(node, "cron_restart", e.getMessage());
        }
    }

    private long duration(EcosystemKey key, long fallback) throws EcosystemException {
        Node node = node(key);
        return node == null ? fallback : values.duration(key.yamlName(), node);
    }

    private Node node(EcosystemKey key) {
        return AppReader.value(set, key);
    }
}
