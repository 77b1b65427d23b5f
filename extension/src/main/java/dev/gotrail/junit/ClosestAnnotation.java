package dev.gotrail.junit;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The one closest-annotation lookup of gotrail's extensions: the test method, then the test
 * class, then the enclosing {@code @Nested} classes from the innermost outwards; the first
 * element that carries the annotation wins. On each element the annotation may be directly
 * present, meta-present (a composed annotation) or inherited from a superclass ({@code @Inherited}),
 * as {@link AnnotationSupport#findAnnotation(AnnotatedElement, Class)} defines it. The enclosing
 * classes come from {@link ExtensionContext#getEnclosingTestClasses()}, which JUnit orders from the
 * outermost to the innermost — the same order {@code AnnotationSupport.findAnnotation(Class, Class, List)}
 * walks backwards; this class walks it itself to also report where the annotation was found.
 *
 * <p>A static nested class that is not {@code @Nested} has no enclosing test class: an annotation
 * on the class it is declared in does not reach it, just as that class's extensions do not.
 */
final class ClosestAnnotation {

    private ClosestAnnotation() {
    }

    /**
     * An annotation and the element it was found on.
     *
     * @param annotation the annotation (possibly found through a composed annotation)
     * @param element    the method or class carrying it
     */
    record Found<A extends Annotation>(A annotation, AnnotatedElement element) {

        /** Where the annotation was found, for messages: {@code pkg.Class} or {@code pkg.Class#method}. */
        String where() {
            return describe(element);
        }
    }

    /** The closest {@code type} annotation for {@code context} (a test or a container), if any. */
    static <A extends Annotation> Optional<Found<A>> find(ExtensionContext context, Class<A> type) {
        Optional<Method> method = context.getTestMethod();
        if (method.isPresent()) {
            Optional<A> onMethod = AnnotationSupport.findAnnotation(method.get(), type);
            if (onMethod.isPresent()) {
                return Optional.of(new Found<>(onMethod.get(), method.get()));
            }
        }
        Optional<Class<?>> testClass = context.getTestClass();
        if (testClass.isEmpty()) {
            return Optional.empty();
        }
        Optional<Found<A>> onClass = on(testClass.get(), type);
        if (onClass.isPresent()) {
            return onClass;
        }
        List<Class<?>> enclosing = context.getEnclosingTestClasses(); // outermost first
        for (int i = enclosing.size() - 1; i >= 0; i--) {
            Optional<Found<A>> found = on(enclosing.get(i), type);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** True when {@link #find} finds {@code type}. */
    static boolean isPresent(ExtensionContext context, Class<? extends Annotation> type) {
        return find(context, type).isPresent();
    }

    private static <A extends Annotation> Optional<Found<A>> on(Class<?> type, Class<A> annotationType) {
        return AnnotationSupport.findAnnotation(type, annotationType).map(a -> new Found<>(a, type));
    }

    /** Where an annotation was found, for messages: {@code pkg.Class} or {@code pkg.Class#method}. */
    static String describe(AnnotatedElement element) {
        if (element instanceof Class<?> c) {
            return c.getName();
        }
        if (element instanceof Method m) {
            return m.getDeclaringClass().getName() + "#" + m.getName();
        }
        return element.toString();
    }
}
