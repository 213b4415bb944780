package dev.sessionguard.storage;

import dev.sessionguard.config.Secret;
import dev.sessionguard.support.TestDatabases;

/** The user directory's contract on a real SQLite file, the default engine. */
class SqlitePeopleTest extends PeopleStoreContract {

    @Override
    Secret freshDatabase() {
        return TestDatabases.freshSqlite();
    }
}
