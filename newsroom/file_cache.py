"""The cache of one server's processes, in files: Django's file cache, without listing the whole
directory before every write."""

import collections
import itertools

from django.core.cache.backends.filebased import FileBasedCache

# Django's file cache counts its files before every write, to keep to MAX_ENTRIES: a listing of
# up to MAX_ENTRIES names each time a page or a rendered body is kept, which took longer than
# making the page. Counted once in this many writes of a process instead, the directory may
# grow past MAX_ENTRIES by as many writes as the server's processes make between two counts.
WRITES_PER_COUNT = 100
# The writes of this process to each cache directory, counted across the cache's instances:
# Django makes one per thread (runserver's requests, ASGI). next() on a count is atomic.
_WRITES = collections.defaultdict(itertools.count)


class FileCache(FileBasedCache):
    """FileBasedCache, counting its files (and culling them) once in WRITES_PER_COUNT writes
    (OPTIONS["WRITES_PER_COUNT"]) of a process to its directory, starting with the first."""

    def __init__(self, dir, params):  # noqa: A002 (Django's name)
        super().__init__(dir, params)
        options = params.get("OPTIONS", {})
        self._writes_per_count = int(options.get("WRITES_PER_COUNT", WRITES_PER_COUNT))
        if self._writes_per_count < 1:
            raise ValueError("WRITES_PER_COUNT must be at least 1")

    def _cull(self):
        if next(_WRITES[self._dir]) % self._writes_per_count == 0:
            super()._cull()
