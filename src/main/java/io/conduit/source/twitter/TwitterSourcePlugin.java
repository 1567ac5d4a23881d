package io.conduit.source.twitter;

import io.conduit.source.ExportFormat;
import io.conduit.source.SourceParameter;
import io.conduit.source.SourcePlugin;

/** X (Twitter) account archives: the {@code .zip}, or its {@code data/*.js} parts. Times are UTC. */
public final class TwitterSourcePlugin implements SourcePlugin {

    @Override
    public ExportFormat exportFormat() {
        return ExportFormat.of("twitter", "X Archiver", ".*\\.(js|zip)",
                "an X (Twitter) account archive .zip, or its data/*.js parts (tweets, direct messages, account.js)",
                "Folder polled for .zip archives and .js data files; files are read, never moved or changed. An "
                        + "account.js in the same folder names the owner of the .js files beside it",
                (file, s, c) -> TwitterArchiveReader.open(file, s),
                SourceParameter.owner("The account, used only when no account.js is found (in the ZIP or beside a .js "
                        + "file) - twitter:<account id>, @username or the account's email; tweets need one of them, "
                        + "direct messages do not; empty if unknown"));
    }
}
