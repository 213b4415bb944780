package dev.sessionguard.threat;

import dev.sessionguard.audit.AuditPoster;
import dev.sessionguard.audit.AuditRecord;
import dev.sessionguard.audit.AuditStore;
import dev.sessionguard.audit.ChannelView;
import java.util.Optional;

/**
 * How threat response reads in the audit channel: one card per person and 15 minutes, drawn from the card as it is
 * now each time one of its records is delivered, so it always shows the latest state. Refused presses are not the
 * card's: they are messages of their own, drawn the default way.
 */
public final class AnomalyCardView implements ChannelView {

    private final AnomalyStore store;

    public AnomalyCardView(AnomalyStore store) {
        this.store = store;
    }

    @Override
    public Optional<Drawn> draw(AuditStore.StoredRecord stored) {
        AuditRecord r = stored.record();
        if (!r.action().startsWith("anomaly.")) {
            return Optional.empty(); // another feature's record: drawn its own way
        }
        return ThreatRecords.cardId(r).flatMap(store::card).map(card -> new Drawn(AnomalyCardMessage.text(card),
                AnomalyCardMessage.blocks(card, AuditPoster.chainRef(stored)), Placement.REPLACE_REF));
    }
}
