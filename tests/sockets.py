"""Waiting for what a PostgreSQL server sends a connection unasked."""

import select


def wait_readable(wrapper):
    """Until the server's next message reaches Django connection ``wrapper``. The server
    answers pg_terminate_backend at once but ends the session a moment later: a test that
    goes on before the goodbye arrives finds the connection still open."""
    poll = select.poll()
    poll.register(wrapper.connection.pgconn.socket, select.POLLIN)
    assert poll.poll(5000), "the server's message never arrived"
