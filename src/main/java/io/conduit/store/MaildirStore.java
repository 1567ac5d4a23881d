package io.conduit.store;

import io.conduit.mime.HashedMimeMessage;
import io.conduit.model.Text;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/**
 * The embedded default store: one Maildir++ tree per custodian under {@code <root>/<mailbox>/}, written atomically
 * (tmp, fsync, rename into new).
 *
 * <p>Folder {@code Inbox} is the Maildir root itself; folder {@code WhatsApp Archiver} is
 * {@code <root>/<mailbox>/.WhatsApp Archiver/{cur,new,tmp}}; the hierarchy separator {@code /} becomes Maildir++'s
 * {@code .} (and a {@code .} inside a folder name becomes {@code _}), so a Dovecot with
 * {@code mail_location = maildir:<root>/%u} serves the tree as is. File names are deterministic
 * ({@code <epoch seconds>.M<hash>.conduit}, the hash from the {@code Message-ID} and the folder), so storing the same
 * message twice into one folder leaves one file: a redelivery after a crash cannot double a copy.
 *
 * <p>The copies of one item for several custodians are one file with several names: the first mailbox's copy is
 * written and forced to disk once, and each other custodian's copy is a hard link to it, renamed into that
 * custodian's {@code new/} (as Dovecot's delivery does with {@code maildir_copy_with_hardlinks}). Maildir files are
 * never changed in place: a mail reader that sets a flag renames its own link, and deleting a copy removes only that
 * custodian's link. Where no link can be made (another file system, the first copy already moved or deleted) the
 * copy is written out and forced like the first.
 */
public final class MaildirStore implements ArchiveStore {

    private final Path root;
    private final boolean fsync;
    private final Set<Path> prepared = ConcurrentHashMap.newKeySet();
    /** Starting points of the staging order ({@link #appendAll}): calls at once start at different ones. */
    private static final int STAGING_STRIDES = 4;
    private final AtomicInteger stagings = new AtomicInteger();
    /** Files of a batch forced to disk at once ({@link #forceAll}). */
    private static final int PARALLEL_FORCES = 16;
    /** Files a call writes before it forces (and closes) them: the most it holds open. */
    private static final int MAX_UNFORCED = 4 * PARALLEL_FORCES;
    private volatile java.util.concurrent.ExecutorService forcer;
    /**
     * Messages a batch stores into several mailboxes (frozen {@link HashedMimeMessage}s, by identity) to the file of
     * their first copy: {tmp path, final path}, null when that write failed. Weak keys: an entry goes with its batch.
     */
    private final Map<MimeMessage, CompletableFuture<Path[]>> firstCopies =
            java.util.Collections.synchronizedMap(new WeakHashMap<>());

    /**
     * @param root  root folder; created when missing
     * @param fsync force each message file to disk before it is renamed into {@code new/} (Maildir's durability rule)
     */
    public MaildirStore(Path root, boolean fsync) {
        this.root = root.toAbsolutePath().normalize();
        this.fsync = fsync;
    }

