package io.conduit.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import io.conduit.test.DovecotServer;
import io.conduit.test.ImporterProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No 10 MB limit: a WhatsApp ZIP export with a 200 MB attachment archives into Dovecot from a JVM with a 256 MB heap,
 * because attachments stream from the ZIP to the IMAP APPEND; the GC log gives the peak heap.
 */
class LargeAttachmentIT {

    private static final int MB = 1024 * 1024;
    private static final String CUSTODIAN = "large.alice@example.com";

    @TempDir
    Path tmp;

    @Test
    void a_200_mb_attachment_archives_with_a_256_mb_heap() throws Exception {
        DovecotServer dovecot = DovecotServer.shared();
        dovecot.addUsers(Map.of(CUSTODIAN, "x", "large.catchall@example.com", "x"));
        Path export = tmp.resolve("WhatsApp Chat - Large.zip");
        writeExport(export, 200 * MB);
        Path mapping = tmp.resolve("mapping.csv");
        Files.writeString(mapping, "Alice," + CUSTODIAN + "\n");
        Path password = tmp.resolve("password");
        Files.writeString(password, dovecot.masterPassword());
        Path gcLog = tmp.resolve("gc.log");
        Path log = tmp.resolve("importer.log");
        Process p = new ProcessBuilder(ImporterProcess.command(
                List.of("-Xmx256m", "-Xlog:gc:file=" + gcLog, "-Dconduit.store.max-item-bytes=" + 400L * MB),
                List.of(export.toString(), "--to", "imaps://" + dovecot.host() + ":" + dovecot.imapsPort(),
                        "--imap-master-user", dovecot.masterUser(), "--imap-password-file", password.toString(),
                        "--truststore", dovecot.trustStore().toString(), "--truststore-password", DovecotServer.TRUST_STORE_PASSWORD,
                        "--mapping", mapping.toString(), "--catch-all", "large.catchall@example.com",
                        "--state", tmp.resolve("state").toString(), "--folder", "Large")))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        String output = Files.readString(log);
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains("\"items\":3,\"archived\":3").contains("\"partial\":0");

        List<Long> sizes = dovecot.messageSizes(CUSTODIAN, "Large");
        assertThat(sizes).hasSize(3);
        long largest = sizes.stream().mapToLong(Long::longValue).max().orElseThrow();
        assertThat(largest).as("the base64-encoded 200 MB attachment").isGreaterThan(200L * MB * 4 / 3);
        long peakHeapMb = peakHeapMb(gcLog);
        System.out.printf("large attachment: 200 MB attachment archived, message %d bytes, peak heap %d MB with -Xmx256m%n",
                largest, peakHeapMb);
        assertThat(peakHeapMb).isLessThanOrEqualTo(256);
    }

    /** A ZIP export whose second message attaches a file of {@code size} random (incompressible) bytes, stored. */
    private static void writeExport(Path zip, int size) throws Exception {
        String chat = "[01/02/2026, 10:00:00] Alice: the recording of the call\n"
                + "[01/02/2026, 10:00:05] Alice: \u200e<attached: 00000001-AUDIO-2026-02-01-10-00-05.opus>\n"
                + "[01/02/2026, 10:01:00] Bob: thanks\n";
        Path blob = zip.resolveSibling("blob");
        CRC32 crc = new CRC32();
        Random random = new Random(42);
        byte[] chunk = new byte[MB];
        try (OutputStream out = Files.newOutputStream(blob)) {
            for (int i = 0; i < size / MB; i++) {
                random.nextBytes(chunk);
                crc.update(chunk);
                out.write(chunk);
            }
        }
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("_chat.txt"));
            out.write(chat.getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
            ZipEntry media = new ZipEntry("00000001-AUDIO-2026-02-01-10-00-05.opus");
            media.setMethod(ZipEntry.STORED);
            media.setSize(size);
            media.setCompressedSize(size);
            media.setCrc(crc.getValue());
            out.putNextEntry(media);
            Files.copy(blob, out);
            out.closeEntry();
        }
        Files.delete(blob);
    }

    /** Largest heap-before-GC figure of a unified GC log, in MB. */
    static long peakHeapMb(Path gcLog) throws Exception {
        long peak = 0;
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)M->\\d+M").matcher(Files.readString(gcLog));
        while (m.find()) {
            peak = Math.max(peak, Long.parseLong(m.group(1)));
        }
        return peak;
    }
}
