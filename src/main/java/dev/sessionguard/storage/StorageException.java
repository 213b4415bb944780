package dev.sessionguard.storage;

import java.sql.SQLException;

/** A database failure. Carries the SQL state and message, never the connection URL. */
public final class StorageException extends RuntimeException {
    public StorageException(SQLException cause) {
        super("Database error " + cause.getSQLState() + ": " + cause.getMessage(), cause);
    }
}
