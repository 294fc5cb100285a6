package dev.jpm.daemon.logs;

import dev.jpm.protocol.ecosystem.LogSettings;
import dev.jpm.protocol.home.JpmHome;
import dev.jpm.protocol.home.LogStream;
import java.nio.file.Path;

/**
 * An instance as the log code sees it: whose files, how they rotate, and which process (if any)
 * appends to them now.
 *
 * @param index the instance's index in its app, which {@code ${INSTANCE_ID}} in a file name stands for
 * @param pid   null when no process runs, so nothing writes the files
 */
public record LogSource(String app, int id, int index, LogSettings settings, Long pid) {

    /** The file {@code stream} goes to, or null when the app sends it to /dev/null. */
    public Path file(JpmHome home, LogStream stream) {
        return settings.file(home, app, id, index, stream);
    }
}
