package io.conduit.source.whatsapp;

import io.conduit.source.support.LineReader;
import io.conduit.source.MalformedExportException;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The first pass over an export: which date order its timestamps use, who sent messages, and whether it is a group.
 *
 * <p>Date order: a four-digit first field on most headers means y/m/d; a first field over 12 proves d/m/y, a second
 * field over 12 proves m/d/y (when both occur, the one with more proofs wins and the other lines are rejected later);
 * with no proof, the order under which the timestamps go backwards least often wins, and d/m/y on a tie.
 */
final class ExportScan {

    /** Most distinct senders accepted; more means the text is not a chat export. */
    static final int MAX_SENDERS = 5000;

    final Set<String> senders = new LinkedHashSet<>();
    /** Who wrote and who system lines added or removed, in order (group membership over time). */
    final GroupMembership membership = new GroupMembership();
    boolean groupHint;
    boolean youDeleted;
    long headers;
    private long yearFirst;
    private long dmyProof;
    private long mdyProof;
    private final OrderStats dmy = new OrderStats(DateOrder.DMY);
    private final OrderStats mdy = new OrderStats(DateOrder.MDY);

    /** Counts how often timestamps go backwards, or are invalid, under one order. */
    private static final class OrderStats {
        final DateOrder order;
        LocalDateTime last;
        long penalty;

        OrderStats(DateOrder order) {
            this.order = order;
        }

        void add(HeaderLine h) {
            try {
                LocalDateTime t = h.toLocalDateTime(order);
                if (last != null && t.isBefore(last)) {
                    penalty++;
                }
                last = t;
            } catch (DateTimeException e) {
                penalty++;
            }
        }
    }

    /**
     * Reads every line once.
     *
     * @throws MalformedExportException naming the file when there are more than {@link #MAX_SENDERS} senders
     * @throws IOException              when the text cannot be read
     */
    static ExportScan scan(LineReader reader, String fileName) throws IOException, MalformedExportException {
        ExportScan s = new ExportScan();
        for (LineReader.Line line = reader.next(); line != null; line = reader.next()) {
            HeaderLine h = HeaderLine.parse(line.text());
            if (h != null) {
                s.add(h, line.tooLong());
                if (s.senders.size() > MAX_SENDERS) {
                    throw new MalformedExportException(fileName + ":" + line.number() + ": more than " + MAX_SENDERS
                            + " distinct senders, not a chat export");
                }
            }
        }
        return s;
    }

    private void add(HeaderLine h, boolean tooLong) {
        headers++;
        if (h.yearFirst()) {
            yearFirst++;
        } else {
            if (h.firstField() > 12) {
                dmyProof++;
            }
            if (h.secondField() > 12) {
                mdyProof++;
            }
            if (dmyProof == 0 && mdyProof == 0) {
                // monotonicity only matters while no field has proved the order
                dmy.add(h);
                mdy.add(h);
            }
        }
        if (tooLong) {
            return;
        }
        LineContent c = LineContent.of(h);
        String author = c.plausibleAuthor();
        if (author != null) {
            senders.add(author);
            membership.wrote(author);
        } else {
            String text = MarkedText.strip(c.systemText(h)).strip();
            GroupMembership.changes(text).forEach(membership::changed);
            if (c.candidate == null && text.equals("You deleted this message")) {
                youDeleted = true;
            } else if (LineContent.hintsGroup(text)) {
                groupHint = true;
            }
        }
    }

    /** The date order the export uses. */
    DateOrder order() {
        if (yearFirst * 2 >= headers && yearFirst > 0) {
            return DateOrder.YMD;
        }
        if (dmyProof > 0 || mdyProof > 0) {
            return mdyProof > dmyProof ? DateOrder.MDY : DateOrder.DMY;
        }
        return mdy.penalty < dmy.penalty ? DateOrder.MDY : DateOrder.DMY;
    }
}
