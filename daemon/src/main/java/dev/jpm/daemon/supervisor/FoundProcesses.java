package dev.jpm.daemon.supervisor;

import dev.jpm.protocol.home.MarkedProcess;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The marked processes a new daemon found, claimed one by one as it matches them to the
 * instances it knows; what nobody claims is left over for it to adopt or stop. Only the root of
 * each instance's tree counts: a child inherits its parent's marker, and it is stopped with its
 * parent. A child whose parent is gone (re-parented to init) is a root again. Used on the
 * supervisor's thread during restore only.
 */
final class FoundProcesses {
    private final Map<Long, MarkedProcess> roots = new LinkedHashMap<>();

    FoundProcesses(List<MarkedProcess> marked) {
        Set<String> keysByPid = marked.stream().map(p -> p.pid() + "/" + key(p)).collect(Collectors.toSet());
        for (MarkedProcess p : marked) {
            boolean parentIsSameInstance = keysByPid.contains(p.parentPid() + "/" + key(p));
            if (!parentIsSameInstance) {
                roots.put(p.pid(), p);
            }
        }
    }

    /** The instance's process found by its recorded pid; it is no longer left over. */
    void claimPid(long pid) {
        roots.remove(pid);
    }

    /** The oldest left-over root launched as {@code app}'s instance {@code id}, now claimed. */
    Optional<MarkedProcess> claim(String app, int id) {
        Optional<MarkedProcess> match = roots.values().stream()
                .filter(p -> p.app().equals(app) && p.id() == id)
                .min((a, b) -> Long.compare(a.startMillis(), b.startMillis()));
        match.ifPresent(p -> roots.remove(p.pid()));
        return match;
    }

    /** Roots nobody claimed, oldest first. */
    List<MarkedProcess> unclaimed() {
        List<MarkedProcess> left = new ArrayList<>(roots.values());
        left.sort((a, b) -> Long.compare(a.startMillis(), b.startMillis()));
        return left;
    }

    private static String key(MarkedProcess p) {
        return p.app() + "#" + p.id();
    }
}
