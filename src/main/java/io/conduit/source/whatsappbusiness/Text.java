package io.conduit.source.whatsappbusiness;

/** Makes third-party text safe for reasons and log lines: control characters escaped, at most 200 chars. */
final class Text {

    private Text() {
    }

    static String safe(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && sb.length() < 200; i++) {
            char c = s.charAt(i);
            int t = Character.getType(c);
            if (Character.isISOControl(c) || t == Character.FORMAT || t == Character.LINE_SEPARATOR
                    || t == Character.PARAGRAPH_SEPARATOR) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
