package dev.jpm.cli.export;

import dev.jpm.protocol.ecosystem.AppSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * App names as Kubernetes object names and Compose service (host) names. jpm allows
 * {@code [A-Za-z0-9._-]}, up to 64; these must be RFC 1123 labels: lowercase letters, digits and
 * '-', at most 63, starting and ending with a letter or digit. A Service's name is stricter
 * (RFC 1035: it must start with a letter), so apps with a port are checked against that too.
 * {@code My_App.v2} becomes {@code my-app-v2}; what cannot be mapped, or two apps mapped to one
 * name, is an error naming the apps, never a silent rename.
 */
final class DnsNames {
    private static final int MAX_LENGTH = 63;
    private static final Pattern RFC_1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern RFC_1035_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");

    private DnsNames() {
    }

    /** Each app's name on the target, in the apps' order. */
    static Map<String, String> of(List<AppSpec> apps) throws ExportException {
        Map<String, String> byApp = new LinkedHashMap<>();
        Map<String, String> taken = new LinkedHashMap<>();
        for (AppSpec app : apps) {
            String mapped = mapped(app);
            String first = taken.putIfAbsent(mapped, app.name());
            if (first != null) {
                throw new ExportException("apps '" + first + "' and '" + app.name() + "' both become '" + mapped
                        + "' as a Kubernetes/DNS name (lowercase, '_' and '.' as '-'); rename one of them");
            }
            byApp.put(app.name(), mapped);
        }
        return byApp;
    }

    private static String mapped(AppSpec app) throws ExportException {
        String name = app.name().toLowerCase(Locale.ROOT).replace('_', '-').replace('.', '-');
        String problem = null;
        if (name.length() > MAX_LENGTH) {
            problem = "is " + name.length() + " characters long, over the limit of " + MAX_LENGTH;
        } else if (!RFC_1123_LABEL.matcher(name).matches()) {
            problem = "must start and end with a letter or digit";
        } else if (app.cluster() != null && !RFC_1035_LABEL.matcher(name).matches()) {
            problem = "must start with a letter to name the Service for its port";
        }
        if (problem != null) {
            throw new ExportException("app '" + app.name() + "' cannot be named on Kubernetes/DNS: '" + name + "' " + problem
                    + " (RFC 1123: lowercase letters, digits and '-', at most 63); rename the app");
        }
        return name;
    }
}
