package dev.jpm.cli.commands;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;

/** Captures a generic type such as {@code List<InstanceView>} for the record codec. */
abstract class TypeRef<T> {
    Type type() {
        return ((ParameterizedType) getClass().getGenericSuperclass()).getActualTypeArguments()[0];
    }
}
