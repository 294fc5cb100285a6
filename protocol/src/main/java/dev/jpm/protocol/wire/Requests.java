package dev.jpm.protocol.wire;

import java.util.LinkedHashMap;
import java.util.Map;

/** The name each request travels under as {@code cmd}, and the reverse look-up the daemon uses. */
public final class Requests {
    private static final Map<String, Class<? extends Request>> BY_CMD = new LinkedHashMap<>();
    private static final Map<Class<? extends Request>, String> BY_TYPE = new LinkedHashMap<>();

    static {
        register("hello", Request.Hello.class);
        register("ping", Request.Ping.class);
        register("start", Request.Start.class);
        register("list", Request.ListInstances.class);
        register("stop", Request.Stop.class);
        register("restart", Request.Restart.class);
        register("delete", Request.Delete.class);
        register("describe", Request.Describe.class);
        register("reload", Request.Reload.class);
        register("scale", Request.Scale.class);
        register("kill", Request.Kill.class);
        register("logs", Request.Logs.class);
        register("flush", Request.Flush.class);
        register("save", Request.Save.class);
        register("resurrect", Request.Resurrect.class);
    }

    private Requests() {
    }

    private static void register(String cmd, Class<? extends Request> type) {
        BY_CMD.put(cmd, type);
        BY_TYPE.put(type, cmd);
    }

    public static String cmdOf(Request request) {
        return BY_TYPE.get(request.getClass());
    }

    public static Class<? extends Request> typeOf(String cmd) {
        return BY_CMD.get(cmd);
    }
}