    @Override
    public StoredCopy append(String mailbox, String folder, MimeMessage message) throws StoreException {
        Path dir = folderPath(mailbox, folder);
        try {
            prepare(dir, !dir.getFileName().toString().startsWith(".") ? null : dir.getParent());
            String name = fileName(message, folder);
            Path target = dir.resolve("new").resolve(name);
            Path existing = findExisting(dir, name);
            if (existing != null) {
                return new StoredCopy(mailbox, folder, root.relativize(existing).toString());
            }
            Path tmp = writeTmp(dir, name, message);
            rename(tmp, target);
            return new StoredCopy(mailbox, folder, root.relativize(target).toString());
        } catch (IOException | MessagingException e) {
            throw new StoreException("cannot store into maildir " + root.relativize(dir) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Group commit: writes every message into {@code tmp/}, forces the files to disk side by side (many forces, few
     * journal commits), links the copies whose first copy another mailbox's call wrote, then renames them all into
     * {@code new/} in the list's order, then forces {@code new/} itself once, so that the renames are durable too (the
     * single {@link #append} leaves that to the file system's next commit).
     */
    @Override
    public List<StoredCopy> appendAll(String mailbox, String folder, List<? extends MimeMessage> messages)
            throws StoreException {
        Path dir = folderPath(mailbox, folder);
        try {
            prepare(dir, !dir.getFileName().toString().startsWith(".") ? null : dir.getParent());
            int n = messages.size();
            StoredCopy[] copies = new StoredCopy[n];
            String[] names = new String[n];
            Path[] targets = new Path[n];
            boolean[] stored = new boolean[n]; // already in the folder (a redelivery): nothing to write
            Set<String> inCur = n > 1 ? smallCur(dir) : null;
            for (int i = 0; i < n; i++) {
                names[i] = fileName(messages.get(i), folder);
                Path existing = findExisting(dir, names[i], inCur);
                stored[i] = existing != null;
                targets[i] = stored[i] ? existing : dir.resolve("new").resolve(names[i]);
                copies[i] = new StoredCopy(mailbox, folder, root.relativize(targets[i]).toString());
            }
            // staged from a point of the list that differs between the mailboxes storing it at once, so that their
            // threads write different first copies side by side instead of all waiting for one writer
            Path[] staged = new Path[n];
            List<FirstCopy> written = new ArrayList<>();
            List<Integer> linked = new ArrayList<>();
            int handedOver = 0; // written.get(0 .. handedOver - 1) went through forceAll
            int from = n == 0 ? 0 : Math.floorMod(stagings.getAndIncrement(), STAGING_STRIDES) * n / STAGING_STRIDES;
            try {
                for (int k = 0; k < n; k++) {
                    int i = (from + k) % n;
                    if (stored[i]) {
                        continue;
                    }
                    MimeMessage message = messages.get(i);
                    if (!(message instanceof HashedMimeMessage hashed) || !hashed.isFrozen()) {
                        staged[i] = writeTmp(dir, names[i] + "." + i, message);
                        continue;
                    }
                    FirstCopy first = new FirstCopy(tmpPath(dir, names[i] + "." + i), targets[i], new CompletableFuture<>());
                    if (firstCopies.putIfAbsent(message, first.done) != null) {
                        linked.add(i); // another mailbox of the batch writes it: linked once that one is forced
                        continue;
                    }
                    written.add(first); // claimed: from here the finally below completes it, whatever happens
                    first.channel = writeOpen(first.tmp, message); // forced below, with the others
                    staged[i] = first.tmp;
                    if (written.size() - handedOver >= MAX_UNFORCED) { // at most this many files open at once
                        forceAll(written.subList(handedOver, written.size()));
                        handedOver = written.size();
                    }
                }
                forceAll(written.subList(handedOver, written.size()));
            } finally {
                for (FirstCopy first : written) {
                    if (!first.forced && first.channel != null) {
                        closeQuietly(first.channel); // a later write failed before the forces: this call throws
                    }
                    // completed by the call that claimed it, whatever happened: no other mailbox waits forever
                    first.done.complete(first.forced ? new Path[] {first.tmp, first.target} : null);
                }
            }
            for (int i : linked) {
                staged[i] = linkFirstCopy(dir, names[i] + "." + i, messages.get(i));
            }
            boolean renamed = false;
            for (int i = 0; i < n; i++) { // into new/ in the list's order
                if (staged[i] != null) {
                    rename(staged[i], targets[i]);
                    renamed = true;
                }
            }
            if (fsync && renamed) {
                try (FileChannel newDir = FileChannel.open(dir.resolve("new"), StandardOpenOption.READ)) {
                    newDir.force(true);
                }
            }
            return List.of(copies);
        } catch (IOException | MessagingException e) {
            throw new StoreException("cannot store into maildir " + root.relativize(dir) + ": " + e.getMessage(), e);
        }
    }

    /** A batch's first copy of a message, written by this call: its file, where it goes, and who waits for it. */
    private static final class FirstCopy {
        final Path tmp;
        final Path target;
        final CompletableFuture<Path[]> done;
        FileChannel channel;
        /** Set by the thread that forced and closed the file (a force thread, or the caller's). */
        volatile boolean forced;

        FirstCopy(Path tmp, Path target, CompletableFuture<Path[]> done) {
            this.tmp = tmp;
            this.target = target;
            this.done = done;
        }
    }

    /**
     * Writes the message into a new file {@code tmp}, not forced; the channel is left open for the caller (closed here
     * when the write fails).
     */
    private static FileChannel writeOpen(Path tmp, MimeMessage message) throws IOException, MessagingException {
        // a new file, never one left under this name: that could be a hard link other custodians' copies share
        FileChannel ch;
        try {
            ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (java.nio.file.FileAlreadyExistsException e) { // left by a process of the same id that stopped
            Files.deleteIfExists(tmp);
            ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        }
        try {
            OutputStream out = new BufferedOutputStream(java.nio.channels.Channels.newOutputStream(ch), 64 * 1024);
            message.writeTo(out);
            out.flush();
            return ch;
        } catch (Throwable e) {
            closeQuietly(ch);
            throw e;
        }
    }

    /**
     * Forces the files to disk (when fsync is on) and closes them. The forces run side by side on {@link #forcer}'s
     * threads: a journaling file system commits many files' forces at once, where one after the other each waits for
     * its own commit (ext4 on this project's build machine: 0.8 ms a 1.7 KB file one at a time, 0.2 ms with 8 at once).
     *
     * @throws IOException the first force or close that failed, once every force handed to a thread has ended (an
     *                     {@link Error} is thrown as it is)
     */
    private void forceAll(List<FirstCopy> files) throws IOException {
        List<CompletableFuture<Void>> forces = new ArrayList<>(files.size());
        java.util.concurrent.Executor pool = fsync && files.size() > 1 ? forcer() : Runnable::run;
        Throwable failed = null;
        for (FirstCopy f : files) {
            try {
                forces.add(CompletableFuture.runAsync(() -> force(f), pool));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                forces.add(CompletableFuture.runAsync(() -> force(f), Runnable::run)); // the store closed meanwhile
            } catch (RuntimeException | Error e) {
                failed = e; // no thread to run it (out of memory): the files not handed over stay unforced
                break;
            }
        }
        for (CompletableFuture<Void> force : forces) { // every force handed over has ended before this returns
            try {
                force.join();
            } catch (java.util.concurrent.CompletionException e) {
                Throwable cause = e.getCause() instanceof java.io.UncheckedIOException u ? u.getCause() : e.getCause();
                if (failed == null) {
                    failed = cause;
                }
            }
        }
        if (failed instanceof IOException io) {
            throw io;
        } else if (failed instanceof Error error) {
            throw error;
        } else if (failed != null) {
            throw new IOException(failed);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // the call fails with the write's error already
        }
    }

    private void force(FirstCopy f) {
        try (FileChannel ch = f.channel) {
            if (fsync) {
                ch.force(true);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot force " + root.relativize(f.tmp) + ": " + e.getMessage(), e);
        }
        f.forced = true;
    }

    /** The threads that force a batch's files to disk side by side ({@value #PARALLEL_FORCES}), made on first use. */
    private java.util.concurrent.ExecutorService forcer() {
        java.util.concurrent.ExecutorService pool = forcer;
        if (pool == null || pool.isShutdown()) {
            synchronized (this) {
                pool = forcer;
                if (pool == null || pool.isShutdown()) {
                    AtomicInteger count = new AtomicInteger();
                    java.util.concurrent.ThreadPoolExecutor threads = new java.util.concurrent.ThreadPoolExecutor(
                            PARALLEL_FORCES, PARALLEL_FORCES, 30, java.util.concurrent.TimeUnit.SECONDS,
                            new java.util.concurrent.LinkedBlockingQueue<>(), r -> {
                                Thread t = new Thread(r, "conduit-fsync-" + count.incrementAndGet());
                                t.setDaemon(true);
                                return t;
                            });
                    threads.allowCoreThreadTimeOut(true); // idle between runs, or a store used after close: no threads
                    pool = threads;
                    forcer = pool;
                }
            }
        }
        return pool;
    }

    /**
     * Puts the message into {@code tmp/} as a hard link to its first copy, which another mailbox of the batch writes
     * and forces (this one waits for it); written and forced here when that failed or no link can be made.
     */
    private Path linkFirstCopy(Path dir, String name, MimeMessage message) throws IOException, MessagingException {
        CompletableFuture<Path[]> first = firstCopies.get(message);
        Path[] sources = first == null ? null : first.join();
        if (sources != null) {
            Path tmp = tmpPath(dir, name);
            for (Path source : sources) { // still in tmp/, or already renamed into new/
                try {
                    try {
                        Files.createLink(tmp, source);
                    } catch (java.nio.file.FileAlreadyExistsException e) { // left by a process of the same id
                        Files.deleteIfExists(tmp);
                        Files.createLink(tmp, source);
                    }
                    return tmp;
                } catch (IOException | UnsupportedOperationException e) {
                    // moved or deleted meanwhile, another file system, no hard links: the next source, then a write
                }
            }
        }
        return writeTmp(dir, name, message);
    }

    private static Path tmpPath(Path dir, String name) {
        return dir.resolve("tmp").resolve(name + "." + ProcessHandle.current().pid() + "." + Thread.currentThread().getId());
    }

    /** Writes the message into {@code tmp/} under a name of this process and thread, forced to disk when fsync is on. */
    private Path writeTmp(Path dir, String name, MimeMessage message) throws IOException, MessagingException {
        Path tmp = tmpPath(dir, name);
        try (FileChannel ch = writeOpen(tmp, message)) {
            if (fsync) {
                ch.force(true);
            }
        }
        return tmp;
    }

    private static void rename(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target);
        }
    }

    /**
     * Like {@link #append}, and also finds the copy when a mail reader has since moved it to {@code cur/} with any
     * flags ({@code :2,RS}, {@code :2,FS}, ...): this lists {@code cur/}, so it is kept for items that may have been
     * stored before.
     */
    @Override
    public StoredCopy appendIfAbsent(String mailbox, String folder, MimeMessage message) throws StoreException {
        Path dir = folderPath(mailbox, folder);
        try {
            String name = fileName(message, folder);
            Path cur = dir.resolve("cur");
            if (Files.isDirectory(cur)) {
                try (java.nio.file.DirectoryStream<Path> found = Files.newDirectoryStream(cur, name + ":*")) {
                    for (Path p : found) {
                        return new StoredCopy(mailbox, folder, root.relativize(p).toString());
                    }
                }
            }
        } catch (IOException | MessagingException e) {
            throw new StoreException("cannot look into maildir " + root.relativize(dir) + ": " + e.getMessage(), e);
        }
        return append(mailbox, folder, message);
    }

    static String fileName(MimeMessage message, String folder) throws MessagingException {
        java.util.Date sent = message.getSentDate();
        String unique = sent == null ? "0" : Long.toString(sent.getTime() / 1000);
        return unique + ".M" + Text.sha256(message.getMessageID() + "|" + folder).substring(0, 24) + ".conduit";
    }

    private static Path findExisting(Path dir, String name) {
        return findExisting(dir, name, null);
    }

    /**
     * The copy already in the folder under {@code name}: in {@code new/}, or in {@code cur/} as seen (flag
     * {@code S}) or without flags.
     *
     * @param inCur the names in {@code cur/}, listed once for a whole batch ({@link #smallCur}), or null to look each
     *              name up
     */
    private static Path findExisting(Path dir, String name, Set<String> inCur) {
        Path inNew = dir.resolve("new").resolve(name);
        if (Files.exists(inNew)) {
            return inNew;
        }
        for (String suffix : CUR_SUFFIXES) {
            if (inCur == null ? Files.exists(dir.resolve("cur").resolve(name + suffix)) : inCur.contains(name + suffix)) {
                return dir.resolve("cur").resolve(name + suffix);
            }
        }
        return null;
    }

    private static final List<String> CUR_SUFFIXES = List.of(":2,", ":2,S");

    /**
     * Directory sizes up to which a batch lists {@code cur/} once (a few system calls) instead of looking each of its
     * names up there (two calls a copy): on ext4, 16 blocks, about a thousand names. A folder that a mail reader or an
     * IMAP server serves fills {@code cur/}, and its names are looked up one by one again.
     */
    static final long CUR_LISTING_MAX_BYTES = 64 * 1024;

    /**
     * Names past which a listing of {@code cur/} stops and its names are looked up one by one: file systems where a
     * directory's size counts its entries (ZFS) would otherwise list tens of thousands a batch.
     */
    static final int CUR_LISTING_MAX_NAMES = 2_000;

    /**
     * The names in {@code cur/} when it is small enough to list ({@link #CUR_LISTING_MAX_BYTES},
     * {@link #CUR_LISTING_MAX_NAMES}), else null; null too when it cannot be listed (then each name is looked up, as
     * {@link Files#exists} does, whatever the listing's error).
     */
    private static Set<String> smallCur(Path dir) {
        Path cur = dir.resolve("cur");
        try {
            java.nio.file.attribute.BasicFileAttributes attributes =
                    Files.readAttributes(cur, java.nio.file.attribute.BasicFileAttributes.class);
            if (!attributes.isDirectory() || attributes.size() > CUR_LISTING_MAX_BYTES) {
                return null;
            }
            Set<String> names = new java.util.HashSet<>();
            try (java.nio.file.DirectoryStream<Path> entries = Files.newDirectoryStream(cur)) {
                for (Path entry : entries) {
                    if (names.size() == CUR_LISTING_MAX_NAMES) {
                        return null;
                    }
                    names.add(entry.getFileName().toString());
                }
            }
            return names;
        } catch (IOException | java.nio.file.DirectoryIteratorException e) {
            return null; // not listable here (permissions of a folder another server shares): looked up name by name
        }
    }

    private void prepare(Path dir, Path mailboxRoot) throws IOException {
        if (prepared.contains(dir)) {
            return;
        }
        for (String sub : new String[] {"cur", "new", "tmp"}) {
            Files.createDirectories(dir.resolve(sub));
        }
        if (mailboxRoot != null) {
            for (String sub : new String[] {"cur", "new", "tmp"}) {
                Files.createDirectories(mailboxRoot.resolve(sub));
            }
            Path marker = dir.resolve("maildirfolder");
            if (!Files.exists(marker)) {
                Files.createFile(marker);
            }
            subscribe(mailboxRoot, dir.getFileName().toString().substring(1));
        }
        prepared.add(dir);
    }

    private static synchronized void subscribe(Path mailboxRoot, String maildirName) throws IOException {
        Path subscriptions = mailboxRoot.resolve("subscriptions");
        String imapName = maildirName.replace('.', '/');
        List<String> lines = Files.exists(subscriptions) ? Files.readAllLines(subscriptions) : new ArrayList<>();
        if (!lines.contains(imapName)) {
            Files.writeString(subscriptions, imapName + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    /**
     * The Maildir folder of a custodian's folder.
     *
     * @throws StoreException when the mailbox is not a plain address (path characters, leading dot) or the folder has
     *                        no usable segment
     */
    Path folderPath(String mailbox, String folder) throws StoreException {
        if (mailbox == null || mailbox.isBlank() || mailbox.startsWith(".") || mailbox.contains("/")
                || mailbox.contains("\\") || mailbox.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new StoreException("mailbox '" + Text.clean(mailbox) + "' is not a plain address");
        }
        Path mailboxRoot = root.resolve(mailbox.toLowerCase(Locale.ROOT)).normalize();
        if (!mailboxRoot.getParent().equals(root)) {
            throw new StoreException("mailbox '" + Text.clean(mailbox) + "' is not a plain address");
        }
        List<String> segments = new ArrayList<>();
        for (String s : (folder == null ? "" : folder).split("/")) {
            String clean = Text.clean(s).replace('.', '_').replace('\\', '_');
            if (!clean.isBlank()) {
                segments.add(segments.isEmpty() && clean.equalsIgnoreCase("inbox") ? "INBOX" : clean);
            }
        }
        if (segments.isEmpty() || segments.size() == 1 && segments.get(0).equals("INBOX")) {
            return mailboxRoot;
        }
        return mailboxRoot.resolve("." + String.join(".", segments));
    }

    /**
     * Reads every message file of a custodian's Maildir++ tree: the top ({@code Inbox}) and each {@code .<folder>}, in
     * {@code new/} and {@code cur/}, in file-name order.
     */
    @Override
    public void readAll(String mailbox, CopyVisitor visitor) throws StoreException {
        read(mailbox, visitor, true);
    }

    /** Reads each file as the directory lists it: no list of a folder's files is held. */
    @Override
    public void readAllUnsorted(String mailbox, CopyVisitor visitor) throws StoreException {
        read(mailbox, visitor, false);
    }

    private void read(String mailbox, CopyVisitor visitor, boolean sorted) throws StoreException {
        Path mailboxRoot = folderPath(mailbox, "Inbox");
        jakarta.mail.Session session = jakarta.mail.Session.getInstance(new java.util.Properties());
        List<Path> folders = new ArrayList<>(List.of(mailboxRoot));
        try {
            if (Files.isDirectory(mailboxRoot)) {
                try (java.util.stream.Stream<Path> dirs = Files.list(mailboxRoot)) {
                    dirs.filter(d -> d.getFileName().toString().startsWith(".") && Files.isDirectory(d.resolve("cur")))
                            .sorted().forEach(folders::add);
                }
            }
            for (Path dir : folders) {
                String name = dir.equals(mailboxRoot) ? "Inbox" : dir.getFileName().toString().substring(1).replace('.', '/');
                for (String sub : new String[] {"new", "cur"}) {
                    if (!Files.isDirectory(dir.resolve(sub))) {
                        continue;
                    }
                    if (sorted) {
                        List<Path> files;
                        try (java.util.stream.Stream<Path> list = Files.list(dir.resolve(sub))) {
                            files = list.filter(Files::isRegularFile).sorted().toList();
                        }
                        for (Path f : files) {
                            visit(session, name, f, visitor);
                        }
                    } else {
                        try (DirectoryStream<Path> list = Files.newDirectoryStream(dir.resolve(sub), Files::isRegularFile)) {
                            for (Path f : list) {
                                visit(session, name, f, visitor);
                            }
                        }
                    }
                }
            }
        } catch (IOException | MessagingException e) {
            throw new StoreException("cannot read maildir " + mailboxRoot + ": " + e.getMessage(), e);
        } catch (DirectoryIteratorException e) {
            throw new StoreException("cannot read maildir " + mailboxRoot + ": " + e.getCause().getMessage(), e.getCause());
        }
    }

    private static void visit(jakarta.mail.Session session, String folder, Path file, CopyVisitor visitor)
            throws IOException, MessagingException {
        try (java.io.InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file))) {
            visitor.visit(folder, new MimeMessage(session, in));
        }
    }

    /** Creates the root when missing, then writes, forces and deletes a probe file in it; {@code mailbox} is not used. */
    @Override
    public void check(String mailbox) throws StoreException {
        try {
            Files.createDirectories(root);
            Path probe = Files.createTempFile(root, ".conduit-check-", ".tmp");
            try (FileChannel ch = FileChannel.open(probe, StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.wrap(new byte[] {'o', 'k'}));
                ch.force(true);
            } finally {
                Files.deleteIfExists(probe);
            }
        } catch (IOException | RuntimeException e) {
            throw new StoreException("maildir root " + root + " is not writable: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
        }
    }

    @Override
    public String describe() {
        return "maildir:" + root;
    }

    @Override
    public void close() {
        prepared.clear();
        java.util.concurrent.ExecutorService pool;
        synchronized (this) { // not while forcer() makes a pool
            pool = forcer;
        }
        if (pool != null) {
            pool.shutdown(); // forces under way end; a batch stored after this makes new threads
        }
    }

    /**
     * Removes a copy this store wrote: its file, named by the correlation id relative to the store root.
     *
     * @throws StoreException when the file is outside the store or cannot be deleted
     */
    @Override
    public void remove(StoredCopy copy) throws StoreException {
        java.nio.file.Path file = root.resolve(copy.correlationId()).normalize();
        if (!file.startsWith(root.normalize())) {
            throw new StoreException("Maildir copy " + copy.correlationId() + " is outside the store");
        }
        try {
            if (!java.nio.file.Files.deleteIfExists(file)) {
                throw new StoreException("Maildir copy " + copy.correlationId() + " is not there");
            }
        } catch (java.io.IOException e) {
            throw new StoreException("Maildir copy " + copy.correlationId() + " cannot be removed: " + e.getMessage(), e);
        }
    }
}
