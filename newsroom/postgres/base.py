import select

from django.db.backends.postgresql import base
from psycopg import Error, pq


class DatabaseWrapper(base.DatabaseWrapper):
    """The stock PostgreSQL backend (psycopg 3), checking a kept connection without a
    round trip where it can."""

    def close_if_health_check_failed(self):
        """With CONN_HEALTH_CHECKS, Django asks a connection kept from an earlier request
        ``SELECT 1`` before its first statement: a round trip on every request, which cost
        the client 65-80 µs of CPU here besides the server's work (README, "Performance").
        A server that restarts, or ends the session (pg_terminate_backend,
        idle_session_timeout), sends an error and closes the socket, so the client's end
        becomes readable. A connection that is open, idle outside a transaction and has
        nothing to read is taken as it is; anything else is asked as before. Like SELECT 1,
        this cannot see a peer that vanished without a word (a cut cable): the statement
        then waits for TCP to give up."""
        if (
            self.connection is not None
            and self.health_check_enabled
            and not self.health_check_done
            and quiet(self.connection.pgconn)
        ):
            self.health_check_done = True
            return
        super().close_if_health_check_failed()


def quiet(pgconn) -> bool:
    """Whether ``pgconn`` is open, idle outside a transaction, with nothing to read."""
    if pgconn.status != pq.ConnStatus.OK or pgconn.transaction_status != pq.TransactionStatus.IDLE:
        return False
    try:
        poll = select.poll()  # not select(): descriptors past 1023 are refused there
        poll.register(pgconn.socket, select.POLLIN)
        return not poll.poll(0)
    except (Error, OSError):
        return False
