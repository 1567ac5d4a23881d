package io.conduit.source.facebook;

import io.conduit.source.ExportFormat;
import io.conduit.source.SourceParameter;
import io.conduit.source.SourcePlugin;

/** Saved Facebook Graph API page feed responses (posts with comments, likes and reactions). */
public final class FacebookSourcePlugin implements SourcePlugin {

    @Override
    public ExportFormat exportFormat() {
        return ExportFormat.of("facebook", "Facebook Archiver", ".*\\.json",
                "a saved Facebook Graph API page feed response (posts with comments, likes and reactions)",
                "Folder polled for .json page feed responses; files are read, never moved or changed",
                (file, s, c) -> FacebookPageReader.open(file, s),
                SourceParameter.owner("The page's mailbox identifier - an email address (the page's custodian "
                        + "mailbox), or a handle the user mapping names; empty to map the page by its Graph id "
                        + "(facebook:<page id>) or name"));
    }
}
