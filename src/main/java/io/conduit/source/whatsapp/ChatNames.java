package io.conduit.source.whatsapp;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Derives a chat's name from the export's file name ({@code WhatsApp Chat with Alice.txt} is {@code Alice}). */
final class ChatNames {

    private static final Pattern WHATSAPP_NAME = Pattern.compile("^WhatsApp Chat(?: with | - )(.+)$");

    private ChatNames() {
    }

    /**
     * The chat name: the part after {@code WhatsApp Chat with } or {@code WhatsApp Chat - }, without extension and
     * without a trailing copy suffix like {@code  (1)}; otherwise the base name.
     *
     * @param fileName a file name without folders, e.g. {@code WhatsApp Chat - Family (1).zip}
     */
    static String fromFileName(String fileName) {
        String base = baseName(fileName);
        Matcher m = WHATSAPP_NAME.matcher(base);
        return m.matches() && !m.group(1).isBlank() ? m.group(1).strip() : base;
    }

    /** True when the file name has the {@code WhatsApp Chat ...} shape. */
    static boolean isWhatsAppName(String fileName) {
        return WHATSAPP_NAME.matcher(baseName(fileName)).matches();
    }

    private static String baseName(String fileName) {
        String base = fileName;
        int slash = Math.max(base.lastIndexOf('/'), base.lastIndexOf('\\'));
        base = base.substring(slash + 1);
        String lower = base.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".txt") || lower.endsWith(".zip")) {
            base = base.substring(0, base.length() - 4);
        }
        base = base.replaceFirst(" \\(\\d+\\)$", "").strip();
        return base.isEmpty() ? fileName : base;
    }
}
