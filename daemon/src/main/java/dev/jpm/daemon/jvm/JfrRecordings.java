package dev.jpm.daemon.jvm;

import dev.jpm.daemon.JpmException;
import dev.jpm.daemon.supervisor.ModelSnapshot.InstanceSnapshot;
import dev.jpm.protocol.home.JpmHome;
import dev.jpm.protocol.wire.ErrorCode;
import dev.jpm.protocol.wire.Results;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code jpm jfr start|dump|stop}: the JFR diagnostic commands, through the attach listener, on a
 * recording named {@value #NAME} so that jpm's never mixes with one the app or a person started.
 * JFR answers every failure with status 0 and words ("Could not find jpm."), so success is read
 * off its words too. A start with a duration writes its file when the time is up; a start without
 * one records until {@code dump} (a copy so far) or {@code stop}, each of which writes a new file.
 */
final class JfrRecordings {
    static final String NAME = "jpm";
    /** JFR.start initialises JFR on first use: a second or two on a small machine, more under load. */
    static final long REPLY_MS = 30_000;

    private JfrRecordings() {
    }

    static Results.DumpTaken run(JpmHome home, InstanceSnapshot instance, String action, long durationMs, String settings,
            int retain, long nowMillis) {
        Path file = null;
        try {
            if (instance.pid() == null) {
                throw new JpmException(ErrorCode.CONFLICT, "not running (" + instance.status().name().toLowerCase() + ")");
            }
            long pid = instance.pid();
            String said;
            switch (action) {
                case "start" -> {
                    if (jcmd(pid, "JFR.check name=" + NAME).contains("(running)")) {
                        throw new JpmException(ErrorCode.CONFLICT, "a jpm recording already runs; 'jpm jfr stop' ends it");
                    }
                    StringBuilder command = new StringBuilder("JFR.start name=" + NAME + " settings=" + quoted(settings));
                    if (durationMs > 0) {
                        file = newFile(home, instance, nowMillis);
                        command.append(" duration=").append(Math.max(1, durationMs / 1000)).append("s filename=").append(quoted(file.toString()));
                    }
                    said = expect(jcmd(pid, command.toString()), "Started recording");
                }
                case "dump" -> {
                    file = newFile(home, instance, nowMillis);
                    said = expect(jcmd(pid, "JFR.dump name=" + NAME + " filename=" + quoted(file.toString())), "Dumped recording");
                }
                case "stop" -> {
                    file = newFile(home, instance, nowMillis);
                    said = expect(jcmd(pid, "JFR.stop name=" + NAME + " filename=" + quoted(file.toString())), "Stopped recording");
                }
                default -> throw new JpmException(ErrorCode.BAD_REQUEST, "jfr " + action + ": the actions are start, dump and stop");
            }
            long bytes = !"start".equals(action) && file != null && Files.exists(file) ? Files.size(file) : 0;
            DumpRetention.trim(home, instance.app(), retain);
            return new Results.DumpTaken(instance.id(), instance.app(), instance.index(), file == null ? null : file.toString(), bytes,
                    said, null, null);
        } catch (IOException | RuntimeException e) {
            InstanceFailure failure = InstanceFailure.of(e);
            return new Results.DumpTaken(instance.id(), instance.app(), instance.index(), null, 0, null, failure.message(),
                    failure.code().wireName());
        }
    }

    private static Path newFile(JpmHome home, InstanceSnapshot instance, long nowMillis) throws IOException {
        return DumpFolder.newFile(DumpFolder.prepare(home, instance.app()), DumpKind.JFR, instance.id(), nowMillis);
    }

    private static String jcmd(long pid, String command) throws IOException {
        AttachReply reply = HotSpotAttach.execute(pid, AttachRequest.jcmd(command), HotSpotAttach.Patience.forMillis(REPLY_MS));
        if (!reply.ok()) {
            throw new JpmException(ErrorCode.UNRESPONSIVE, "the JVM refused '" + command + "': " + reply.output().trim());
        }
        return reply.output();
    }

    /** JFR's answer when it holds {@code success}; else its words are the error ("Could not stop recording"). */
    private static String expect(String said, String success) {
        String text = said.trim();
        if (!text.startsWith(success)) {
            throw new JpmException(text.startsWith("Could not") ? ErrorCode.NOT_FOUND : ErrorCode.UNRESPONSIVE,
                    text.isEmpty() ? "JFR said nothing" : text.replaceAll("\\s*\\n\\s*", " "));
        }
        return text.replaceAll("\\s*\\n\\s*", " ");
    }

    /**
     * The diagnostic command parser splits on spaces; a quoted value keeps a path with one whole.
     * It has no escape for a quote, and HotSpot runs each line of a jcmd request as a command of
     * its own: a path with a quote or a line break would end the value and start another command.
     */
    static String quoted(String value) {
        if (value.chars().anyMatch(c -> c == '"' || c == '\n' || c == '\r')) {
            throw new JpmException(ErrorCode.BAD_REQUEST, "'" + value.replace("\n", "\\n").replace("\r", "\\r")
                    + "' holds a quote or a line break, which a JFR command cannot carry; use a path without one");
        }
        return value.contains(" ") ? "\"" + value + "\"" : value;
    }
}
