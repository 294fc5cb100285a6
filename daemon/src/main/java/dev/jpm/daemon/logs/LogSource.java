package dev.jpm.daemon.logs;

import dev.jpm.protocol.ecosystem.LogSettings;
import dev.jpm.protocol.home.JpmHome;
import dev.jpm.protocol.home.LogStream;
import java.nio.file.Path;

/**
 * An instance as the log code sees it: whose files, how they rotate, and which process (if any)
 * appends to them now.
 *
 * @param pid null when no process runs, so nothing writes the files
 */
public record LogSource(String app, int id, LogSettings settings, Long pid) {

    public Path file(JpmHome home, LogStream stream) {
        return home.logFile(app, id, stream);
    }
}
