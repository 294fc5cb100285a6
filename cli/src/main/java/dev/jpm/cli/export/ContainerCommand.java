package dev.jpm.cli.export;

import dev.jpm.protocol.ecosystem.AppSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The instance's command line inside a container image. The spec's {@code java} and {@code jar}
 * are paths on this host; in the image, java is the one on PATH (or {@code --java}) and the jar
 * is {@code /app/<jar file name>}, also the working folder, the layout of a two-line Dockerfile
 * ({@code COPY target/app.jar /app/}). {@code ${PORT}} becomes the container port, as jpm puts the
 * instance's internal port there.
 */
final class ContainerCommand {
    static final String APP_FOLDER = "/app";
    private static final String PORT_PLACEHOLDER = "${PORT}";

    private ContainerCommand() {
    }

    /** The entrypoint: java, the JVM options, {@code -jar} and the jar in the image. */
    static List<String> entrypoint(AppSpec app, String java) {
        List<String> command = new ArrayList<>();
        command.add(java);
        app.jvmArgs().forEach(a -> command.add(withPort(a, app)));
        command.add("-jar");
        command.add(jarInImage(app));
        return command;
    }

    /** The app's own arguments, after the jar. */
    static List<String> args(AppSpec app) {
        return app.args().stream().map(a -> withPort(a, app)).toList();
    }

    static String jarInImage(AppSpec app) {
        return APP_FOLDER + "/" + Path.of(app.jar()).getFileName();
    }

    /** Fork-mode apps get no port from jpm either, so their {@code ${PORT}} stays as written. */
    private static String withPort(String arg, AppSpec app) {
        return app.cluster() == null ? arg : arg.replace(PORT_PLACEHOLDER, Integer.toString(app.cluster().port()));
    }
}
