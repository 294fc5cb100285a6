package dev.jpm.cli.startup;

import java.nio.file.Path;
import java.util.Map;

/** Where systemd looks for the unit: the user's own units, or the administrator's system units. */
public final class UnitLocation {
    private UnitLocation() {
    }

    public static Path of(UnitFile unit, Map<String, String> env) {
        if (unit.scope() == UnitFile.Scope.SYSTEM) {
            return Path.of("/etc/systemd/system", unit.name());
        }
        String config = env.get("XDG_CONFIG_HOME");
        Path base = config != null && !config.isBlank() ? Path.of(config) : Path.of(System.getProperty("user.home"), ".config");
        return base.resolve("systemd").resolve("user").resolve(unit.name());
    }
}
