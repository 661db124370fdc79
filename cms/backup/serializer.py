"""
Django's JSON serializer, but keeping datetimes to the microsecond.

The stock JSON format cuts times to milliseconds (ECMAScript style), so a restored
revision, log entry or consent record would differ from the original by up to a
millisecond. Registered as the "exactjson" format in settings.SERIALIZATION_MODULES.
"""

import datetime

from django.core.serializers import json as django_json
from django.core.serializers.json import DjangoJSONEncoder


class ExactJSONEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class Serializer(django_json.Serializer):
    def _init_options(self):
        self.options["cls"] = ExactJSONEncoder
        super()._init_options()


Deserializer = django_json.Deserializer
