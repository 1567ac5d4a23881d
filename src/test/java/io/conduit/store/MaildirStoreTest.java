package io.conduit.store;

import static io.conduit.TestItems.handle;
import static io.conduit.TestItems.item;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import io.conduit.mapping.MailboxResolver;
import io.conduit.mapping.UserMapping;
import io.conduit.mime.ArchiveItemToMime;
import io.conduit.model.ArchiveItem;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaildirStoreTest {

    @TempDir
    Path root;

    private final MailboxResolver resolver = new MailboxResolver(UserMapping.empty(), Set.of(), "catch-all@example.com");

    private MimeMessage message(String id) throws Exception {
        ArchiveItem item = item(id, handle("Alice"), List.of(handle("Bob")), "body " + id);
        return new ArchiveItemToMime(resolver).toMime(item, resolver.route(item));
    }

    @Test
    void writes_maildir_plus_plus_folders_per_custodian() throws Exception {
        MaildirStore store = new MaildirStore(root, true);
        StoredCopy copy = store.append("Alice@Example.com", "WhatsApp Archiver", message("1"));
        store.append("alice@example.com", "Inbox", message("2"));
        store.append("alice@example.com", "Inbox/LivePerson Conversational Cloud", message("3"));

        Path folder = root.resolve("alice@example.com/.WhatsApp Archiver");
        assertThat(folder.resolve("cur")).isDirectory();
        assertThat(folder.resolve("tmp")).isEmptyDirectory();
        assertThat(folder.resolve("maildirfolder")).exists();
        assertThat(root.resolve(copy.correlationId())).exists().hasParent(folder.resolve("new"));
        assertThat(copy.correlationId()).startsWith("alice@example.com/.WhatsApp Archiver/new/").endsWith(".conduit");
        assertThat(files(root.resolve("alice@example.com/new"))).hasSize(1);
        assertThat(root.resolve("alice@example.com/.INBOX.LivePerson Conversational Cloud/new")).isDirectory();
        assertThat(Files.readAllLines(root.resolve("alice@example.com/subscriptions")))
                .contains("WhatsApp Archiver", "INBOX/LivePerson Conversational Cloud");

        try (InputStream in = Files.newInputStream(root.resolve(copy.correlationId()))) {
            MimeMessage back = new MimeMessage(Session.getInstance(new java.util.Properties()), in);
            assertThat(back.getMessageID()).isEqualTo(message("1").getMessageID());
        }
    }

    @Test
    void a_file_left_under_a_temporary_name_is_replaced_never_written_into() throws Exception {
        // files a stopped process of the same id left in tmp/: hard links to a copy already archived elsewhere
        Path archived = Files.writeString(root.resolve("archived-copy"), "archived bytes");
        String folder = "WhatsApp Archiver";
        String suffix = "." + ProcessHandle.current().pid() + "." + Thread.currentThread().getId();
        MimeMessage single = message("single");
        List<MimeMessage> batch = frozenBatch("left-", 2);
        Path aliceTmp = Files.createDirectories(root.resolve("alice@example.com").resolve(".WhatsApp Archiver").resolve("tmp"));
        Path bobTmp = Files.createDirectories(root.resolve("bob@example.com").resolve(".WhatsApp Archiver").resolve("tmp"));
        Files.createLink(aliceTmp.resolve(MaildirStore.fileName(single, folder) + suffix), archived);
        for (int i = 0; i < batch.size(); i++) {
            String name = MaildirStore.fileName(batch.get(i), folder) + "." + i + suffix;
            Files.createLink(aliceTmp.resolve(name), archived); // where alice's call writes its first copies
            Files.createLink(bobTmp.resolve(name), archived); // where bob's call links them
        }
        MaildirStore store = new MaildirStore(root, true);
        StoredCopy one = store.append("alice@example.com", folder, single);
        store.appendAll("alice@example.com", folder, batch);
        List<StoredCopy> linked = store.appendAll("bob@example.com", folder, batch);

        assertThat(Files.readString(archived)).isEqualTo("archived bytes");
        assertThat(Files.getAttribute(archived, "unix:nlink")).isEqualTo(1);
        byte[] expected;
        try (java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream()) {
            single.writeTo(out);
            expected = out.toByteArray();
        }
        assertThat(Files.readAllBytes(root.resolve(one.correlationId()))).isEqualTo(expected);
        for (int i = 0; i < batch.size(); i++) {
            try (java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream()) {
                batch.get(i).writeTo(out);
                assertThat(Files.readAllBytes(root.resolve(linked.get(i).correlationId()))).isEqualTo(out.toByteArray());
            }
        }
        try (java.util.stream.Stream<Path> left = Files.list(aliceTmp); java.util.stream.Stream<Path> bobLeft = Files.list(bobTmp)) {
            assertThat(left).isEmpty();
            assertThat(bobLeft).isEmpty();
        }
        store.close();
    }

    @Test
    void a_batch_finds_copies_a_reader_moved_to_cur_whether_cur_is_listed_or_looked_up_name_by_name()
            throws Exception {
        for (boolean bigCur : new boolean[] {false, true}) {
            Path dir = root.resolve("alice@example.com").resolve(".WhatsApp Archiver");
            MaildirStore store = new MaildirStore(root, false);
            List<MimeMessage> batch = frozenBatch(bigCur ? "big-" : "small-", 4);
            List<StoredCopy> first = store.appendAll("alice@example.com", "WhatsApp Archiver", batch.subList(0, 2));
            Path seen = dir.resolve("cur").resolve(root.resolve(first.get(0).correlationId()).getFileName() + ":2,S");
            Path unflagged = dir.resolve("cur").resolve(root.resolve(first.get(1).correlationId()).getFileName() + ":2,");
            Files.move(root.resolve(first.get(0).correlationId()), seen);
            Files.move(root.resolve(first.get(1).correlationId()), unflagged);
            if (bigCur) { // past the size up to which a batch lists cur/: each name is looked up instead
                for (int i = 0; Files.size(dir.resolve("cur")) <= MaildirStore.CUR_LISTING_MAX_BYTES && i < 50_000; i++) {
                    Files.createFile(dir.resolve("cur").resolve("filler-" + i + "-" + "x".repeat(40) + ":2,S"));
                }
                assertThat(Files.size(dir.resolve("cur"))).isGreaterThan(MaildirStore.CUR_LISTING_MAX_BYTES);
            }

            List<StoredCopy> again = store.appendAll("alice@example.com", "WhatsApp Archiver", batch);

            assertThat(root.resolve(again.get(0).correlationId())).isEqualTo(seen);
            assertThat(root.resolve(again.get(1).correlationId())).isEqualTo(unflagged);
            assertThat(again.get(2).correlationId()).contains("/new/");
            assertThat(again.get(3).correlationId()).contains("/new/");
            try (java.util.stream.Stream<Path> inNew = Files.list(dir.resolve("new"))) {
                assertThat(inNew.count()).as("only the two not stored before were written").isEqualTo(2);
            }
            store.close();
            try (java.util.stream.Stream<Path> all = Files.walk(root.resolve("alice@example.com"))) {
                all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void read_back_unsorted_finds_the_same_copies_as_read_back_sorted() throws Exception {
        MaildirStore store = new MaildirStore(root, false);
        for (int i = 0; i < 30; i++) {
            store.append("carol@example.com", i % 3 == 0 ? "Inbox" : "WhatsApp Archiver", message("r" + i));
        }
        StoredCopy moved = store.append("carol@example.com", "WhatsApp Archiver", message("read"));
        Path inNew = root.resolve(moved.correlationId());
        Files.move(inNew, inNew.getParent().resolveSibling("cur").resolve(inNew.getFileName() + ":2,S"));
        Files.createDirectory(root.resolve("carol@example.com/.WhatsApp Archiver/new/not-a-file-but-a-dir"));

        List<String> sorted = new java.util.ArrayList<>();
        List<String> unsorted = new java.util.ArrayList<>();
        store.readAll("carol@example.com", (folder, m) -> sorted.add(folder + " " + m.getMessageID()));
        store.readAllUnsorted("carol@example.com", (folder, m) -> unsorted.add(folder + " " + m.getMessageID()));

        assertThat(sorted).hasSize(31).doesNotHaveDuplicates();
        assertThat(unsorted).containsExactlyInAnyOrderElementsOf(sorted);
        assertThat(sorted).filteredOn(s -> s.startsWith("Inbox ")).hasSize(10);
        assertThat(sorted).contains("WhatsApp Archiver " + message("read").getMessageID());
    }

    @Test
    void storing_the_same_message_twice_into_a_folder_leaves_one_file() throws Exception {
        MaildirStore store = new MaildirStore(root, false);
        StoredCopy first = store.append("bob@example.com", "WhatsApp Archiver", message("1"));
        StoredCopy again = new MaildirStore(root, false).append("bob@example.com", "WhatsApp Archiver", message("1"));
        assertThat(again.correlationId()).isEqualTo(first.correlationId());
        assertThat(files(root.resolve("bob@example.com/.WhatsApp Archiver/new"))).hasSize(1);
    }

    @Test
    void a_copy_a_reader_moved_to_cur_with_flags_is_found_before_storing_again() throws Exception {
        MaildirStore store = new MaildirStore(root, false);
        StoredCopy first = store.append("bob@example.com", "WhatsApp Archiver", message("1"));
        Path inNew = root.resolve(first.correlationId());
        Path folder = root.resolve("bob@example.com/.WhatsApp Archiver");
        Path read = folder.resolve("cur").resolve(inNew.getFileName() + ":2,RS");
        Files.move(inNew, read);

        StoredCopy again = store.appendIfAbsent("bob@example.com", "WhatsApp Archiver", message("1"));

        assertThat(root.resolve(again.correlationId())).isEqualTo(read);
        assertThat(files(folder.resolve("new"))).isEmpty();
        assertThat(files(folder.resolve("cur"))).hasSize(1);
    }

    @Test
    void the_custodians_copies_of_a_batch_are_one_forced_file_with_a_link_in_each_mailbox() throws Exception {
        MaildirStore store = new MaildirStore(root, true);
        List<MimeMessage> batch = frozenBatch("shared-", 40);
        List<String> mailboxes = List.of("alice@example.com", "bob@example.com", "carol@example.com");
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(3);
        List<java.util.concurrent.Future<List<StoredCopy>>> stored = new java.util.ArrayList<>();
        try {
            for (String mailbox : mailboxes) {
                stored.add(threads.submit(() -> store.appendAll(mailbox, "WhatsApp Archiver", batch)));
            }
            for (java.util.concurrent.Future<List<StoredCopy>> copies : stored) {
                copies.get(); // every mailbox done (each stages from its own point): then every link is made
            }
            for (int i = 0; i < batch.size(); i++) {
                byte[] expected;
                try (java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream()) {
                    batch.get(i).writeTo(out);
                    expected = out.toByteArray();
                }
                Set<Object> inodes = new java.util.HashSet<>();
                for (java.util.concurrent.Future<List<StoredCopy>> copies : stored) {
                    Path file = root.resolve(copies.get().get(i).correlationId());
                    assertThat(file).hasParent(file.getParent().getParent().resolve("new")).hasBinaryContent(expected);
                    inodes.add(Files.getAttribute(file, "unix:ino"));
                    assertThat(Files.getAttribute(file, "unix:nlink")).isEqualTo(3);
                }
                assertThat(inodes).as("copies of message %d", i).hasSize(1);
            }
        } finally {
            threads.shutdown();
        }
        for (String mailbox : mailboxes) {
            Path folder = root.resolve(mailbox).resolve(".WhatsApp Archiver");
            assertThat(files(folder.resolve("new"))).hasSize(batch.size());
            assertThat(folder.resolve("tmp")).isEmptyDirectory();
        }
    }

    @Test
    void a_first_copy_moved_away_before_the_next_mailbox_stores_it_is_written_again() throws Exception {
        MaildirStore store = new MaildirStore(root, true);
        MimeMessage m = message("moved");
        ((io.conduit.mime.HashedMimeMessage) m).freeze();
        StoredCopy first = store.appendAll("alice@example.com", "WhatsApp Archiver", List.of(m)).get(0);
        Path read = root.resolve(first.correlationId()).resolveSibling("../cur").normalize()
                .resolve(root.resolve(first.correlationId()).getFileName() + ":2,S");
        Files.move(root.resolve(first.correlationId()), read); // a reader took it from new/ to cur/

        StoredCopy second = store.appendAll("bob@example.com", "WhatsApp Archiver", List.of(m)).get(0);

        Path copy = root.resolve(second.correlationId());
        assertThat(copy).hasSameBinaryContentAs(read);
        assertThat(Files.getAttribute(copy, "unix:nlink")).isEqualTo(1);
        assertThat(Files.getAttribute(read, "unix:nlink")).isEqualTo(1);
    }

    @Test
    void a_first_copy_that_cannot_be_written_fails_its_mailbox_and_the_other_mailboxes_write_their_own() throws Exception {
        MaildirStore store = new MaildirStore(root, true);
        List<MimeMessage> batch = frozenBatch("blocked-", 3);
        // where this thread stages message 2 for alice (after 0 and 1, written and not yet forced): a folder holding
        // a file, so the write's delete-first fails
        Path aliceTmp = root.resolve("alice@example.com").resolve(".WhatsApp Archiver").resolve("tmp");
        Path blocked = aliceTmp.resolve(MaildirStore.fileName(batch.get(2), "WhatsApp Archiver") + ".2."
                + ProcessHandle.current().pid() + "." + Thread.currentThread().getId());
        Files.createDirectories(blocked);
        Files.writeString(blocked.resolve("in-the-way"), "x");

        assertThatThrownBy(() -> store.appendAll("alice@example.com", "WhatsApp Archiver", batch))
                .isInstanceOf(StoreException.class).hasMessageContaining("alice@example.com");

        assertThat(root.resolve("alice@example.com").resolve(".WhatsApp Archiver").resolve("new")).isEmptyDirectory();

        // bob's call waits on no first copy forever: alice's were never forced, so bob writes and forces his own
        List<StoredCopy> bob = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(30),
                () -> store.appendAll("bob@example.com", "WhatsApp Archiver", batch));
        assertThat(bob).hasSize(3);
        for (int i = 0; i < 3; i++) {
            byte[] expected;
            try (java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream()) {
                batch.get(i).writeTo(out);
                expected = out.toByteArray();
            }
            assertThat(root.resolve(bob.get(i).correlationId())).hasBinaryContent(expected);
            assertThat(Files.getAttribute(root.resolve(bob.get(i).correlationId()), "unix:nlink")).isEqualTo(1);
        }
        assertThat(root.resolve("bob@example.com").resolve(".WhatsApp Archiver").resolve("tmp")).isEmptyDirectory();
        store.close();
    }

    @Test
    void closing_the_store_ends_its_force_threads() throws Exception {
        MaildirStore store = new MaildirStore(root, true);
        List<MimeMessage> batch = frozenBatch("forced-", 5);
        List<Thread> before = forceThreads(); // other tests' stores
        store.appendAll("alice@example.com", "WhatsApp Archiver", batch);
        List<Thread> mine = forceThreads().stream().filter(t -> !before.contains(t)).toList();
        assertThat(mine).isNotEmpty();

        store.close();

        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(mine).noneMatch(Thread::isAlive));
    }

    /** Messages as a batch stores them: built once, frozen (their bytes fixed), so their copies can be linked. */
    private List<MimeMessage> frozenBatch(String idPrefix, int size) throws Exception {
        List<MimeMessage> batch = new java.util.ArrayList<>();
        for (int i = 0; i < size; i++) {
            MimeMessage m = message(idPrefix + i);
            ((io.conduit.mime.HashedMimeMessage) m).freeze();
            batch.add(m);
        }
        return batch;
    }

    private static List<Thread> forceThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("conduit-fsync-")).toList();
    }

    @Test
    void refuses_mailboxes_that_would_leave_the_root() {
        MaildirStore store = new MaildirStore(root, false);
        for (String bad : new String[] {"../etc", "a/b@example.com", ".hidden@example.com", "", "x\n@example.com"}) {
            assertThatThrownBy(() -> store.append(bad, "Inbox", message("1")))
                    .as(bad).isInstanceOf(StoreException.class).hasMessageContaining("not a plain address");
        }
    }

    private static List<Path> files(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }
}
