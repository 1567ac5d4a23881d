package io.conduit.store;

import io.conduit.test.DovecotServer;
import io.conduit.test.TestTls;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** {@link ImapStore} against a real Dovecot: TLS, login modes, folders, correlation ids, reuse and reconnects. */
class ImapStoreIT {

    private static final String ALICE = "alice@example.com";
    private static final String BOB = "bob@example.com";
    private static final String ARCHIVE = "archive@example.com";
    private static final String USER_PASSWORD = "user-" + UUID.randomUUID();
    private static DovecotServer dovecot;

    @BeforeAll
    static void startDovecot() {
        dovecot = DovecotServer.shared();
        Map<String, String> users = new LinkedHashMap<>();
        for (String user : List.of(ALICE, BOB, ARCHIVE, "carol@example.com", "reuse@example.com",
                "restart@example.com", "starttls@example.com", "plain@example.com", "evict1@example.com",
                "evict2@example.com", "evict3@example.com", "multi@example.com")) {
            users.put(user, USER_PASSWORD);
        }
        dovecot.addUsers(users);
    }

    private static ImapSettings master(ImapSettings.Security security, int port) {
        return new ImapSettings(dovecot.host(), port, security, null, dovecot.masterUser(), dovecot.masterPassword(),
                dovecot.trustStore(), DovecotServer.TRUST_STORE_PASSWORD, false, 2_000, 5_000);
    }

    private static ImapSettings imapsMaster() {
        return master(ImapSettings.Security.IMAPS, dovecot.imapsPort());
    }

    private static MimeMessage message(String subject, String body) throws MessagingException {
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
        m.setFrom(new InternetAddress("whatsapp.447700900123@unmapped.invalid", false));
        m.setRecipients(Message.RecipientType.TO, ALICE);
        m.setSubject(subject, "UTF-8");
        m.setSentDate(new Date(1_700_000_000_000L));
        m.setHeader("X-Conduit-Message-Class", "IPM.NOTE.WhatsApp.Message");
        m.setText(body, "UTF-8");
        return m;
    }

    private static String body(MimeMessage m) throws MessagingException, IOException {
        return m.getContent().toString().trim();
    }

