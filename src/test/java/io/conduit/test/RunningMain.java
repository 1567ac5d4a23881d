package io.conduit.test;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.main.Main;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts Conduit's Camel {@link Main}s for a test and stops each after it, whatever the test did:
 * {@code @RegisterExtension final RunningMain running = new RunningMain();} then {@code running.start(main)}.
 */
public final class RunningMain implements AfterEachCallback {

    private final List<Main> started = new ArrayList<>();

    /** Starts {@code main} (it is stopped after the test) and returns it. */
    public Main start(Main main) throws Exception {
        started.add(main);
        main.start();
        return main;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).stop();
        }
        started.clear();
    }
}
