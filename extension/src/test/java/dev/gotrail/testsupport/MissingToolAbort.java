package dev.gotrail.testsupport;

import java.util.List;
import org.opentest4j.TestAbortedException;

/** The test is skipped (aborted) because a tool it runs is missing; outside strict mode only. */
public final class MissingToolAbort extends TestAbortedException implements MissingToolSignal {

    private static final long serialVersionUID = 1L;

    private final transient List<MissingTool> missing;

    MissingToolAbort(String message, List<MissingTool> missing) {
        super(message);
        this.missing = List.copyOf(missing);
    }

    @Override
    public List<MissingTool> missingTools() {
        return missing;
    }
}
