"""A tiny stand-in for a third-party host (analytics, video) that records every request."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ANALYTICS_JS = b"""
document.cookie = "_fa_id=visitor-1; path=/; max-age=3600";
window.fakeAnalyticsRuns = (window.fakeAnalyticsRuns || 0) + 1;
"""
EMBED_HTML = b"<!doctype html><html lang='en'><title>Video</title><p>Playing a film</p></html>"


class FakeHost:
    def __init__(self):
        self.requests = []
        host = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's naming)
                host.requests.append(self.path)
                if self.path.startswith("/analytics.js"):
                    body, kind = ANALYTICS_JS, "text/javascript"
                else:
                    body, kind = EMBED_HTML, "text/html"
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def hits(self, prefix):
        return [path for path in self.requests if path.startswith(prefix)]
