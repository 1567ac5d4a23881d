package io.conduit.source.csv;

import io.conduit.source.ExportFormat;
import io.conduit.source.SourceParameter;
import io.conduit.source.SourcePlugin;

/** Delimited text (.csv, .tsv) with a header row of the documented columns; see {@link DelimitedTextReader}. */
public final class DelimitedTextSourcePlugin implements SourcePlugin {

    @Override
    public ExportFormat exportFormat() {
        return ExportFormat.of("csv", DelimitedTextReader.DEFAULT_FOLDER, DelimitedTextReader.FILE_NAMES,
                "delimited text (.csv, .tsv) with a header row of the documented columns (docs/sources/csv.md)",
                "Folder polled for .csv and .tsv files (attachment paths in a file are relative to this folder); "
                        + "files are read, never moved or changed",
                (file, s, c) -> DelimitedTextReader.open(file, s),
                SourceParameter.zone("Time zone of timestamps written without an offset, e.g. Europe/London"),
                SourceParameter.option(DelimitedTextOptions.DELIMITER, "Field separator, one character (tab or \\t "
                        + "for a tab), e.g. \";\" for files from a European spreadsheet", ",", "CHAR"),
                SourceParameter.option(DelimitedTextOptions.QUOTE, "Quote character of quoted fields (a quote inside "
                        + "one is doubled); none for no quoting", "\"", "CHAR"),
                SourceParameter.option(DelimitedTextOptions.ENCODING, "Character set of the files, e.g. windows-1252; "
                        + "invalid bytes become U+FFFD; a byte order mark is skipped", "UTF-8", "CHARSET"),
                SourceParameter.option(DelimitedTextOptions.TIMESTAMP_PATTERN, "How the timestamp column is written: "
                        + "iso (ISO 8601 with Z, an offset, or a local time in the zone), epoch-millis, epoch-seconds, "
                        + "or a java.time DateTimeFormatter pattern such as dd/MM/uuuu HH:mm:ss", "iso", "PATTERN"))
                .withValidator(DelimitedTextOptions::of);
    }
}
