package dev.sessionguard.metrics;

import static dev.sessionguard.metrics.MetricsEndToEndTest.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionguard.config.ThreatSettings;
import org.junit.jupiter.api.Test;

/** Threat response's counters: anomalies by reason, the automatic response by outcome. */
class ThreatMetricsTest {

    @Test
    void threatResponseRegistersEveryKnownReasonOtherAndEveryOutcomeAtZero() {
        Metrics metrics = new Metrics();
        assertThat(metrics.scrape()).doesNotContain("session_guard_anomalies_total")
                .doesNotContain("session_guard_auto_sign_outs_total");

        metrics.threatResponse();

        String scrape = metrics.scrape();
        for (String reason : ThreatSettings.KNOWN_REASONS) {
            assertThat(sample(scrape, anomalies(reason))).as(reason).hasValue(0.0);
        }
        assertThat(sample(scrape, anomalies("other"))).hasValue(0.0);
        for (String outcome : Metrics.AUTO_SIGN_OUT_OUTCOMES) {
            assertThat(sample(scrape, autoSignOuts(outcome))).as(outcome).hasValue(0.0);
        }
    }

    @Test
    void eachReasonIsCountedUnderItsOwnName() {
        Metrics metrics = new Metrics();
        metrics.threatResponse();

        metrics.anomaly("session_fingerprint");
        metrics.anomaly("session_fingerprint");
        metrics.anomaly("tor");

        String scrape = metrics.scrape();
        assertThat(sample(scrape, anomalies("session_fingerprint"))).hasValue(2.0);
        assertThat(sample(scrape, anomalies("tor"))).hasValue(1.0);
        assertThat(sample(scrape, anomalies("asn"))).hasValue(0.0);
    }

    @Test
    void aReasonSlackDoesNotDocumentIsCountedAsOtherSoAHostileLogMakesNoNewSeries() {
        Metrics metrics = new Metrics();

        metrics.anomaly("brand_new_reason");
        metrics.anomaly("<!channel>\"} 1e9\nsession_guard_forged_total 1");
        metrics.anomaly("TOR");
        metrics.anomaly(null);
        metrics.anomaly("x".repeat(10_000));

        String scrape = metrics.scrape();
        assertThat(sample(scrape, anomalies("other"))).hasValue(5.0);
        assertThat(scrape.lines().filter(l -> l.startsWith("session_guard_anomalies_total"))).hasSize(1);
        assertThat(scrape).doesNotContain("forged").doesNotContain("brand_new_reason");
    }

    @Test
    void automaticSignOutsAreCountedByOutcome() {
        Metrics metrics = new Metrics();
        metrics.threatResponse();

        metrics.autoSignOut("signed_out");
        metrics.autoSignOut("signed_out");
        metrics.autoSignOut("limit_reached");
        metrics.autoSignOut("failed");
        metrics.autoSignOut("skipped");

        String scrape = metrics.scrape();
        assertThat(sample(scrape, autoSignOuts("signed_out"))).hasValue(2.0);
        assertThat(sample(scrape, autoSignOuts("limit_reached"))).hasValue(1.0);
        assertThat(sample(scrape, autoSignOuts("failed"))).hasValue(1.0);
        assertThat(sample(scrape, autoSignOuts("skipped"))).hasValue(1.0);
    }

    @Test
    void anOutcomeOutsideTheListIsACallersMistake() {
        Metrics metrics = new Metrics();

        assertThatThrownBy(() -> metrics.autoSignOut("signedout")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("signedout");
        assertThat(metrics.scrape()).doesNotContain("signedout");
    }

    private static String anomalies(String reason) {
        return "session_guard_anomalies_total{reason=\"" + reason + "\"}";
    }

    private static String autoSignOuts(String outcome) {
        return "session_guard_auto_sign_outs_total{outcome=\"" + outcome + "\"}";
    }
}
