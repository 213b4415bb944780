package dev.sessionguard.storage;

import dev.sessionguard.config.Secret;
import dev.sessionguard.support.TestDatabases;

/** The submission ledger contract on a real SQLite file. */
class SqliteSubmissionLedgerTest extends SubmissionLedgerContract {

    @Override
    Secret freshDatabase() {
        return TestDatabases.freshSqlite();
    }
}
