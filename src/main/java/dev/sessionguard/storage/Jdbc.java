package dev.sessionguard.storage;

import java.sql.Connection;
import java.sql.SQLException;

/** Connection and transaction plumbing shared by the small stores; failures become {@link StorageException}s. */
final class Jdbc {

    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final Database db;

    Jdbc(Database db) {
        this.db = db;
    }

    <T> T withConnection(Work<T> work) {
        try (Connection c = db.dataSource().getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new StorageException(e);
        }
    }

    <T> T inTransaction(Work<T> work) {
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StorageException(e);
        }
    }
}
