package io.conduit.source;

import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One export source type: how to open its files, which files of a folder are its exports, and the default custodian
 * folder its copies go to. Registered in {@link ExportReaders}.
 *
 * @param type          source type as written on the command line and in {@code ConduitSourceType}, e.g. {@code sms}
 * @param defaultFolder default folder of each custodian mailbox, e.g. {@code SMS Archiver}
 * @param fileNames     regular expression, matched case-insensitively against a file name, of the files in a folder
 *                      that are exports of this type, e.g. {@code .*\.(txt|zip)}; also the connector template's
 *                      {@code include}
 * @param description   one line for {@code import --help}: what an input of this type is
 * @param reader        opens one export
 */
public record ExportFormat(String type, String defaultFolder, String fileNames, String description, Reader reader) {

    /** Opens one export file; {@code attachments} is a source's attachments folder or {@code null}. */
    @FunctionalInterface
    public interface Reader {
        /**
         * @throws MalformedExportException naming the file when it is not an export of this type, empty or corrupt
         */
        SourceRecords open(Path file, SourceSettings settings, Path attachments) throws MalformedExportException;
    }

    /** The id of the file connector's route template: {@code <type>-export-source}, e.g. {@code sms-export-source}. */
    public String templateId() {
        return type + "-export-source";
    }

    /** True when a file of this name, found in an input folder, is an export of this type (hidden files never are). */
    public boolean accepts(Path file) {
        String name = file.getFileName().toString();
        return !name.startsWith(".") && Pattern.compile(fileNames, Pattern.CASE_INSENSITIVE)
                .matcher(name.toLowerCase(Locale.ROOT)).matches();
    }
}
