package dev.sessionguard.storage;

import dev.sessionguard.config.Secret;
import dev.sessionguard.support.TestDatabases;

/** The jti store contract on a real SQLite file. */
class JtiStoreSqliteTest extends JtiStoreContract {

    @Override
    Secret freshDatabase() {
        return TestDatabases.freshSqlite();
    }
}
