package io.conduit;

import java.util.Map;

import org.apache.camel.main.Main;

/** Builds the Camel {@link Main} every mode runs: the same properties, beans and routes. */
public final class ConduitCamel {

    /** Where properties come from: the jar's defaults, then {@code application.properties} in the working directory. */
    public static final String PROPERTY_LOCATIONS =
            "classpath:application.properties;optional=true,file:application.properties;optional=true";

    /**
     * Defaults that hold whatever {@code application.properties} an operator mounts (Camel's initial properties: any
     * location, override or {@code CAMEL_*} variable wins over them): the management server, which serves
     * custodians' names, connector logs and JMX, listens on loopback unless configured otherwise.
     */
    static final Map<String, String> SAFE_DEFAULTS = Map.of("camel.management.host", "127.0.0.1");

    /** Camel Main's switch for its JMX MBeans. */
    static final String JMX_ENABLED = "camel.main.jmxEnabled";

    private ConduitCamel() {
    }

    /**
     * A Main for a one-shot run ({@code import}, {@code --once}, {@code quarantine retry}): the scheduled source routes
     * stay stopped and Quartz is not started, so nothing polls while the command reads its inputs; the management
     * server (port 9876) and Camel's route metrics are off, so a one-shot run never fails because a running Conduit
     * holds the port. Camel's JMX MBeans are off too (about half a second of start-up, and statistics kept for every
     * exchange) unless {@code -Dcamel.main.jmxEnabled=true}, {@code CAMEL_MAIN_JMXENABLED=true} or an override asks for
     * them, e.g. to watch a long import with JConsole ({@code application.properties} does not: one-shot runs keep
     * their own management settings).
     *
     * @param overrides properties that win over {@code application.properties} (command-line options)
     */
    public static Main newOneShotMain(Map<String, String> overrides) {
        Map<String, String> all = new java.util.LinkedHashMap<>(overrides);
        all.put(ConduitOptions.SCHEDULE_ENABLED, "false");
        all.put(ConduitOptions.SCHEDULE_SCHEDULER, "#idlePollScheduler");
        all.put("camel.management.enabled", "false");
        all.put("camel.metrics.enabled", "false");
        if (System.getProperty(JMX_ENABLED) == null && System.getenv("CAMEL_MAIN_JMXENABLED") == null) {
            all.putIfAbsent(JMX_ENABLED, "false");
        }
        return newMain(all);
    }

    /**
     * @param overrides properties that win over {@code application.properties} (command-line options)
     * @return a configured, not yet started Main
     */
    public static Main newMain(Map<String, String> overrides) {
        Main main = new Main();
        main.setPropertyPlaceholderLocations(PROPERTY_LOCATIONS);
        SAFE_DEFAULTS.forEach(main::addInitialProperty);
        main.addMainListener(new RouteLocations());
        main.configure().addConfiguration(ConduitConfiguration.class);
        main.configure().addRoutesBuilder(new io.conduit.source.FileSourceTemplates());
        overrides.forEach(main::addOverrideProperty);
        return main;
    }
}
