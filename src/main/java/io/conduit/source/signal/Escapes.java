package io.conduit.source.signal;

/** Makes third-party text safe for reasons and log lines: control characters become {@code \\uXXXX}, length capped. */
final class Escapes {

    /** Longest text kept, in chars. */
    static final int MAX_CHARS = 200;

    private Escapes() {
    }

    /** The text with control and format characters escaped and at most {@value #MAX_CHARS} chars; "null" for null. */
    static String of(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder(Math.min(s.length(), MAX_CHARS) + 8);
        for (int i = 0; i < s.length() && sb.length() < MAX_CHARS; i++) {
            char c = s.charAt(i);
            int type = Character.getType(c);
            if (Character.isISOControl(c) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (sb.length() >= MAX_CHARS && s.length() > MAX_CHARS) {
            sb.append("...");
        }
        return sb.toString();
    }
}
