package io.conduit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/conduit}, the launcher, run as a user runs it on the fat jar of the package phase (a copy, so that its
 * time can be changed): the class-data archive made by the first import and used by the next, made again for a newer
 * jar, never made by a failed run or with {@code CONDUIT_CDS=off}; exit codes, SIGTERM and SIGINT passed through; stdout
 * free of the JVM's own warnings, with the JSON summary as its last line.
 */
class LauncherIT {

    private static final String SUMMARY = "{\"items\":3,\"archived\":3,";

    @TempDir
    Path tmp;

    private Path jar;
    private Path export;
    private Path cache;
    private int run;

    @BeforeEach
    void setUp() throws IOException {
        Path built = Path.of("target/conduit.jar").toAbsolutePath();
        assertThat(built).as("the fat jar, built in the package phase before the *IT tests").exists();
        jar = Files.copy(built, Files.createDirectories(tmp.resolve("lib")).resolve("conduit.jar"),
                StandardCopyOption.COPY_ATTRIBUTES);
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minusSeconds(3600)));
        export = Files.writeString(tmp.resolve("WhatsApp Chat - Launcher.txt"), """
                01/02/2024, 09:00 - Daniel Reed: first
                01/02/2024, 09:01 - Sofia Marin: second
                01/02/2024, 09:02 - Daniel Reed: third
                """, StandardCharsets.UTF_8);
        cache = tmp.resolve("cache");
    }

    @Test
    void the_first_import_makes_the_archive_and_the_next_one_maps_it() throws Exception {
        Result first = launch(Map.of(), importArgs());
        assertThat(first.exit).as(first.err).isZero();
        assertThat(first.lastLine()).startsWith(SUMMARY);
        Path archive = onlyArchive();
        assertThat(Files.size(archive)).as("an archive of the classes an import loads").isGreaterThan(1_000_000);

        // -Xshare:on makes the JVM refuse to start unless it maps the archive
        Result second = launch(Map.of("CONDUIT_JAVA_OPTS", "-Xshare:on"), importArgs());
        assertThat(second.exit).as(second.err).isZero();
        assertThat(second.lastLine()).startsWith(SUMMARY);
        assertThat(onlyArchive()).isEqualTo(archive);
    }

    @Test
    void a_newer_jar_gets_a_new_archive_and_a_failed_run_makes_none() throws Exception {
        Result usage = launch(Map.of(), List.of("import", "--no-such-option"));
        assertThat(usage.exit).as("picocli's usage exit code, passed through").isEqualTo(ExitCodes.USAGE);
        assertThat(archives()).as("a run that did not end well leaves no archive").isEmpty();

        assertThat(launch(Map.of(), importArgs()).exit).isZero();
        Path old = onlyArchive();

        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));
        Result rebuilt = launch(Map.of(), importArgs());
        assertThat(rebuilt.exit).as(rebuilt.err).isZero();
        assertThat(archives()).as("a new key for the rebuilt jar").hasSize(2).contains(old);

        Path pinned = tmp.resolve("pinned/conduit.jsa");
        Files.createDirectories(pinned.getParent());
        Result off = launch(Map.of("CONDUIT_CDS", "off", "CONDUIT_CDS_ARCHIVE", pinned.toString()), importArgs());
        assertThat(off.exit).as(off.err).isZero();
        assertThat(pinned).doesNotExist();
        assertThat(launch(Map.of("CONDUIT_CDS_ARCHIVE", pinned.toString()), importArgs()).exit).isZero();
        assertThat(pinned).as("made where CONDUIT_CDS_ARCHIVE says").isNotEmptyFile();
    }

    @Test
    void an_archive_of_another_jar_is_refused_on_stderr_and_stdout_keeps_the_summary_last() throws Exception {
        Path pinned = tmp.resolve("pinned/conduit.jsa");
        Files.createDirectories(pinned.getParent());
        assertThat(launch(Map.of("CONDUIT_CDS_ARCHIVE", pinned.toString()), importArgs()).exit).isZero();
        Path moved = Files.copy(jar, Files.createDirectories(tmp.resolve("moved")).resolve("conduit.jar"),
                StandardCopyOption.COPY_ATTRIBUTES);

        // the archive is newer than the moved jar, so the launcher hands it over, and the JVM refuses it
        Result result = launch(Map.of("CONDUIT_CDS_ARCHIVE", pinned.toString(), "CONDUIT_JAR", moved.toString()),
                importArgs());
        assertThat(result.exit).as(result.err).isZero();
        assertThat(result.err).contains("[warning]").contains("shared archive");
        assertThat(result.out).doesNotContain("[warning]");
        assertThat(result.lastLine()).startsWith(SUMMARY);

        // CONDUIT_JAVA_OPTS wins over the launcher's own -Xshare:auto: with -Xshare:on the JVM will not start on it
        Result strict = launch(Map.of("CONDUIT_CDS_ARCHIVE", pinned.toString(), "CONDUIT_JAR", moved.toString(),
                "CONDUIT_JAVA_OPTS", "-Xshare:on"), importArgs());
        assertThat(strict.exit).as("-Xshare:on refuses an archive of another jar").isNotZero();
        assertThat(strict.out + strict.err).contains("Unable to use shared archive");
    }

    @Test
    void sigterm_to_the_launcher_reaches_the_jvm_while_it_makes_the_archive() throws Exception {
        stopWhileMakingTheArchive("TERM");
    }

    /** Ctrl-C: the JVM, started in the background by the shell, ignores SIGINT, so the launcher passes SIGTERM on. */
    @Test
    void sigint_to_the_launcher_stops_the_jvm_while_it_makes_the_archive() throws Exception {
        stopWhileMakingTheArchive("INT");
    }

    private void stopWhileMakingTheArchive(String signal) throws Exception {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 5_000; i++) {
            lines.append(String.format("01/02/2024, %02d:%02d - Daniel Reed: message %d%n", i / 60 % 24, i % 60, i));
        }
        Path big = Files.writeString(tmp.resolve("WhatsApp Chat - Long.txt"), lines, StandardCharsets.UTF_8);
        List<String> args = new ArrayList<>(importArgs());
        args.set(2, big.toString());
        Path err = tmp.resolve("signal.err");
        Process launcher = builder(Map.of(), args).redirectError(err.toFile())
                .redirectOutput(tmp.resolve("signal.out").toFile()).start();
        awaitContent(err, "is starting", launcher);
        List<ProcessHandle> jvms = launcher.descendants().toList();
        assertThat(jvms).as("the JVM runs as the launcher's child while it makes the archive").isNotEmpty();

        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(launcher.pid())).start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).as("kill -" + signal).isZero();
        assertThat(launcher.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(launcher.exitValue()).as("the JVM's exit code after SIGTERM").isEqualTo(128 + 15);
        assertThat(jvms).as("no JVM left behind").noneMatch(ProcessHandle::isAlive);
        assertThat(archives()).as("a run stopped by a signal leaves no archive, not even a partial one").isEmpty();
    }

    private List<String> importArgs() {
        run++;
        return List.of("import", "whatsapp", export.toString(), "--owner", "Daniel Reed", "--zone", "UTC",
                "--catch-all", "compliance@example.com", "--state", tmp.resolve("state-" + run).toString(),
                "--to", "maildir:" + tmp.resolve("archive-" + run));
    }

    private ProcessBuilder builder(Map<String, String> env, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of("bin/conduit").toAbsolutePath().toString());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(tmp.toFile());
        builder.environment().put("CONDUIT_JAR", jar.toString());
        builder.environment().put("XDG_CACHE_HOME", cache.toString());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().remove("CONDUIT_CDS");
        builder.environment().remove("CONDUIT_CDS_ARCHIVE");
        builder.environment().remove("CONDUIT_JAVA_OPTS");
        builder.environment().putAll(env);
        return builder;
    }

    private Result launch(Map<String, String> env, List<String> args) throws Exception {
        Path out = tmp.resolve("out-" + run);
        Path err = tmp.resolve("err-" + run);
        Process process = builder(env, args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the launcher ends").isTrue();
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private List<Path> archives() throws IOException {
        Path folder = cache.resolve("conduit");
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (var files = Files.list(folder)) {
            return files.sorted().toList();
        }
    }

    private Path onlyArchive() throws IOException {
        List<Path> all = archives();
        assertThat(all).hasSize(1);
        assertThat(all.get(0).getFileName().toString()).matches("conduit-[0-9]+\\.jsa");
        return all.get(0);
    }

    private static void awaitContent(Path file, String text, Process process) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!(Files.exists(file) && Files.readString(file).contains(text))) {
            assertThat(process.isAlive()).as("the launcher still runs").isTrue();
            assertThat(System.nanoTime()).as("'" + text + "' in " + file).isLessThan(deadline);
            process.waitFor(20, TimeUnit.MILLISECONDS);
        }
    }

    private record Result(int exit, String out, String err) {
        String lastLine() {
            String[] lines = out.strip().split("\n");
            return lines[lines.length - 1];
        }
    }
}
