package dev.jpm.daemon.state;

import dev.jpm.protocol.ecosystem.AppSpec;
import java.util.List;

/** An app and its instances as {@code state.json} keeps them. */
public record AppState(AppSpec spec, List<InstanceState> instances) {
}
