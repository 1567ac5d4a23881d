package io.conduit.ledger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The ledger's writer ({@link Canonical#bytes}) and the verifier's RFC 8785 library give the same bytes. */
class CanonicalTest {

    @Test
    void escapesAndOrdersAsRfc8785() {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("z", "line\nbreak\ttab \"quoted\" back\\slash \u0001\u001f\u007f / é 📈 \u2028");
        e.put("a", 1);
        e.put("€", true);
        e.put("B", null);
        e.put("seq", 9_007_199_254_740_991L);
        byte[] fast = Canonical.bytes(e);
        assertEquals("{\"B\":null,\"a\":1,\"seq\":9007199254740991,\"z\":\"line\\nbreak\\ttab \\\"quoted\\\" back\\\\slash "
                + "\\u0001\\u001f\u007f / é 📈 \u2028\",\"€\":true}", new String(fast, StandardCharsets.UTF_8));
        assertArrayEquals(Canonical.reference(e), fast);
    }

    @Test
    void sortsNamesByUtf16CodeUnits() {
        // RFC 8785 section 3.2.3's example: names compared as UTF-16 code units, not as code points
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("\u20ac", "Euro Sign");
        e.put("\r", "Carriage Return");
        e.put("\ufb33", "Hebrew Letter Dalet With Dagesh");
        e.put("1", "One");
        e.put("\ud83d\ude00", "Emoji: Grinning Face");
        e.put("\u0080", "Control");
        e.put("\u00f6", "Latin Small Letter O With Diaeresis");
        assertEquals(List.of("\r", "1", "\u0080", "\u00f6", "\u20ac", "\ud83d\ude00", "\ufb33"),
                List.copyOf(parse(Canonical.bytes(e)).keySet()));
        assertArrayEquals(Canonical.reference(e), Canonical.bytes(e));
    }

    @Test
    void agreesWithTheReferenceOnRandomEntries() {
        Random random = new Random(8785);
        for (int i = 0; i < 5_000; i++) {
            Map<String, Object> e = new LinkedHashMap<>();
            int members = 1 + random.nextInt(12);
            for (int m = 0; m < members; m++) {
                String name = text(random, 1 + random.nextInt(8));
                switch (random.nextInt(5)) {
                    case 0 -> e.put(name, random.nextInt());
                    case 1 -> e.put(name, random.nextLong() >> 11); // within ±2^53
                    case 2 -> e.put(name, random.nextBoolean());
                    case 3 -> e.put(name, null);
                    default -> e.put(name, text(random, random.nextInt(40)));
                }
            }
            assertArrayEquals(Canonical.reference(e), Canonical.bytes(e), () -> "entry " + e);
        }
    }

    @Test
    void leavesOtherNumbersToTheReference() {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("big", 1L << 60); // a JSON number is a double: RFC 8785 writes it as ECMAScript does
        e.put("fraction", 0.1);
        e.put("list", List.of(1, "two"));
        assertEquals("{\"big\":1152921504606847000,\"fraction\":0.1,\"list\":[1,\"two\"]}",
                new String(Canonical.bytes(e), StandardCharsets.UTF_8));
        assertArrayEquals(Canonical.reference(e), Canonical.bytes(e));
    }

    /** Characters from every range that escaping treats apart: controls, ASCII, Latin-1, BMP, pairs, lone halves. */
    private static String text(Random random, int length) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            switch (random.nextInt(7)) {
                case 0 -> s.append((char) random.nextInt(0x20));
                case 1 -> s.append("\"\\/\u007f".charAt(random.nextInt(4)));
                case 2 -> s.append((char) (0x80 + random.nextInt(0x780)));
                case 3 -> s.append((char) (0x800 + random.nextInt(0xd000)));
                case 4 -> s.appendCodePoint(0x10000 + random.nextInt(0xfffff));
                case 5 -> s.append((char) (0xd800 + random.nextInt(0x800))); // a lone surrogate
                default -> s.append((char) (0x20 + random.nextInt(0x5f)));
            }
        }
        return s.toString();
    }

    private static Map<?, ?> parse(byte[] json) {
        try {
            return Canonical.JSON.readValue(json, LinkedHashMap.class);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
