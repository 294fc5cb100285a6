package dev.jpm.protocol.wire;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The name each request travels under as {@code cmd}, the reverse look-up the daemon uses, and the
 * type of each one's result, read off its {@code implements Request<R>} so that it is declared once.
 */
public final class Requests {
    private static final Map<String, Class<? extends Request<?>>> BY_CMD = new LinkedHashMap<>();
    private static final Map<Class<?>, String> BY_TYPE = new LinkedHashMap<>();
    private static final Map<Class<?>, Type> RESULT_TYPES = new LinkedHashMap<>();

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
        register("threaddump", Request.ThreadDump.class);
        register("heapdump", Request.HeapDump.class);
        register("jfr", Request.Jfr.class);
        register("signal", Request.Signal.class);
        register("update", Request.Update.class);
    }

    private Requests() {
    }

    private static void register(String cmd, Class<? extends Request<?>> type) {
        BY_CMD.put(cmd, type);
        BY_TYPE.put(type, cmd);
        for (Type t : type.getGenericInterfaces()) {
            if (t instanceof ParameterizedType p && p.getRawType() == Request.class) {
                RESULT_TYPES.put(type, p.getActualTypeArguments()[0]);
            }
        }
    }

    public static String cmdOf(Request<?> request) {
        return BY_TYPE.get(request.getClass());
    }

    public static Class<? extends Request<?>> typeOf(String cmd) {
        return BY_CMD.get(cmd);
    }

    /** The type a successful reply to this request carries: a record, or a {@code List} of them. */
    public static Type resultTypeOf(Request<?> request) {
        return RESULT_TYPES.get(request.getClass());
    }
}
