package dev.jpm.cli.export;

import dev.jpm.protocol.ecosystem.AppSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The container image of each app: {@code --image IMAGE} for every app, {@code --image app=IMAGE}
 * for one. Without either the app gets {@code <name>:latest} and a warning: the export still shows
 * every other value, and the image is the one line the user must fix anyway when building it.
 */
final class Images {
    private final String forAll;
    private final Map<String, String> byApp = new LinkedHashMap<>();

    Images(List<String> options, List<String> appNames) throws ExportException {
        String all = null;
        for (String option : options) {
            int eq = option.indexOf('=');
            if (eq < 0) {
                if (all != null) {
                    throw new ExportException("--image given twice for every app ('" + all + "', '" + option
                            + "'); use --image app=IMAGE for one app");
                }
                all = option;
            } else {
                String app = option.substring(0, eq);
                if (!appNames.contains(app)) {
                    throw new ExportException("--image " + option + ": no app '" + app + "' is exported (apps: "
                            + String.join(", ", appNames) + ")");
                }
                byApp.put(app, option.substring(eq + 1));
            }
        }
        forAll = all;
    }

    /** The app's image; a note when it is the guessed default. */
    String of(AppSpec app, String dnsName, List<String> notes) {
        String image = byApp.getOrDefault(app.name(), forAll);
        if (image != null) {
            return image;
        }
        notes.add(app.name() + ": no --image; using '" + dnsName + ":latest', which must hold the jar at "
                + ContainerCommand.jarInImage(app));
        return dnsName + ":latest";
    }
}
