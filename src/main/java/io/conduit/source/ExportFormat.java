package io.conduit.source;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One export source type: how to open its files, which files of a folder are its exports, the default custodian
 * folder its copies go to, and the parameters of its file connector's route template. Given by a
 * {@link SourcePlugin}; the route template is built from it ({@code FileSourceTemplates}), so file patterns, folders
 * and parameters are written once.
 *
 * @param type          source type as written on the command line and in {@code ConduitSourceType}, e.g. {@code sms}
 * @param defaultFolder default folder of each custodian mailbox, e.g. {@code SMS Archiver}
 * @param fileNames     regular expression, matched case-insensitively against a file name, of the files in a folder
 *                      that are exports of this type, e.g. {@code .*\.(txt|zip)}; also the connector template's
 *                      {@code include}
 * @param description   one line for {@code import --help}: what an input of this type is
 * @param reader        opens one export
 * @param templateId    id of the file connector's route template, or {@code null} when the source has none (its files
 *                      are imported only, e.g. saved API responses of a polled source)
 * @param parameters    the template's parameters besides {@code input} (see {@link SourceParameter#withCommon})
 * @param validator     checks the source's options before any file is read
 */
public record ExportFormat(String type, String defaultFolder, String fileNames, String description, Reader reader,
                           String templateId, List<SourceParameter> parameters, Validator validator) {

    /** Opens one export file. */
    @FunctionalInterface
    public interface Reader {
        /**
         * @throws MalformedExportException naming the file when it is not an export of this type, empty or corrupt
         */
        SourceRecords open(Path file, SourceSettings settings, ReaderContext context) throws MalformedExportException;
    }

    /** Checks a connector's or an import's source options. */
    @FunctionalInterface
    public interface Validator {
        /** @throws IllegalArgumentException naming the option and what is wrong with its value */
        void validate(SourceSettings settings);
    }

    public ExportFormat {
        parameters = List.copyOf(parameters);
    }

    /**
     * A format whose template is {@code <type>-export-source} with the parameters {@code input}, {@code cron},
     * {@code own}, {@code folder} and {@code transcripts}.
     *
     * @param inputDescription what the polled folder holds, for the template's {@code input} parameter
     */
    public static ExportFormat of(String type, String defaultFolder, String fileNames, String description,
                                  String inputDescription, Reader reader, SourceParameter... own) {
        SourceParameter[] all = new SourceParameter[own.length + 1];
        all[0] = SourceParameter.input(inputDescription);
        System.arraycopy(own, 0, all, 1, own.length);
        return new ExportFormat(type, defaultFolder, fileNames, description, reader, type + "-export-source",
                SourceParameter.withCommon(defaultFolder, all), settings -> { });
    }

    /** This format with another template id ({@code null}: no file connector template). */
    public ExportFormat withTemplateId(String id) {
        return new ExportFormat(type, defaultFolder, fileNames, description, reader, id, parameters, validator);
    }

    /** This format with a check of its options. */
    public ExportFormat withValidator(Validator check) {
        return new ExportFormat(type, defaultFolder, fileNames, description, reader, templateId, parameters, check);
    }

    /** The parameter of that name, or {@code null}. */
    public SourceParameter parameter(String name) {
        return parameters.stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
    }

    /** True when a file of this name, found in an input folder, is an export of this type (hidden files never are). */
    public boolean accepts(Path file) {
        String name = file.getFileName().toString();
        return !name.startsWith(".") && Pattern.compile(fileNames, Pattern.CASE_INSENSITIVE)
                .matcher(name.toLowerCase(Locale.ROOT)).matches();
    }
}
