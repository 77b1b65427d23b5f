package dev.gotrail.testsupport;

import java.util.List;
import org.opentest4j.AssertionFailedError;

/** The test fails because a tool it runs is missing: {@code -Dgotrail.strict=true} (CI), where nothing may skip. */
public final class MissingToolFailure extends AssertionFailedError implements MissingToolSignal {

    private static final long serialVersionUID = 1L;

    private final transient List<MissingTool> missing;

    MissingToolFailure(String message, List<MissingTool> missing) {
        super(message);
        this.missing = List.copyOf(missing);
    }

    @Override
    public List<MissingTool> missingTools() {
        return missing;
    }
}
