package io.conduit.status;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.conduit.ConduitOptions;
import io.conduit.ConfiguredConnectors;
import io.conduit.mapping.MappingException;
import io.conduit.mapping.UserMapping;
import io.conduit.state.log.ConnectorLog;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import org.apache.camel.CamelContext;
import org.apache.camel.ExtendedStartupListener;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Conduit's own pages on Camel's management server ({@code camel-platform-http-main}, {@code camel.management.*},
 * {@code camel.management.port}), added to its Vert.x router once the context has started; nothing is added when the
 * management server is off. Under {@code /observe} (after {@code camel.management.path}, default {@code /}):
 * <ul>
 *   <li>{@code GET status}: the compliance status page ({@link StatusPage});</li>
 *   <li>{@code GET status/log/<connector>.csv|.json?from=YYYY-MM-DD&to=YYYY-MM-DD}: the connector's log for the
 *       range, streamed ({@link ConnectorLogExport}); default range: the last {@code conduit.status.log-days};</li>
 *   <li>{@code GET hawtio/}: the Hawtio 4 console, when the jar was built with {@code -Pconsole} (its files are on the
 *       classpath under {@value #CONSOLE_ROOT}), with Hawtio's relative endpoints: {@code hawtio/jolokia} is an alias of
 *       the management server's Jolokia (same handler, same {@code jolokia-access.xml}) and {@code hawtio/user} names
 *       the user.</li>
 * </ul>
 * Options: {@link ConduitOptions#STATUS_CUSTODIAN_GAP_DAYS}, {@link ConduitOptions#STATUS_OVERDUE_GRACE_SECONDS},
 * {@link ConduitOptions#STATUS_LOG_DAYS}.
 */
public final class ManagementPages implements ExtendedStartupListener {

    /** Classpath folder of the built Hawtio console. */
    public static final String CONSOLE_ROOT = "conduit-console/hawtio";

    private static final Logger LOG = LoggerFactory.getLogger(ManagementPages.class);
    private static final long WRITE_TIMEOUT_SECONDS = 60;

    private final Clock clock;
    /** The verify button's form token: a cross-site form cannot know it. */
    private final String verifyToken = java.util.UUID.randomUUID().toString();
    private final java.util.concurrent.atomic.AtomicBoolean verifying = new java.util.concurrent.atomic.AtomicBoolean();

    public ManagementPages(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        // the management server is started with the context: routes are added once it is fully started
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
        ManagementHttpServer server = context.hasService(ManagementHttpServer.class);
        if (server == null || server.getRouter() == null) {
            return;
        }
        String root = trimSlash(server.getPath());
        String base = root + "/observe";
        Router router = server.getRouter();
        router.get(base + "/status").blockingHandler(ctx -> statusPage(context, ctx, base), false);
        router.get(base + "/status/log/:file").blockingHandler(ctx -> logDownload(context, ctx), false);
        if (verifyButton(context)) {
            router.post(base + "/status/verify").handler(io.vertx.ext.web.handler.BodyHandler.create().setBodyLimit(4096))
                    .blockingHandler(ctx -> verifyNow(context, ctx, base), false);
        }
        if (Thread.currentThread().getContextClassLoader().getResource(CONSOLE_ROOT + "/index.html") != null
                || ManagementPages.class.getClassLoader().getResource(CONSOLE_ROOT + "/index.html") != null) {
            String jolokia = root + trimSlash(server.getJolokiaPath());
            router.route(base + "/hawtio/jolokia*").handler(ctx -> ctx.reroute(jolokia
                    + ctx.normalizedPath().substring((base + "/hawtio/jolokia").length())
                    + (ctx.request().query() == null ? "" : "?" + ctx.request().query())));
            router.get(base + "/hawtio/user").handler(ctx -> ctx.response()
                    .putHeader("Content-Type", "application/json")
                    .end("\"" + (ctx.user() == null ? "operator" : jsonText(ctx.user().subject())) + "\""));
            router.get(base + "/hawtio").handler(ctx -> {
                if (ctx.request().path().endsWith("/")) {
                    ctx.next();
                } else {
                    ctx.redirect(base + "/hawtio/");
                }
            });
            router.get(base + "/hawtio/*").handler(StaticHandler.create(CONSOLE_ROOT).setIndexPage("index.html"));
            // client-side routes of the console (e.g. hawtio/camel/routes) load its page
            router.get(base + "/hawtio/*").handler(ctx -> {
                String accept = ctx.request().getHeader("Accept");
                if (accept != null && accept.contains("text/html")) {
                    ctx.reroute(base + "/hawtio/index.html");
                } else {
                    ctx.next();
                }
            });
            LOG.info("Hawtio console on the management server at {}/hawtio/", base);
        }
        LOG.info("Status page on the management server at {}/status", base);
    }

    private void statusPage(CamelContext context, RoutingContext ctx, String base) {
        try {
            StatusReport report = StatusReport.build(inputs(context), clock.instant());
            ctx.response().putHeader("Content-Type", "text/html; charset=utf-8")
                    .putHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'")
                    .putHeader("X-Content-Type-Options", "nosniff")
                    .putHeader("Cache-Control", "no-store")
                    .end(StatusPage.render(report, live(context),
                            io.conduit.ledger.ArchiveVerifier.readLast(io.conduit.ledger.Ledger.folder(stateDir(context))),
                            verifyButton(context) ? verifyToken : null, base,
                            intProperty(context, ConduitOptions.STATUS_LOG_DAYS, 7)));
        } catch (RuntimeException | MappingException e) {
            LOG.error("Status page failed: {}", e.getMessage(), e);
            ctx.response().setStatusCode(500).putHeader("Content-Type", "text/plain; charset=utf-8")
                    .end("status page failed: " + e.getMessage());
        }
    }

    private void logDownload(CamelContext context, RoutingContext ctx) {
        String file = ctx.pathParam("file");
        int dot = file == null ? -1 : file.lastIndexOf('.');
        String format = dot < 0 ? "" : file.substring(dot + 1);
        String connector = dot < 0 ? "" : file.substring(0, dot);
        HttpServerResponse response = ctx.response();
        if (!format.equals("csv") && !format.equals("json")) {
            response.setStatusCode(404).putHeader("Content-Type", "text/plain; charset=utf-8")
                    .end("expected <connector>.csv or <connector>.json");
            return;
        }
        Path log = new ConnectorLog(stateDir(context)).file(connector);
        if (!Files.isRegularFile(log) && !ConfiguredConnectors.of(context).containsKey(connector)) {
            response.setStatusCode(404).putHeader("Content-Type", "text/plain; charset=utf-8").end("no such connector");
            return;
        }
        ConnectorLogExport export;
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        try {
            LocalDate to = ConnectorLogExport.day(ctx.request().getParam("to"), today);
            LocalDate from = ConnectorLogExport.day(ctx.request().getParam("from"),
                    to.minusDays(intProperty(context, ConduitOptions.STATUS_LOG_DAYS, 7) - 1L));
            export = new ConnectorLogExport(log, from, to);
            response.putHeader("Content-Disposition", "attachment; filename=\"" + log.getFileName().toString()
                    .replace(".jsonl", "") + "-" + from + "-" + to + "." + format + "\"");
        } catch (IllegalArgumentException e) {
            response.setStatusCode(400).putHeader("Content-Type", "text/plain; charset=utf-8").end(e.getMessage());
            return;
        }
        response.setChunked(true)
                .putHeader("Content-Type", format.equals("csv") ? "text/csv; charset=utf-8" : "application/json")
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Cache-Control", "no-store");
        try (OutputStream out = new ResponseOutputStream(response)) {
            if (format.equals("csv")) {
                export.writeCsv(out);
            } else {
                export.writeJson(out);
            }
        } catch (IOException e) {
            LOG.warn("Connector log download of {} failed: {}", log.getFileName(), e.getMessage());
            response.reset();
            return;
        }
        response.end();
    }

    private static boolean verifyButton(CamelContext context) {
        return Boolean.parseBoolean(property(context, ConduitOptions.STATUS_VERIFY_BUTTON, "false"));
    }

    /**
     * The verify button: checks the form's token, starts one verification of every ledger and copy in the background
     * (a second press while one runs does nothing), keeps its outcome for the page and its report in
     * {@code <state>/verify-report/}, and sends the browser back to the page.
     */
    private void verifyNow(CamelContext context, RoutingContext ctx, String base) {
        if (!verifyToken.equals(ctx.request().getFormAttribute("token"))) {
            ctx.response().setStatusCode(403).putHeader("Content-Type", "text/plain; charset=utf-8").end("bad form token");
            return;
        }
        if (verifying.compareAndSet(false, true)) {
            Path state = stateDir(context);
            Thread t = new Thread(() -> {
                try {
                    io.conduit.store.ArchiveStore store = context.getRegistry()
                            .lookupByNameAndType("archiveStore", io.conduit.store.ArchiveStore.class);
                    Path ledger = io.conduit.ledger.Ledger.folder(state);
                    io.conduit.ledger.ArchiveVerifier.Report r = io.conduit.ledger.ArchiveVerifier.verify(ledger, null,
                            store, new io.conduit.ledger.ArchiveVerifier.Scope(null, null, null, null));
                    io.conduit.ledger.ArchiveVerifier.write(r, state.resolve("verify-report"));
                    io.conduit.ledger.ArchiveVerifier.recordLast(r, ledger);
                    LOG.info("Verification from the status page: {}, {} copies checked", r.intact() ? "intact"
                            : "NOT intact", r.checked());
                } catch (Exception e) {
                    LOG.error("Verification from the status page failed: {}", e.getMessage());
                } finally {
                    verifying.set(false);
                }
            }, "conduit-verify");
            t.setDaemon(true);
            t.start();
        }
        ctx.response().setStatusCode(303).putHeader("Location", base + "/status").end();
    }

    /** The figures of every live source (webhook listener) bound in the registry, by connector id. */
    private static java.util.Map<String, java.util.Map<String, Object>> live(CamelContext context) {
        java.util.Map<String, java.util.Map<String, Object>> all = new java.util.TreeMap<>();
        for (io.conduit.source.LiveSource source : context.getRegistry().findByType(io.conduit.source.LiveSource.class)) {
            all.putAll(source.figures());
        }
        return all;
    }

    private StatusReport.Inputs inputs(CamelContext context) throws MappingException {
        String mappingFile = property(context, ConduitOptions.MAPPING_FILE, "");
        UserMapping mapping = mappingFile.isBlank() ? null
                : UserMapping.load(Path.of(mappingFile), property(context, ConduitOptions.DEFAULT_REGION, ConduitOptions.defaultValue(ConduitOptions.DEFAULT_REGION)));
        Set<String> custodians = mapping == null ? Set.of() : mapping.mailboxes();
        return new StatusReport.Inputs(stateDir(context), ConfiguredConnectors.of(context), custodians,
                intProperty(context, ConduitOptions.STATUS_CUSTODIAN_GAP_DAYS, 7),
                Duration.ofSeconds(intProperty(context, ConduitOptions.STATUS_OVERDUE_GRACE_SECONDS, 60)), ZoneId.systemDefault(),
                mapping);
    }

    private static Path stateDir(CamelContext context) {
        return Path.of(property(context, ConduitOptions.STATE_DIR, "state"));
    }

    private static String property(CamelContext context, String key, String defaultValue) {
        return context.getPropertiesComponent().resolveProperty(key).map(String::strip).orElse(defaultValue);
    }

    private static int intProperty(CamelContext context, String key, int defaultValue) {
        return Integer.parseInt(property(context, key, String.valueOf(defaultValue)));
    }

    private static String trimSlash(String path) {
        if (path == null || path.isEmpty() || path.equals("/")) {
            return "";
        }
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private static String jsonText(String s) {
        return s == null ? "operator" : s.replaceAll("[\"\\\\\\p{Cntrl}]", "_");
    }

    /** Writes 64 KiB chunks to a chunked response, waiting for each to be written (back-pressure for large logs). */
    static final class ResponseOutputStream extends OutputStream {
        private final HttpServerResponse response;
        private final byte[] buffer = new byte[64 * 1024];
        private int used;

        ResponseOutputStream(HttpServerResponse response) {
            this.response = response;
        }

        @Override
        public void write(int b) throws IOException {
            if (used == buffer.length) {
                flush();
            }
            buffer[used++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                if (used == buffer.length) {
                    flush();
                }
                int n = Math.min(len, buffer.length - used);
                System.arraycopy(b, off, buffer, used, n);
                used += n;
                off += n;
                len -= n;
            }
        }

        @Override
        public void flush() throws IOException {
            if (used == 0) {
                return;
            }
            Future<Void> written = response.write(Buffer.buffer(Arrays.copyOf(buffer, used)));
            used = 0;
            try {
                written.toCompletionStage().toCompletableFuture().get(WRITE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while writing the response", e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IOException("client did not take the response: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
