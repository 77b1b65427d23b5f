package dev.gotrail.evidence;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Marks fixture classes that fail on purpose: they run only inside EngineTestKit or a launcher
 * that sets the configuration parameter {@code gotrail.testkit=true}, never as part of the suite.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(TestKitOnly.Condition.class)
public @interface TestKitOnly {

    /** Enables the fixture only when the outer test asked for it. */
    final class Condition implements ExecutionCondition {
        public Condition() {
        }

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter("gotrail.testkit").filter("true"::equals).isPresent()
                    ? ConditionEvaluationResult.enabled("run by a test kit")
                    : ConditionEvaluationResult.disabled("fixture for EngineTestKit tests; fails on purpose");
        }
    }
}
