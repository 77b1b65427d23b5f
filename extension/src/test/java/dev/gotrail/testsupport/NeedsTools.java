package dev.gotrail.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Declares the real tools a test class or method runs when it does not locate them itself through
 * {@link RealTools}: tests that reach go through gotrail's own annotations ({@code @RequiresGoroot},
 * {@code @TraceGoCommand}, {@code @AssumeSharedLibs}) or through fixtures run by EngineTestKit.
 * Evaluated before anything else of the test (an {@link ExecutionCondition}): a missing tool
 * disables the test with a reason naming each missing tool and its install command, recorded for
 * the end-of-run summary ({@link MissingToolsListener}); with {@code gotrail.strict=true} the test
 * fails instead with a {@link MissingToolFailure}.
 *
 * <p>Declarations on the method and on its enclosing classes add up.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@ExtendWith(NeedsTools.Condition.class)
public @interface NeedsTools {

    /** The tools needed. */
    Tool[] value();

    /** Disables (or, strict, fails) a test whose declared tools are not all installed. */
    final class Condition implements ExecutionCondition {

        public Condition() {
        }

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            Set<Tool> needed = new LinkedHashSet<>();
            for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
                c.getElement().flatMap(e -> AnnotationSupport.findAnnotation(e, NeedsTools.class))
                        .ifPresent(a -> needed.addAll(List.of(a.value())));
            }
            ToolLookup where = lookup(context);
            List<MissingTool> missing = new ArrayList<>();
            for (Tool tool : needed) {
                if (tool.find(where).isEmpty()) {
                    missing.add(tool.missing(where));
                }
            }
            if (missing.isEmpty()) {
                return ConditionEvaluationResult.enabled("tools installed: "
                        + needed.stream().map(Tool::label).collect(Collectors.joining(", ")));
            }
            boolean strict = context.getConfigurationParameter("gotrail.strict").map(Boolean::parseBoolean).orElse(false);
            if (strict) {
                throw MissingToolSignal.raise(missing, true);
            }
            MissingToolsListener.disabled(context.getUniqueId(), missing);
            return ConditionEvaluationResult.disabled(MissingToolSignal.message(missing, false));
        }

        /** This machine, unless a test of the detection points PATH and / elsewhere (configuration parameters). */
        static ToolLookup lookup(ExtensionContext context) {
            ToolLookup system = ToolLookup.system();
            return new ToolLookup(context.getConfigurationParameter(ToolLookup.PATH_PARAMETER).orElse(system.path()),
                    context.getConfigurationParameter(ToolLookup.ROOT_PARAMETER).map(Path::of).orElse(system.root()));
        }
    }
}
