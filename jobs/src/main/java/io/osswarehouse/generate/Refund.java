package io.osswarehouse.generate;

import java.time.Instant;

/**
 * A refund of (part of) a paid invoice and the post-payment credit note documenting it. Refunds move
 * money, not service: they never change MRR.
 */
record Refund(String id, String creditNoteId, String creditNoteNumber, String creditNoteLineId, Invoice invoice,
    long amount, Instant created, String reason) {}
