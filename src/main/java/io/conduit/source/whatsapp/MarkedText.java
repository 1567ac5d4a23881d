package io.conduit.source.whatsapp;

/**
 * A line with its direction marks (see {@link #isMark}) removed, remembering where each remaining char was in the
 * original, so that matching ignores the marks while the text keeps them.
 */
final class MarkedText {

    private final String original;
    private final String stripped;
    private final int[] originalIndex;

    MarkedText(String original) {
        this.original = original;
        if (!hasMarks(original)) {
            this.stripped = original;
            this.originalIndex = null;
            return;
        }
        StringBuilder sb = new StringBuilder(original.length());
        int[] idx = new int[original.length() + 1];
        for (int i = 0; i < original.length(); i++) {
            char c = original.charAt(i);
            if (!isMark(c)) {
                idx[sb.length()] = i;
                sb.append(c);
            }
        }
        idx[sb.length()] = original.length();
        this.stripped = sb.toString();
        this.originalIndex = idx;
    }

    /**
     * True for the direction marks WhatsApp scatters through exports (U+200E, U+200F, U+061C, U+202A..U+202E,
     * U+2066..U+2069) and the BOM; joiners such as U+200D inside emoji are kept.
     */
    static boolean isMark(char c) {
        return c == '\u200e' || c == '\u200f' || c == '\u061c' || c >= '\u202a' && c <= '\u202e'
                || c >= '\u2066' && c <= '\u2069' || c == '\ufeff';
    }

    /** Removes every mark from {@code s}. */
    static String strip(String s) {
        return hasMarks(s) ? new MarkedText(s).stripped() : s;
    }

    private static boolean hasMarks(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '\u061c' && isMark(c)) {
                return true;
            }
        }
        return false;
    }

    private int originalIndex(int strippedIndex) {
        return originalIndex == null ? strippedIndex : originalIndex[strippedIndex];
    }

    String original() {
        return original;
    }

    String stripped() {
        return stripped;
    }

    /** The original text after the char at {@code strippedIndex} of the stripped text, marks kept. */
    String originalAfter(int strippedIndex) {
        return original.substring(originalIndex(strippedIndex) + 1);
    }

    /** The original text from the char at {@code strippedIndex} of the stripped text onwards, marks kept. */
    String originalFrom(int strippedIndex) {
        return original.substring(originalIndex(strippedIndex));
    }
}
