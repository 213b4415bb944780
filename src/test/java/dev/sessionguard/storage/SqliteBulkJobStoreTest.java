package dev.sessionguard.storage;

import dev.sessionguard.config.Secret;
import dev.sessionguard.support.TestDatabases;

/** The bulk job store contract on a real SQLite file. */
class SqliteBulkJobStoreTest extends BulkJobStoreContract {

    @Override
    Secret freshDatabase() {
        return TestDatabases.freshSqlite();
    }
}
