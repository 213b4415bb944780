package dev.sessionguard.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionguard.audit.ChannelView.CsvFile;
import dev.sessionguard.audit.ChannelView.Drawn;
import dev.sessionguard.audit.ChannelView.Placement;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A drawing carries a file only into a thread; a CSV cell never starts a spreadsheet formula. */
class ChannelViewValuesTest {

    static final CsvFile CSV = new CsvFile("people.csv", null, "user_id\n");

    @Test
    void aFileGoesOnlyInTheThreadOfTheRecordsRef() {
        assertThat(new Drawn("t", List.of(), Placement.THREAD_OF_REF, CSV).file()).isEqualTo(CSV);
        assertThatThrownBy(() -> new Drawn("t", List.of(), Placement.NEW_MESSAGE, CSV))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Drawn("t", List.of(), Placement.REPLACE_REF, CSV))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new Drawn("t", List.of(), Placement.REPLACE_REF).file()).isNull();
    }

    @Test
    void aFileWithoutATitleIsTitledByItsName() {
        assertThat(CSV.title()).isEqualTo("people.csv");
        assertThat(new CsvFile("a.csv", "A", "x").title()).isEqualTo("A");
    }

    @Test
    void aCellThatWouldBeAFormulaIsQuoted() {
        assertThat(Csv.cell(null)).isNull();
        assertThat(Csv.cell("")).isEmpty();
        assertThat(Csv.cell("=SUM(A1)")).isEqualTo("'=SUM(A1)");
        assertThat(Csv.cell("W0000001")).isEqualTo("W0000001");
    }
}
