package io.conduit.source.liveperson;

/** Each polled LivePerson connector's hosted-file downloader, by connector id (the {@code livePersonSource} bean). */
@FunctionalInterface
public interface HostedFileFetchers {

    /** The downloader of that connector, or {@code null} when it has none (not polled, or no file access). */
    HostedFileFetcher hostedFiles(String connector);
}
