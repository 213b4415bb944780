package dev.sessionguard.storage;

import dev.sessionguard.config.Secret;
import dev.sessionguard.support.TestDatabases;

/** The shown-items contract on a real SQLite file, the default engine. */
class SqliteShownItemsTest extends ShownItemsContract {

    @Override
    Secret freshDatabase() {
        return TestDatabases.freshSqlite();
    }
}
