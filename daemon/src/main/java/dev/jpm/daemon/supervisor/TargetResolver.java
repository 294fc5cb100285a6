package dev.jpm.daemon.supervisor;

import dev.jpm.daemon.JpmException;
import dev.jpm.daemon.supervisor.ModelSnapshot.InstanceSnapshot;
import dev.jpm.protocol.wire.ErrorCode;
import java.util.ArrayList;
import java.util.List;

/** Turns a command's target, {@code all}, an app name or an instance id, into instances. */
final class TargetResolver {
    /** Ids have at most 9 digits, so any all-digit target of that length parses as an int. */
    private static final int MAX_ID_DIGITS = 9;

    private TargetResolver() {
    }

    static List<InstanceSnapshot> resolve(String target, ModelSnapshot model) {
        if (target == null || target.isBlank()) {
            throw new JpmException(ErrorCode.BAD_REQUEST, "no target given: name an app, an instance id or 'all'");
        }
        if ("all".equals(target)) {
            return model.instances();
        }
        if (target.chars().allMatch(Character::isDigit) && target.length() <= MAX_ID_DIGITS) {
            int id = Integer.parseInt(target);
            List<InstanceSnapshot> found = new ArrayList<>(model.instances().stream().filter(i -> i.id() == id).toList());
            if (found.isEmpty()) {
                throw new JpmException(ErrorCode.NOT_FOUND, "no instance with id " + id + nearestHint(model));
            }
            return found;
        }
        return model.app(target).map(ModelSnapshot.App::instances)
                .orElseThrow(() -> new JpmException(ErrorCode.NOT_FOUND, "no app named '" + target + "'" + nearestHint(model)));
    }

    private static String nearestHint(ModelSnapshot model) {
        if (model.apps().isEmpty()) {
            return " (no apps are running; start one with 'jpm start')";
        }
        List<String> names = model.apps().stream().map(ModelSnapshot.App::name).toList();
        return " (apps: " + String.join(", ", names) + ")";
    }
}
