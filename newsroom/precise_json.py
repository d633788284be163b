"""Django's JSON serialization, but keeping times to the microsecond.

Django's own JSON encoder cuts times to milliseconds, so a backup made with `dumpdata` would
not restore an article's timestamps exactly. Registered for "json" in settings, this is what
`dumpdata` and `loaddata` use; reading is Django's own.
"""

import datetime

from django.core.serializers.json import Deserializer, DjangoJSONEncoder
from django.core.serializers.json import Serializer as DjangoJSONSerializer

__all__ = ["Deserializer", "Serializer"]


class PreciseJSONEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        return super().default(o)


class Serializer(DjangoJSONSerializer):
    def _init_options(self):
        self.options.setdefault("cls", PreciseJSONEncoder)
        super()._init_options()
