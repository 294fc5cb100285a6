package dev.jpm.protocol.wire;

import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Maps records to JSON values and back, so that every message is a named Java record and its
 * JSON form follows from its components. Field names are the components' names in snake_case
 * ({@code uptimeMs} is {@code uptime_ms}), the form scripts reading {@code --json} expect.
 * Unknown fields are ignored and missing ones take Java's defaults, so an older peer's message
 * still reads.
 */
public final class RecordCodec {
    private static final Map<Class<?>, RecordComponent[]> COMPONENTS = new ConcurrentHashMap<>();
    private static final Map<String, String> WIRE_NAMES = new ConcurrentHashMap<>();

    private RecordCodec() {
    }

    /** Turns a record (or list, map, scalar) into a JSON value that {@link Json#write} accepts; null fields are left out. */
    public static Object toJson(Object value) {
        return toJson(value, false);
    }

    /**
     * As {@link #toJson(Object)}, but with {@code keepNulls} every record field is present, null or
     * not: what scripts reading {@code --json} want, a fixed set of keys.
     */
    public static Object toJson(Object value, boolean keepNulls) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Enum<?> e) {
            return e.name().toLowerCase(Locale.ROOT);
        }
        if (value instanceof Record record) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (RecordComponent c : components(record.getClass())) {
                Object v = read(c, record);
                if (v != null || keepNulls) {
                    map.put(wireName(c.getName()), toJson(v, keepNulls));
                }
            }
            return map;
        }
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> map = new LinkedHashMap<>();
            m.forEach((k, v) -> map.put(String.valueOf(k), toJson(v, keepNulls)));
            return map;
        }
        if (value instanceof Collection<?> c) {
            List<Object> list = new ArrayList<>(c.size());
            c.forEach(v -> list.add(toJson(v, keepNulls)));
            return list;
        }
        throw new IllegalArgumentException("cannot encode " + value.getClass().getName());
    }

    /** Reads a JSON value as the given type: a record class, a parameterised List or Map, or a scalar. */
    @SuppressWarnings("unchecked")
    public static <T> T fromJson(Type type, Object json) {
        return (T) convert(type, json);
    }

    private static Object convert(Type type, Object json) {
        if (type instanceof ParameterizedType p) {
            Class<?> raw = (Class<?>) p.getRawType();
            if (json == null) {
                return List.class.isAssignableFrom(raw) ? List.of() : Map.class.isAssignableFrom(raw) ? Map.of() : null;
            }
            if (List.class.isAssignableFrom(raw)) {
                Type item = p.getActualTypeArguments()[0];
                List<Object> out = new ArrayList<>();
                for (Object o : expect(json, List.class, type)) {
                    Object converted = convert(item, o);
                    if (converted == null) {
                        throw new JsonException("null item in a list");
                    }
                    out.add(converted);
                }
                return List.copyOf(out);
            }
            if (Map.class.isAssignableFrom(raw)) {
                Type item = p.getActualTypeArguments()[1];
                Map<String, Object> out = new LinkedHashMap<>();
                expect(json, Map.class, type).forEach((k, v) -> out.put(String.valueOf(k), convert(item, v)));
                return out;
            }
            throw new IllegalArgumentException("unsupported type " + type);
        }
        Class<?> cls = (Class<?>) type;
        if (cls == Object.class) {
            return json;
        }
        if (cls.isPrimitive()) {
            return primitive(cls, json);
        }
        if (json == null) {
            return null;
        }
        if (cls == String.class) {
            return expect(json, String.class, type);
        }
        if (cls == Long.class || cls == Integer.class || cls == Double.class || cls == Boolean.class) {
            return primitive(cls, json);
        }
        if (cls.isEnum()) {
            String name = expect(json, String.class, type).toUpperCase(Locale.ROOT);
            for (Object constant : cls.getEnumConstants()) {
                if (((Enum<?>) constant).name().equals(name)) {
                    return constant;
                }
            }
            throw new JsonException("unknown value '" + json + "' for " + cls.getSimpleName());
        }
        if (cls.isRecord()) {
            return record(cls, expect(json, Map.class, type));
        }
        throw new IllegalArgumentException("unsupported type " + type);
    }

    private static Object record(Class<?> cls, Map<?, ?> fields) {
        RecordComponent[] comps = components(cls);
        Object[] args = new Object[comps.length];
        Class<?>[] types = new Class<?>[comps.length];
        for (int i = 0; i < comps.length; i++) {
            types[i] = comps[i].getType();
            try {
                args[i] = convert(comps[i].getGenericType(), fields.get(wireName(comps[i].getName())));
            } catch (JsonException e) {
                throw new JsonException(wireName(comps[i].getName()) + ": " + e.getMessage());
            }
        }
        try {
            Constructor<?> ctor = cls.getDeclaredConstructor(types);
            ctor.setAccessible(true);
            return ctor.newInstance(args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw new JsonException(cls.getSimpleName() + ": " + (cause == null ? e : cause.getMessage()));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object primitive(Class<?> cls, Object json) {
        if (cls == boolean.class || cls == Boolean.class) {
            return json == null ? (cls == boolean.class ? Boolean.FALSE : null) : expect(json, Boolean.class, cls);
        }
        if (json == null) {
            return cls.isPrimitive() ? (cls == double.class ? (Object) 0.0 : cls == int.class ? (Object) 0 : (Object) 0L) : null;
        }
        Number n = expect(json, Number.class, cls);
        if (cls == int.class || cls == Integer.class) {
            long l = n.longValue();
            if (l != (int) l) {
                throw new JsonException("number out of range: " + l);
            }
            return (int) l;
        }
        if (cls == long.class || cls == Long.class) {
            return n.longValue();
        }
        return n.doubleValue();
    }

    private static <T> T expect(Object json, Class<T> cls, Type wanted) {
        if (!cls.isInstance(json)) {
            throw new JsonException("expected " + describe(wanted) + " but got " + (json == null ? "null" : json.getClass().getSimpleName()));
        }
        return cls.cast(json);
    }

    private static String describe(Type t) {
        return t instanceof Class<?> c ? c.getSimpleName() : t.getTypeName();
    }

    private static Object read(RecordComponent c, Record r) {
        try {
            var accessor = c.getAccessor();
            accessor.setAccessible(true);
            return accessor.invoke(r);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RecordComponent[] components(Class<?> cls) {
        return COMPONENTS.computeIfAbsent(cls, Class::getRecordComponents);
    }

    /** {@code uptimeMs} becomes {@code uptime_ms}. */
    public static String wireName(String javaName) {
        return WIRE_NAMES.computeIfAbsent(javaName, n -> {
            StringBuilder sb = new StringBuilder(n.length() + 4);
            for (int i = 0; i < n.length(); i++) {
                char c = n.charAt(i);
                if (Character.isUpperCase(c)) {
                    sb.append('_').append(Character.toLowerCase(c));
                } else {
                    sb.append(c);
                }
            }
            return sb.toString();
        });
    }
}
