package dev.jpm.protocol.ecosystem;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Warns when {@code kill_timeout} would cut a Spring Boot app's graceful shutdown short: SIGKILL
 * would end requests in flight that Spring was still waiting for. Spring Boot waits up to
 * {@code spring.lifecycle.timeout-per-shutdown-phase} (30 s by default) per shutdown phase; its
 * web server's graceful shutdown is on by default since Boot 3.4 and needs
 * {@code server.shutdown=graceful} before. The settings are looked for where jpm can see them
 * (args {@code --name=value}, jvm_args {@code -Dname=value}, env in Spring's relaxed form), in
 * Spring's order of precedence; what the app's own application.properties says is not read.
 */
public final class SpringShutdownCheck {
    static final String TIMEOUT = "spring.lifecycle.timeout-per-shutdown-phase";
    static final String SHUTDOWN = "server.shutdown";
    /** Spring Boot's default for {@value #TIMEOUT}. */
    static final long DEFAULT_PHASE_MS = 30_000;
    /**
     * After the web server's phase the context still closes its other beans and the JVM runs its
     * other shutdown hooks: a few seconds on a loaded box, so kill_timeout should exceed the phase by this.
     */
    static final long AFTER_PHASE_MS = 5_000;
    private static final String BOOT_VERSION_ATTRIBUTE = "Spring-Boot-Version";

    private SpringShutdownCheck() {
    }

    /** The warning for this app, if its kill_timeout is too short for the graceful shutdown it has. */
    public static Optional<String> warning(AppSpec spec) {
        String bootVersion = bootVersion(Path.of(spec.jar())).orElse(null);
        String timeout = setting(spec, TIMEOUT).orElse(null);
        String shutdown = setting(spec, SHUTDOWN).orElse(null);
        if (bootVersion == null && timeout == null && shutdown == null) {
            return Optional.empty();
        }
        boolean graceful = shutdown != null ? "graceful".equalsIgnoreCase(shutdown.strip())
                : timeout != null || gracefulByDefault(bootVersion);
        if (!graceful) {
            return Optional.empty();
        }
        long phaseMs = timeout == null ? DEFAULT_PHASE_MS : springDurationMillis(timeout).orElse(-1L);
        long killTimeout = spec.restart().killTimeoutMs();
        if (phaseMs < 0 || killTimeout >= phaseMs + AFTER_PHASE_MS) {
            return Optional.empty();
        }
        return Optional.of("app '" + spec.name() + "': kill_timeout (" + killTimeout + " ms) is shorter than Spring Boot's graceful"
                + " shutdown may take (" + TIMEOUT + " " + (timeout == null ? "30s, the default" : timeout) + ", then the context"
                + " closes): a stop would SIGKILL requests still in flight; set kill_timeout to at least "
                + (phaseMs + AFTER_PHASE_MS) / 1_000 + "s");
    }

    /** Graceful shutdown became Spring Boot's default in 3.4. */
    static boolean gracefulByDefault(String bootVersion) {
        if (bootVersion == null) {
            return false;
        }
        String[] parts = bootVersion.split("[.-]");
        try {
            int major = Integer.parseInt(parts[0]);
            int minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            return major > 3 || (major == 3 && minor >= 4);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** A property from args, then jvm_args, then env: Spring's precedence (command line, system properties, environment). */
    static Optional<String> setting(AppSpec spec, String property) {
        Optional<String> fromArgs = last(spec.args(), "--" + property + "=");
        if (fromArgs.isPresent()) {
            return fromArgs;
        }
        Optional<String> fromJvm = last(spec.jvmArgs(), "-D" + property + "=");
        if (fromJvm.isPresent()) {
            return fromJvm;
        }
        // relaxed binding: dots to underscores, upper case, dashes dropped (or, the legacy form, made underscores)
        String upper = property.toUpperCase(Locale.ROOT).replace('.', '_');
        String value = spec.env().get(upper.replace("-", ""));
        return Optional.ofNullable(value != null ? value : spec.env().get(upper.replace('-', '_')));
    }

    /** The last {@code prefix}value in the list: a later one overrides an earlier one. */
    private static Optional<String> last(List<String> items, String prefix) {
        String found = null;
        for (String item : items) {
            if (item.startsWith(prefix)) {
                found = item.substring(prefix.length());
            }
        }
        return Optional.ofNullable(found);
    }

    /** Spring's duration forms: {@code 20s}, {@code 500ms}, {@code 1m}, ISO-8601 {@code PT20S}, a plain number of milliseconds. */
    static Optional<Long> springDurationMillis(String text) {
        String s = text.strip();
        try {
            if (s.toUpperCase(Locale.ROOT).startsWith("PT") || s.toUpperCase(Locale.ROOT).startsWith("P")) {
                return Optional.of(Duration.parse(s).toMillis());
            }
            if (s.toLowerCase(Locale.ROOT).endsWith("d")) {
                return Optional.of(Long.parseLong(s.substring(0, s.length() - 1).strip()) * 86_400_000L);
            }
            return Optional.of(Durations.parseMillis(s));
        } catch (IllegalArgumentException | DateTimeParseException | ArithmeticException e) {
            return Optional.empty();
        }
    }

    /** The Spring-Boot-Version a Boot fat jar's manifest carries, if the jar is one. */
    static Optional<String> bootVersion(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            return manifest == null ? Optional.empty()
                    : Optional.ofNullable(manifest.getMainAttributes().getValue(BOOT_VERSION_ATTRIBUTE));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
