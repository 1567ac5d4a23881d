package io.conduit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;

/**
 * Where Camel Main loads Conduit's routes from: the route templates and shared routes packaged in the jar (the
 * project's {@code routes/} folder, on the classpath), so that the jar runs from any working directory, and optionally
 * a folder ({@link ConduitOptions#ROUTES_DIR}) whose {@code *.camel.yaml} files add routes or replace the packaged file
 * of the same relative path (for example {@code sources/sql-source.camel.yaml}).
 *
 * <p>A {@code camel.main.routes-include-pattern} set in the configuration still wins, as Camel documents.
 */
final class RouteLocations extends MainListenerSupport {

    @Override
    public void beforeConfigure(BaseMainSupport main) {
        String dir = main.getCamelContext().getPropertiesComponent().resolveProperty(ConduitOptions.ROUTES_DIR)
                .map(String::strip).orElse("");
        Set<String> replaced = Set.of();
        Path folder = null;
        if (!dir.isEmpty()) {
            folder = Path.of(dir).toAbsolutePath().normalize();
            if (!Files.isDirectory(folder)) {
                throw new IllegalArgumentException(ConduitOptions.ROUTES_DIR + " '" + dir + "' is not a folder (example: "
                        + "/etc/conduit/routes, holding *.camel.yaml files that add or replace packaged routes)");
            }
            replaced = routeFiles(folder);
        }
        List<String> include = new ArrayList<>();
        for (String packaged : packagedFiles()) {
            if (!replaced.contains(packaged)) {
                include.add("classpath:routes/" + packaged);
            }
        }
        if (folder != null) {
            include.add("file:" + folder + "/**/*.camel.yaml");
        }
        main.configure().setRoutesIncludePattern(String.join(",", include));
    }

    /**
     * The packaged route files by their path under {@code routes/}, e.g. {@code sources/sql-source.camel.yaml},
     * listed from the class path itself (a folder in development and tests, the jar in production): Camel's package
     * scan drops sub-folders from the names it finds inside a jar.
     */
    static List<String> packagedFiles() {
        java.net.URL root = RouteLocations.class.getClassLoader().getResource("routes");
        if (root == null) {
            throw new IllegalStateException("no routes/ on the class path: the jar was built without its routes");
        }
        try {
            java.net.URI uri = root.toURI();
            if ("jar".equals(uri.getScheme())) {
                try (java.nio.file.FileSystem jar = java.nio.file.FileSystems.newFileSystem(uri, java.util.Map.of())) {
                    return List.copyOf(new java.util.TreeSet<>(routeFiles(jar.getPath("/routes"))));
                }
            }
            return List.copyOf(new java.util.TreeSet<>(routeFiles(Path.of(uri))));
        } catch (IOException | java.net.URISyntaxException e) {
            throw new IllegalStateException("cannot list the packaged routes at " + root + ": " + e.getMessage(), e);
        }
    }

    /** The route files of {@code folder} by their path relative to it, with {@code /} separators. */
    static Set<String> routeFiles(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).filter(f -> f.getFileName().toString().endsWith(".camel.yaml"))
                    .map(f -> folder.relativize(f).toString().replace('\\', '/')).collect(Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + ConduitOptions.ROUTES_DIR + " " + folder, e);
        }
    }
}
