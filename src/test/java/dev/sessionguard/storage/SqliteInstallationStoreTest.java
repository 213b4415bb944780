package dev.sessionguard.storage;

import dev.sessionguard.config.Secret;
import dev.sessionguard.support.TestDatabases;

/** The install store contract on a real SQLite file, the default engine. */
class SqliteInstallationStoreTest extends InstallationStoreContract {

    @Override
    Secret freshDatabase() {
        return TestDatabases.freshSqlite();
    }
}
