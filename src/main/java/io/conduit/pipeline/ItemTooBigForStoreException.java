package io.conduit.pipeline;

import io.conduit.store.ItemTooBigException;

/**
 * The store refused an item as too big even without every attachment it could leave out (a body alone over the
 * server's limit): a retry cannot help, so the item goes to quarantine at once with the server's answer. The message
 * names the server, mailbox, folder and the refused size, never a secret.
 */
public class ItemTooBigForStoreException extends Exception {

    public ItemTooBigForStoreException(String message, ItemTooBigException cause) {
        super(message, cause);
    }
}
