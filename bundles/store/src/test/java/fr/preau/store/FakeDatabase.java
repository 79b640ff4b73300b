package fr.preau.store;

import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import javax.sql.DataSource;

/** An in-memory stand-in for a DataSource that records what is done to its connections. */
final class FakeDatabase implements DataSource {

    final List<String> events = new ArrayList<>();
    boolean initialAutoCommit = true;
    int connectionsOpened;
    int connectionsOpen;
    SQLException failCommit;
    SQLException failSetAutoCommitTrue;
    SQLException failRollback;
    boolean valid = true;

    @Override
    public Connection getConnection() {
        connectionsOpened++;
        connectionsOpen++;
        boolean[] state = {initialAutoCommit, false};
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "getAutoCommit":
                            return state[0];
                        case "setAutoCommit":
                            boolean to = (Boolean) args[0];
                            if (to && failSetAutoCommitTrue != null) {
                                throw failSetAutoCommitTrue;
                            }
                            events.add("autoCommit=" + to);
                            state[0] = to;
                            return null;
                        case "commit":
                            if (failCommit != null) {
                                SQLException f = failCommit;
                                failCommit = null;
                                throw f;
                            }
                            events.add("commit");
                            return null;
                        case "rollback":
                            events.add("rollback");
                            if (failRollback != null) {
                                throw failRollback;
                            }
                            return null;
                        case "isClosed":
                            return state[1];
                        case "isValid":
                            return valid;
                        case "close":
                            if (!state[1]) {
                                connectionsOpen--;
                                state[1] = true;
                                events.add("close");
                            }
                            return null;
                        case "hashCode":
                            return System.identityHashCode(proxy);
                        case "equals":
                            return proxy == args[0];
                        case "toString":
                            return "FakeConnection";
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
    }

    @Override
    public Connection getConnection(String username, String password) {
        return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
    }

    @Override
    public void setLoginTimeout(int seconds) {
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return false;
    }
}
