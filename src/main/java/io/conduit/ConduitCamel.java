package io.conduit;

import java.util.Map;

import org.apache.camel.main.Main;

/** Builds the Camel {@link Main} every mode runs: the same properties, beans and routes. */
public final class ConduitCamel {

    /** Where properties come from: the jar's defaults, then {@code application.properties} in the working directory. */
    public static final String PROPERTY_LOCATIONS =
            "classpath:application.properties;optional=true,file:application.properties;optional=true";

    private ConduitCamel() {
    }

    /**
     * A Main for a one-shot run ({@code import}, {@code --once}): the scheduled source routes stay stopped and Quartz
     * is not started, so nothing polls while the command reads its inputs; the management server is not opened.
     *
     * @param overrides properties that win over {@code application.properties} (command-line options)
     */
    public static Main newOneShotMain(Map<String, String> overrides) {
        Map<String, String> all = new java.util.LinkedHashMap<>(overrides);
        all.put(ConduitOptions.SCHEDULE_ENABLED, "false");
        all.put(ConduitOptions.SCHEDULE_SCHEDULER, "#idlePollScheduler");
        // a one-shot command never opens the management server: the long-running process may hold its port
        all.put("camel.management.enabled", "false");
        return newMain(all);
    }

    /**
     * @param overrides properties that win over {@code application.properties} (command-line options)
     * @return a configured, not yet started Main
     */
    public static Main newMain(Map<String, String> overrides) {
        Main main = new Main();
        main.setPropertyPlaceholderLocations(PROPERTY_LOCATIONS);
        main.configure().addConfiguration(ConduitConfiguration.class);
        overrides.forEach(main::addOverrideProperty);
        return main;
    }
}
