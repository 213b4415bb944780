package dev.sessionguard.edge;

import com.slack.api.model.block.LayoutBlock;
import java.time.Instant;
import java.util.List;

/**
 * A feature's part of an admin's App Home (incident mode's running and recent jobs), drawn by the feature that owns
 * what it shows, so the Home lays out sections without knowing what is in them.
 */
@FunctionalInterface
public interface HomeSection {

    /** The section's blocks, heading included; what can't be read right now is said in them, never thrown. */
    List<LayoutBlock> blocks(Instant now);
}
