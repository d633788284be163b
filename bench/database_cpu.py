"""The processor time a PostgreSQL server on this machine has spent, all its processes
together: what a page's queries cost the machine besides the app's own time, which a
profile of the app shows only as waiting.

Read from /proc: each of the server's processes (children of the postmaster), and, in the
postmaster's own figures, the time of those that have ended (a connection closed between
requests). Counted in clock ticks (10 ms), so it is meant for seconds of requests."""

import os

TICKS_PER_SECOND = os.sysconf("SC_CLK_TCK")


def _stat(pid):
    """/proc/<pid>/stat: the command's name (which may hold spaces), and the fields after it."""
    with open(f"/proc/{pid}/stat") as stat:
        before, _, after = stat.read().rpartition(")")
    return before.partition("(")[2], after.split()


# In those fields (proc(5) numbers them from 1, with the pid and the name first): the state,
# the parent, then the process's user and system time and its ended children's.
_STATE, _PARENT, _USER, _SYSTEM, _CHILDREN_USER, _CHILDREN_SYSTEM = 0, 1, 11, 12, 13, 14


def process_seconds(pid):
    """The processor time process `pid` has spent so far, in seconds; 0 once it has ended."""
    try:
        _, fields = _stat(pid)
    except OSError:
        return 0
    return (int(fields[_USER]) + int(fields[_SYSTEM])) / TICKS_PER_SECOND


class DatabaseServerCPU:
    def __init__(self, postmaster_pid):
        self.postmaster_pid = postmaster_pid

    @classmethod
    def of(cls, connection):
        """The meter of the server behind Django's `connection`; None unless it is a
        PostgreSQL server whose processes this machine shows (one elsewhere, or SQLite)."""
        if connection.vendor != "postgresql":
            return None
        connection.ensure_connection()
        backend = connection.connection.info.backend_pid
        try:
            name, fields = _stat(backend)
            # A server elsewhere has its own process numbers: one of this machine's may be
            # anything.
            if not name.startswith("postgres"):
                return None
            meter = cls(int(fields[_PARENT]))
            meter.seconds()
        except (OSError, ValueError):
            return None
        return meter

    def seconds(self):
        """The server's processor time so far, in seconds."""
        _, fields = _stat(self.postmaster_pid)
        ticks = sum(int(fields[i]) for i in (_USER, _SYSTEM, _CHILDREN_USER, _CHILDREN_SYSTEM))
        for name in os.listdir("/proc"):
            if not name.isdigit():
                continue
            try:
                _, fields = _stat(name)
            except OSError:
                continue  # ended meanwhile: its time is its parent's now
            # An ended process not yet waited for (a zombie) still shows its time, which its
            # parent is about to count among its children's.
            if int(fields[_PARENT]) == self.postmaster_pid and fields[_STATE] != "Z":
                ticks += int(fields[_USER]) + int(fields[_SYSTEM])
        return ticks / TICKS_PER_SECOND
