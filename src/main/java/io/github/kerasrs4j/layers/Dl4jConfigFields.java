package io.github.kerasrs4j.layers;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;

/**
 * Copies a DL4J layer config's settings into a subclass's instance. DL4J's {@code DenseLayer} and
 * {@code EmbeddingLayer} build only through private constructors, so a subclass's builder builds DL4J's config and
 * takes every setting from it: no field can be missed, whatever DL4J adds.
 */
final class Dl4jConfigFields {

    private Dl4jConfigFields() {
    }

    /**
     * Sets every instance field that {@code declaredUpTo} and its superclasses declare from {@code from} into
     * {@code to}, and returns {@code to}.
     */
    static <S, T extends S> T copy(S from, T to, Class<S> declaredUpTo) {
        for (Class<?> type = declaredUpTo; type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                field.setAccessible(true);
                try {
                    field.set(to, field.get(from));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("cannot copy " + type.getSimpleName() + "'s field "
                            + field.getName(), e);
                }
            }
        }
        return to;
    }
}
