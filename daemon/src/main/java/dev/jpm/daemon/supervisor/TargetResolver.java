package dev.jpm.daemon.supervisor;

import dev.jpm.daemon.JpmException;
import dev.jpm.protocol.wire.ErrorCode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Turns a command's target, {@code all}, an app name or an instance id, into instances. */
final class TargetResolver {
    private TargetResolver() {
    }

    static List<Instance> resolve(String target, Collection<ManagedApp> apps) {
        List<Instance> found = new ArrayList<>();
        if (target == null || target.isBlank()) {
            throw new JpmException(ErrorCode.BAD_REQUEST, "no target given: name an app, an instance id or 'all'");
        }
        if ("all".equals(target)) {
            apps.forEach(a -> found.addAll(a.instances));
            return found;
        }
        if (target.chars().allMatch(Character::isDigit) && target.length() < 10) {
            int id = Integer.parseInt(target);
            apps.forEach(a -> a.instances.stream().filter(i -> i.id == id).forEach(found::add));
            if (found.isEmpty()) {
                throw new JpmException(ErrorCode.NOT_FOUND, "no instance with id " + id + nearestHint(apps));
            }
            return found;
        }
        for (ManagedApp app : apps) {
            if (app.name().equals(target)) {
                found.addAll(app.instances);
                return found;
            }
        }
        throw new JpmException(ErrorCode.NOT_FOUND, "no app named '" + target + "'" + nearestHint(apps));
    }

    private static String nearestHint(Collection<ManagedApp> apps) {
        if (apps.isEmpty()) {
            return " (no apps are running; start one with 'jpm start')";
        }
        List<String> names = apps.stream().map(ManagedApp::name).toList();
        return " (apps: " + String.join(", ", names) + ")";
    }
}
