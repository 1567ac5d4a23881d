package io.conduit.status;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Escaping for the server-rendered pages: every value shown comes from third-party input or configuration. */
public final class Html {

    private Html() {
    }

    /**
     * Escapes text for an HTML element or a quoted attribute value: {@code & < > " '} become character references, and
     * control characters (other than tab, CR, LF) and the Unicode bidi overrides become U+FFFD, so a hostile identifier
     * can neither open markup nor reorder what is displayed around it.
     *
     * @param text any text, or {@code null} (shown as empty)
     */
    public static String escape(Object text) {
        if (text == null) {
            return "";
        }
        String s = text.toString();
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    boolean control = (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f
                            || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
                    out.append(control ? '\ufffd' : c);
                }
            }
        }
        return out.toString();
    }

    /** Encodes a value as one URL path segment (spaces as {@code %20}), for a link; escape the result for HTML too. */
    public static String pathSegment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
