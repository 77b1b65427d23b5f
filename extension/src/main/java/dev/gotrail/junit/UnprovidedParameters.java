package dev.gotrail.junit;

import dev.gotrail.loader.LinkMap;
import dev.gotrail.toolchain.GoToolchain;
import dev.gotrail.trace.GoTrace;
import java.lang.annotation.Annotation;
import java.lang.reflect.Executable;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Registered by every gotrail annotation: a {@link GoToolchain}, {@link GoCommand}, {@link GoTrace}
 * or {@link LinkMap} parameter that no annotation in reach provides (the closest-annotation rule of
 * {@link ClosestAnnotation}) is claimed here and fails with a message naming the annotation that
 * would provide it — instead of JUnit's bare "No ParameterResolver registered". It claims only what
 * no providing extension claims, so two resolvers never compete for one parameter.
 *
 * <p>A test without any gotrail annotation registers no gotrail extension at all; JUnit's own
 * message is all there is then.
 */
final class UnprovidedParameters implements ParameterResolver {

    private record Provider(List<Class<? extends Annotation>> annotations, String how) {
    }

    private static final Map<Class<?>, Provider> PROVIDERS = Map.of(
            GoToolchain.class, new Provider(List.of(RequiresGoroot.class, TraceGoCommand.class),
                    "annotate the test or its class with @RequiresGoroot (or @TraceGoCommand, which implies it)"),
            GoCommand.class, new Provider(List.of(RequiresGoroot.class, TraceGoCommand.class),
                    "annotate the test or its class with @RequiresGoroot (or @TraceGoCommand, which implies it)"),
            GoTrace.class, new Provider(List.of(TraceGoCommand.class),
                    "annotate the test with @TraceGoCommand({\"…\"}) (the GoTrace is the trace of that command),"
                            + " or trace a command yourself with GoCommand.trace()"),
            LinkMap.class, new Provider(List.of(AssumeSharedLibs.class),
                    "annotate the test or its class with @AssumeSharedLibs(binary = \"…\"),"
                            + " or resolve a binary yourself with Loader.at(root).resolve(path)"));

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Provider provider = PROVIDERS.get(parameterContext.getParameter().getType());
        return provider != null
                && provider.annotations().stream().noneMatch(a -> ClosestAnnotation.isPresent(extensionContext, a));
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        Provider provider = PROVIDERS.get(type);
        Executable executable = parameterContext.getDeclaringExecutable();
        String names = String.join(" or ", provider.annotations().stream().map(a -> "@" + a.getSimpleName()).toList());
        throw new ParameterResolutionException("the " + type.getSimpleName() + " parameter '"
                + parameterContext.getParameter().getName() + "' of " + executable.getDeclaringClass().getName() + "#"
                + executable.getName() + " is provided by " + names + ", which is not present on the method, its class"
                + " or an enclosing @Nested class; " + provider.how());
    }
}
