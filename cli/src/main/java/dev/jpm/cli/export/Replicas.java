package dev.jpm.cli.export;

import dev.jpm.protocol.ecosystem.AppSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How many copies of each app the target runs. {@code instances: 0} and {@code -1} mean "one per
 * core (but one)" of this machine, which says nothing about the nodes or hosts the export will
 * run on, so the user must choose with {@code --replicas N}; the export refuses to guess.
 */
final class Replicas {
    private Replicas() {
    }

    /** Replicas per app name; {@code notes} receives one line per app whose count came from --replicas. */
    static Map<String, Integer> of(List<AppSpec> apps, Integer chosen, List<String> notes) throws ExportException {
        Map<String, Integer> byApp = new LinkedHashMap<>();
        List<String> unresolved = new ArrayList<>();
        for (AppSpec app : apps) {
            if (app.instances() > 0) {
                byApp.put(app.name(), app.instances());
            } else if (chosen == null) {
                unresolved.add(app.name() + " (instances: " + app.instances() + ", " + perCore(app) + ")");
            } else {
                byApp.put(app.name(), chosen);
                notes.add(app.name() + ": instances: " + app.instances() + " (" + perCore(app) + ") exported as "
                        + chosen + " (--replicas)");
            }
        }
        if (!unresolved.isEmpty()) {
            throw new ExportException("one per core has no meaning off this machine: choose a number of copies with"
                    + " --replicas N for " + String.join(", ", unresolved));
        }
        return byApp;
    }

    private static String perCore(AppSpec app) {
        return app.instances() == 0 ? "one per core" : "one per core but one";
    }
}
