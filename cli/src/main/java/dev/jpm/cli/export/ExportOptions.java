package dev.jpm.cli.export;

import java.util.List;

/**
 * The choices an export needs that the ecosystem file cannot make.
 *
 * @param images        container images: one {@code IMAGE} for every app and/or {@code app=IMAGE} entries;
 *                      an app with neither gets {@code <name>:latest} and a warning
 * @param replicas      replicas for apps with {@code instances: 0} or {@code -1} (one per core), which
 *                      mean nothing off this machine; null when not given
 * @param containerJava the java command inside a container image
 * @param defaultJava   the java an app without a {@code java} key runs with here, so that only a
 *                      {@code java} the user set is reported as not carried over
 */
public record ExportOptions(List<String> images, Integer replicas, String containerJava, String defaultJava) {
    public static final String CONTAINER_JAVA = "java";

    public ExportOptions {
        images = images == null ? List.of() : List.copyOf(images);
        containerJava = containerJava == null || containerJava.isBlank() ? CONTAINER_JAVA : containerJava;
    }
}
