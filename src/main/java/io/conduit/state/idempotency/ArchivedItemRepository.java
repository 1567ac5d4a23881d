package io.conduit.state.idempotency;

import java.io.File;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.support.processor.idempotent.FileIdempotentRepository;

/**
 * The idempotent consumer's repository of archived items: Camel's {@link FileIdempotentRepository} with every key
 * held in memory and an unbounded file.
 *
 * <p>Camel's default bounds the in-memory cache (1,000 keys) and rescans the whole file on every miss and every
 * add, and it drops the oldest keys once the file reaches 32 MB; an archive must never forget that an item was
 * archived, and a 100,000-item export must not cost 100,000 file scans. Here the cache is unbounded and loaded in
 * full from the file when the repository starts, so it is authoritative and the file is only appended to.
 * About 150 bytes of heap per key.
 */
public final class ArchivedItemRepository extends FileIdempotentRepository {

    public ArchivedItemRepository(File fileStore) {
        super(fileStore, new ConcurrentHashMap<>());
        setMaxFileStoreSize(0);
        setCacheSize(Integer.MAX_VALUE);
    }

    /**
     * Never removes: an archive does not forget that an item was archived (Camel's implementation would also rewrite
     * the whole file in place, which a crash could leave truncated).
     *
     * @return always {@code false}
     */
    @Override
    public boolean remove(String key) {
        return false;
    }

    /** The in-memory cache holds every key of the file (loaded on start), so a miss there is a miss. */
    @Override
    protected boolean containsStore(String key) {
        return false;
    }
}
