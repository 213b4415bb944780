package dev.sessionguard.storage;

import dev.sessionguard.config.Secret;
import dev.sessionguard.support.TestDatabases;

/** The audit store contract on a real SQLite file, the default engine. */
class SqliteAuditStoreTest extends AuditStoreContract {

    @Override
    Secret freshDatabase() {
        return TestDatabases.freshSqlite();
    }
}
