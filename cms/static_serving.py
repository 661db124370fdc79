"""WhiteNoise, reading the static files' list once per process.

Wagtail renders every preview through a middleware chain of its own, built anew each time
(`wagtail.models.preview.make_preview_request`), and WhiteNoise reads its whole static
directory whenever it is built: about 1,000 files, three quarters of a 76 ms preview on the
10,000-member benchmark, paid on each refresh of the editor's live preview. In production
(autorefresh off) WhiteNoise never reads the directory again after start-up anyway; this keeps
that one reading for every chain the process builds. Deploys restart the processes.
"""

from django.conf import settings
from whitenoise.middleware import WhiteNoiseMiddleware

# The settings a file's response headers depend on: a chain built under other settings
# (as tests make) reads the directory again.
SETTINGS_IN_KEY = (
    "DEBUG",
    "STATIC_URL",
    "STORAGES",
    "WHITENOISE_MAX_AGE",
    "WHITENOISE_ALLOW_ALL_ORIGINS",
    "WHITENOISE_CHARSET",
    "WHITENOISE_MIMETYPES",
    "WHITENOISE_ADD_HEADERS_FUNCTION",
    "WHITENOISE_INDEX_FILE",
    "WHITENOISE_IMMUTABLE_FILE_TEST",
    "WHITENOISE_MANIFEST_STRICT",
)


class StaticFilesReadOnceMiddleware(WhiteNoiseMiddleware):
    # (directory, URL prefix, settings) -> {URL: WhiteNoise's responder for the file}
    _read = {}

    def update_files_dictionary(self, root, prefix):
        key = (root, prefix, tuple(repr(getattr(settings, n, None)) for n in SETTINGS_IN_KEY))
        files = self._read.get(key)
        if files is None:
            before = dict(self.files)
            super().update_files_dictionary(root, prefix)
            files = {url: f for url, f in self.files.items() if before.get(url) is not f}
            self._read[key] = files
        else:
            self.files.update(files)
