package dev.jpm.daemon.state;

import dev.jpm.protocol.ecosystem.AppSpec;
import java.util.List;
import java.util.Map;

/**
 * An app and its instances as {@code state.json} keeps them, with the caller's environment a
 * {@code --update-env} gave it (empty when none did, and in a state file from before the key).
 */
public record AppState(AppSpec spec, List<InstanceState> instances, Map<String, String> callerEnv) {
    public AppState {
        callerEnv = callerEnv == null ? Map.of() : Map.copyOf(callerEnv);
    }

    public AppState(AppSpec spec, List<InstanceState> instances) {
        this(spec, instances, null);
    }
}
