"""Django's PostgreSQL backend, with a health check that costs no round trip while the
connection is quiet.

With CONN_HEALTH_CHECKS, Django asks the server `SELECT 1` before the first query of each
request on a kept connection: a round trip that took a tenth of a front page's time. Between
requests nothing is in flight on a connection, so the server has nothing to say on it unless
it is going away: a server stopped or restarted, or a backend ended by an administrator,
tells the client so and closes the socket, which then has something to read. A quiet socket
on an idle connection is therefore taken as usable; anything else (bytes waiting, a
transaction left open, a state psycopg knows to be broken) gets Django's own check.
"""

import select

from django.db.backends.postgresql import base


class DatabaseWrapper(base.DatabaseWrapper):
    def is_usable(self):
        if self.connection is not None and _is_quiet_and_idle(self.connection):
            return True
        return super().is_usable()


def _is_quiet_and_idle(connection):
    from psycopg import pq  # PostgreSQL's driver, there only when PostgreSQL is used

    if connection.closed or connection.broken:
        return False
    if connection.info.transaction_status != pq.TransactionStatus.IDLE:
        return False
    try:
        poller = select.poll()
        poller.register(connection.fileno(), select.POLLIN | select.POLLPRI)
        return not poller.poll(0)
    except (OSError, ValueError):
        return False
