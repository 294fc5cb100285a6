package dev.jpm.protocol.wire;

import java.util.List;

/**
 * The daemon's answer to a hello: its versions and pid, and {@code notices}: what it did on its
 * own since the last CLI connected that the user must hear (a damaged state file recovered, a
 * process stopped because no app owns it). The CLI prints each on stderr; the daemon hands each
 * out once.
 */
public record Welcome(int protocol, String version, long pid, List<String> notices) {
}
