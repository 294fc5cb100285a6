package dev.jpm.demo;

import java.util.Map;

/**
 * Where the server listens. {@code PORT} comes from the environment, as a process manager sets
 * it per instance; {@code --port N} (or {@code --port=N}) on the command line overrides it.
 * {@code HOST} picks the bind address; unset, the server listens on every interface like any
 * ordinary server.
 */
public record LaunchConfig(String host, int port) {

    public static final int DEFAULT_PORT = 3000;

    public LaunchConfig {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be between 0 and 65535: " + port);
        }
    }

    /** True when no {@code HOST} was given and every interface should be bound. */
    public boolean allInterfaces() {
        return host == null;
    }

    public static LaunchConfig parse(String[] args, Map<String, String> env) {
        String host = env.get("HOST");
        if (host != null && host.isBlank()) {
            host = null;
        }
        int port = env.containsKey("PORT") ? parsePort(env.get("PORT"), "PORT") : DEFAULT_PORT;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--port")) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("--port needs a value");
                }
                port = parsePort(args[++i], "--port");
            } else if (arg.startsWith("--port=")) {
                port = parsePort(arg.substring("--port=".length()), "--port");
            } else {
                throw new IllegalArgumentException("unknown argument: " + arg);
            }
        }
        return new LaunchConfig(host, port);
    }

    private static int parsePort(String value, String source) {
        try {
            int port = Integer.parseInt(value.trim());
            if (port >= 0 && port <= 65_535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // fall through to the one error message below
        }
        throw new IllegalArgumentException(source + " must be a port number (0-65535), got '" + value + "'");
    }
}
