package io.conduit.source.sql;

import io.conduit.source.SourceBindings;
import io.conduit.source.SourcePlugin;

/** IM logged to a SQL database (e.g. Cisco Jabber's compliance tables), polled by {@code sql-source} (bean {@code sqlLogSource}). */
public final class SqlSourcePlugin implements SourcePlugin {

    @Override
    public String type() {
        return "sql";
    }

    @Override
    public void bind(SourceBindings bindings) {
        bindings.context().getRegistry().bind("sqlLogSource",
                new SqlLogSource(bindings.checkpoints(), bindings.defaultRegion()));
    }
}