    private static String allMessages(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            text.append(t).append('\n');
        }
        return text.toString();
    }

    @Test
    void appendsOverImapsAndReadsBackHeadersAndBody() throws Exception {
        MimeMessage sent = message("[WhatsApp] Alice, Bob — 2026-11-20", "Hello from WhatsApp ✓");
        try (ImapStore store = new ImapStore(imapsMaster())) {
            StoredCopy copy = store.append(ALICE, "WhatsApp Archiver", sent);

            assertThat(copy.mailbox()).isEqualTo(ALICE);
            assertThat(copy.folder()).isEqualTo("WhatsApp Archiver");
            assertThat(copy.correlationId()).matches("imap://alice%40example\\.com@localhost:" + dovecot.imapsPort()
                    + "/WhatsApp%20Archiver;UIDVALIDITY=\\d+/;UID=1");
            assertThat(store.describe()).isEqualTo("imaps://localhost:" + dovecot.imapsPort());
        }
        List<MimeMessage> read = dovecot.messages(ALICE, "WhatsApp Archiver");
        assertThat(read).hasSize(1);
        MimeMessage got = read.get(0);
        assertThat(got.getSubject()).isEqualTo("[WhatsApp] Alice, Bob — 2026-11-20");
        assertThat(got.getMessageID()).isEqualTo(sent.getMessageID()).isNotBlank();
        assertThat(got.getHeader("X-Conduit-Message-Class")).containsExactly("IPM.NOTE.WhatsApp.Message");
        assertThat(got.getFrom()[0].toString()).isEqualTo("whatsapp.447700900123@unmapped.invalid");
        assertThat(body(got)).isEqualTo("Hello from WhatsApp ✓");
        assertThat(dovecot.messages(BOB, "WhatsApp Archiver")).isEmpty();
    }

    @Test
    void masterUserModeAppendsIntoEachMailboxOverItsOwnConnection() throws Exception {
        try (ImapStore store = new ImapStore(imapsMaster())) {
            store.append(ALICE, "Signal Archiver", message("to alice", "a"));
            store.append(BOB, "Signal Archiver", message("to bob", "b"));
            store.append(ALICE, "Signal Archiver", message("to alice again", "c"));

            assertThat(store.loginCount()).isEqualTo(2);
            assertThat(store.openConnections()).isEqualTo(2);
        }
        assertThat(dovecot.messages(ALICE, "Signal Archiver")).extracting(MimeMessage::getSubject)
                .containsExactly("to alice", "to alice again");
        assertThat(dovecot.messages(BOB, "Signal Archiver")).extracting(MimeMessage::getSubject)
                .containsExactly("to bob");
    }

    @Test
    void sessionsAreBoundedPerMailboxAndInTotalUnderConcurrentAppends() throws Exception {
        List<String> mailboxes = List.of(ALICE, BOB, "carol@example.com");
        try (ImapStore store = new ImapStore(imapsMaster(), 2)) {
            // four threads per mailbox at once: one session per mailbox, at most two sessions open in all
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(12);
            List<java.util.concurrent.Future<StoredCopy>> copies = new java.util.ArrayList<>();
            for (int i = 0; i < 24; i++) {
                String mailbox = mailboxes.get(i % 3);
                MimeMessage m = message("bounded " + i, "b" + i);
                copies.add(pool.submit(() -> store.append(mailbox, "Bounded", m)));
                assertThat(store.openConnections()).isLessThanOrEqualTo(2);
            }
            for (var copy : copies) {
                assertThat(copy.get().correlationId()).contains(";UID=");
                assertThat(store.openConnections()).isLessThanOrEqualTo(2);
            }
            pool.shutdown();
            assertThat(store.openConnections()).isEqualTo(2);
            assertThat(store.loginCount()).isGreaterThanOrEqualTo(3);
        }
        for (String mailbox : mailboxes) {
            assertThat(dovecot.messages(mailbox, "Bounded")).hasSize(8);
        }
    }

    @Test
    void reconnectsAfterCloseAndRefusesAMailboxThatWouldChangeTheMasterLogin() throws Exception {
        try (ImapStore store = new ImapStore(imapsMaster())) {
            store.append(ALICE, "Reopened", message("before close", "1"));
            store.close();
            assertThat(store.openConnections()).isZero();
            store.append(ALICE, "Reopened", message("after close", "2"));
            assertThat(store.loginCount()).isEqualTo(2);

            assertThatThrownBy(() -> store.append(ALICE + "*other", "Reopened", message("x", "x")))
                    .isInstanceOf(StoreException.class).hasMessageContaining("separator");
        }
        assertThat(dovecot.messages(ALICE, "Reopened")).extracting(MimeMessage::getSubject)
                .containsExactly("before close", "after close");
    }

    @Test
    void plainModeKeepsOtherCustodiansInAPerCustodianHierarchy() throws Exception {
        ImapSettings plain = new ImapSettings(dovecot.host(), dovecot.imapsPort(), ImapSettings.Security.IMAPS,
                ARCHIVE, null, USER_PASSWORD, dovecot.trustStore(), DovecotServer.TRUST_STORE_PASSWORD, false,
                2_000, 5_000);
        StoredCopy forCarol;
        try (ImapStore store = new ImapStore(plain)) {
            store.append("Archive@Example.com", "SMS Archiver", message("own copy", "own"));
            forCarol = store.append("carol@example.com", "SMS Archiver", message("carol's copy", "carol"));
            assertThat(store.loginCount()).isEqualTo(1);
        }
        assertThat(forCarol.correlationId()).matches("imap://archive%40example\\.com@localhost:\\d+"
                + "/carol%40example\\.com/SMS%20Archiver;UIDVALIDITY=\\d+/;UID=1");
        assertThat(dovecot.messages(ARCHIVE, "SMS Archiver")).extracting(MimeMessage::getSubject)
                .containsExactly("own copy");
        assertThat(dovecot.messages(ARCHIVE, "carol@example.com/SMS Archiver")).extracting(MimeMessage::getSubject)
                .containsExactly("carol's copy");
        assertThat(dovecot.messages("carol@example.com", "SMS Archiver")).isEmpty();
    }

    @Test
    void createsNestedInboxFolderOnDemandAndSubscribesIt() throws Exception {
        StoredCopy copy;
        try (ImapStore store = new ImapStore(imapsMaster())) {
            copy = store.append(BOB, "Inbox/LivePerson Conversational Cloud", message("chat", "hi"));
        }
        assertThat(copy.correlationId()).matches("imap://bob%40example\\.com@localhost:" + dovecot.imapsPort()
                + "/INBOX/LivePerson%20Conversational%20Cloud;UIDVALIDITY=[1-9]\\d*/;UID=1");
        assertThat(dovecot.folders(BOB)).contains("INBOX/LivePerson Conversational Cloud");
        assertThat(dovecot.subscribed(BOB)).contains("INBOX/LivePerson Conversational Cloud");
        assertThat(dovecot.messages(BOB, "INBOX/LivePerson Conversational Cloud")).extracting(MimeMessage::getSubject)
                .containsExactly("chat");
    }

    @Test
    void recreatesAFolderDeletedBehindItsBackUnderABatch() throws Exception {
        try (ImapStore store = new ImapStore(imapsMaster())) {
            store.appendAll(ALICE, "Batch Archiver", List.of(message("one", "1"), message("two", "2")));
            dovecot.deleteFolder(ALICE, "Batch Archiver");
            store.appendAll(ALICE, "Batch Archiver", List.of(message("three", "3"), message("four", "4")));
            assertThat(store.loginCount()).isEqualTo(1);
        }
        assertThat(dovecot.messages(ALICE, "Batch Archiver")).extracting(MimeMessage::getSubject)
                .containsExactly("three", "four");
    }

    @Test
    void recreatesAFolderDeletedBehindItsBackOnTryCreate() throws Exception {
        try (ImapStore store = new ImapStore(imapsMaster())) {
            store.append(ALICE, "Telegram Archiver", message("first", "1"));
            dovecot.deleteFolder(ALICE, "Telegram Archiver");
            store.append(ALICE, "Telegram Archiver", message("second", "2"));
            assertThat(store.loginCount()).isEqualTo(1);
        }
        assertThat(dovecot.messages(ALICE, "Telegram Archiver")).extracting(MimeMessage::getSubject)
                .containsExactly("second");
    }

    @Test
    void twoHundredAppendsReuseOneConnection() throws Exception {
        String mailbox = "reuse@example.com";
        long loginsBefore = dovecot.loginCount(mailbox);
        List<StoredCopy> copies = new ArrayList<>();
        try (ImapStore store = new ImapStore(imapsMaster())) {
            for (int i = 0; i < 200; i++) {
                copies.add(store.append(mailbox, "Bulk", message("item " + i, "body " + i)));
            }
            assertThat(store.loginCount()).isEqualTo(1);
            assertThat(store.selectedFolders()).isEmpty();
        }
        assertThat(copies.get(199).correlationId()).endsWith("/;UID=200");
        assertThat(copies).extracting(StoredCopy::correlationId).doesNotHaveDuplicates();
        await().atMost(Duration.ofSeconds(5)).until(() -> dovecot.loginCount(mailbox) > loginsBefore);
        assertThat(dovecot.loginCount(mailbox)).isEqualTo(loginsBefore + 1);
        assertThat(dovecot.messages(mailbox, "Bulk")).hasSize(200);
    }

    @Test
    void multiAppendStoresABatchInOrderWithOneUidEachAndSplitsLargeBatches() throws Exception {
        String mailbox = "multi@example.com";
        List<MimeMessage> small = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            small.add(message("batch item " + i, "body " + i));
        }
        // three of 3.5 MB: more than one MULTIAPPEND command's bytes, so the batch is sent as two commands
        String large = "x".repeat(3_500_000);
        List<MimeMessage> big = List.of(message("big 0", large), message("big 1", large), message("big 2", large));
        List<StoredCopy> copies;
        List<StoredCopy> bigCopies;
        try (ImapStore store = new ImapStore(imapsMaster())) {
            copies = store.appendAll(mailbox, "Batched", small);
            bigCopies = store.appendAll(mailbox, "Batched", big);
            assertThat(store.loginCount()).isEqualTo(1);
            // APPEND in the authenticated state: no folder selected, so the client keeps no table of the folder's
            // messages that would grow (and be copied) with every message the server announces
            assertThat(store.selectedFolders()).isEmpty();
        }
        assertThat(copies).hasSize(50);
        for (int i = 0; i < 50; i++) {
            assertThat(copies.get(i).correlationId()).endsWith("/;UID=" + (i + 1)).contains("/Batched;UIDVALIDITY=");
        }
        assertThat(bigCopies).extracting(StoredCopy::correlationId)
                .allSatisfy(id -> assertThat(id).matches(".*;UID=5[123]$")).doesNotHaveDuplicates();
        List<MimeMessage> stored = dovecot.messages(mailbox, "Batched");
        assertThat(stored).hasSize(53);
        for (int i = 0; i < 50; i++) {
            assertThat(stored.get(i).getSubject()).isEqualTo("batch item " + i);
            assertThat(stored.get(i).getMessageID()).isEqualTo(small.get(i).getMessageID());
        }
        assertThat(stored.subList(50, 53)).extracting(MimeMessage::getSubject).containsExactly("big 0", "big 1", "big 2");
        assertThat(body(stored.get(52))).hasSize(large.length());
    }

    @Test
    void evictsTheLeastRecentlyUsedConnectionBeyondTheLimit() throws Exception {
        try (ImapStore store = new ImapStore(imapsMaster(), 2)) {
            store.append("evict1@example.com", "F", message("1", "1"));
            store.append("evict2@example.com", "F", message("2", "2"));
            store.append("evict3@example.com", "F", message("3", "3"));
            assertThat(store.openConnections()).isEqualTo(2);
            store.append("evict3@example.com", "F", message("3b", "3b"));
            store.append("evict1@example.com", "F", message("1b", "1b"));
            assertThat(store.loginCount()).isEqualTo(4);
        }
        assertThat(dovecot.messages("evict1@example.com", "F")).hasSize(2);
    }

    @Test
    void appendsOverStartTlsWithVerification() throws Exception {
        ImapSettings starttls = ImapSettings.fromUri("imap://localhost:" + dovecot.imapPort(), null,
                        dovecot.masterUser(), dovecot.masterPassword())
                .withTrustStore(dovecot.trustStore(), DovecotServer.TRUST_STORE_PASSWORD);
        assertThat(starttls.security()).isEqualTo(ImapSettings.Security.STARTTLS);
        long loginsBefore = dovecot.loginCount("starttls@example.com");
        try (ImapStore store = new ImapStore(starttls)) {
            assertThat(store.describe()).isEqualTo("imap://localhost:" + dovecot.imapPort());
            store.append("starttls@example.com", "INBOX", message("over starttls", "s"));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> dovecot.loginCount("starttls@example.com") > loginsBefore);
        assertThat(dovecot.loginLines("starttls@example.com")).last().asString()
                .containsPattern("lip=127\\.0\\.0\\.1, mpid=\\d+, TLS, session=");
        assertThat(dovecot.messages("starttls@example.com", "INBOX")).hasSize(1);
    }

    @Test
    void appendsInPlainTextOnlyWhenStartTlsIsExplicitlyOff() throws Exception {
        ImapSettings none = ImapSettings.fromUri("imap://localhost:" + dovecot.imapPort() + "?starttls=false",
                "plain@example.com", null, USER_PASSWORD);
        assertThat(none.security()).isEqualTo(ImapSettings.Security.NONE);
        try (ImapStore store = new ImapStore(none)) {
            store.append("plain@example.com", "INBOX", message("plain text", "p"));
        }
        assertThat(dovecot.messages("plain@example.com", "INBOX")).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(value = ImapSettings.Security.class, names = {"IMAPS", "STARTTLS"})
    void rejectsAServerWhoseCertificateIsNotTrusted(ImapSettings.Security security, @TempDir Path other)
            throws Exception {
        TestTls.selfSigned(other, "localhost", "127.0.0.1");
        Path otherTrust = other.resolve("other.p12");
        TestTls.trustStore(other.resolve("cert.pem"), otherTrust, "changeit");
        int port = security == ImapSettings.Security.IMAPS ? dovecot.imapsPort() : dovecot.imapPort();
        ImapSettings untrusted = master(security, port).withTrustStore(otherTrust, "changeit");
        try (ImapStore store = new ImapStore(untrusted)) {
            assertThatThrownBy(() -> store.append(ALICE, "Untrusted", message("x", "x")))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining(store.describe())
                    .hasMessageContaining(ALICE)
                    .hasMessageContaining("Untrusted")
                    .satisfies(e -> assertThat(allMessages(e)).doesNotContain(dovecot.masterPassword()));
            assertThat(store.loginCount()).isZero();
        }
        assertThat(dovecot.folders(ALICE)).doesNotContain("Untrusted");
    }

    @Test
    void insecureTrustAllConnectsWithoutTrustStore() throws Exception {
        ImapSettings trustAll = new ImapSettings(dovecot.host(), dovecot.imapsPort(), ImapSettings.Security.IMAPS,
                null, dovecot.masterUser(), dovecot.masterPassword(), null, null, true, 2_000, 5_000);
        try (ImapStore store = new ImapStore(trustAll)) {
            store.append(BOB, "Trust All", message("insecure", "i"));
        }
        assertThat(dovecot.messages(BOB, "Trust All")).hasSize(1);
    }

    @Test
    void appendsFromManyThreadsOverOneConnectionPerMailbox() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (ImapStore store = new ImapStore(imapsMaster())) {
            List<Future<StoredCopy>> futures = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String mailbox = i % 2 == 0 ? ALICE : BOB;
                String subject = "parallel " + i;
                futures.add(pool.submit(() -> store.append(mailbox, "Parallel", message(subject, subject))));
            }
            for (Future<StoredCopy> future : futures) {
                assertThat(future.get(30, TimeUnit.SECONDS).correlationId()).contains(";UID=");
            }
            assertThat(store.loginCount()).isEqualTo(2);
        } finally {
            pool.shutdownNow();
        }
        assertThat(dovecot.messages(ALICE, "Parallel")).hasSize(20);
        assertThat(dovecot.messages(BOB, "Parallel")).hasSize(20);
    }

    @Test
    void rejectsAWrongPasswordWithoutRevealingIt() throws Exception {
        String wrong = "wrong-" + UUID.randomUUID();
        ImapSettings bad = new ImapSettings(dovecot.host(), dovecot.imapsPort(), ImapSettings.Security.IMAPS,
                null, dovecot.masterUser(), wrong, dovecot.trustStore(), DovecotServer.TRUST_STORE_PASSWORD, false,
                2_000, 5_000);
        try (ImapStore store = new ImapStore(bad)) {
            assertThatThrownBy(() -> store.append(ALICE, "Denied", message("x", "x")))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining(ALICE)
                    .hasMessageContaining("Denied")
                    .hasMessageContaining("imaps://localhost:" + dovecot.imapsPort())
                    .satisfies(e -> assertThat(allMessages(e)).doesNotContain(wrong));
        }
        assertThat(bad.toString()).doesNotContain(wrong);
    }

    @Test
    void reconnectsAfterTheServerRestarts() throws Exception {
        String mailbox = "restart@example.com";
        try (ImapStore store = new ImapStore(imapsMaster())) {
            store.append(mailbox, "Restart", message("before", "1"));
            dovecot.stop();
            dovecot.start();
            StoredCopy after = store.append(mailbox, "Restart", message("after", "2"));

            assertThat(after.correlationId()).endsWith("/;UID=2");
            assertThat(dovecot.isRunning()).isTrue();
        }
        assertThat(dovecot.messages(mailbox, "Restart")).extracting(MimeMessage::getSubject)
                .containsExactly("before", "after");
    }

    @Test
    void failsNamingTheServerWhenItStaysDown() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (ImapStore store = new ImapStore(master(ImapSettings.Security.IMAPS, closedPort))) {
            assertThatThrownBy(() -> store.append(ALICE, "Down", message("x", "x")))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("imaps://localhost:" + closedPort)
                    .hasMessageContaining(ALICE)
                    .hasMessageContaining("'Down'")
                    .satisfies(e -> assertThat(allMessages(e)).doesNotContain(dovecot.masterPassword()));
        }
    }
}
