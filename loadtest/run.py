"""Load test: visitors and API readers for DURATION seconds while pages are published,
scheduled and unpublished through API v3 and the real worker runs. Loopback only.

    make loadtest                      # 60 seconds on PostgreSQL (loadtest_db)
    LOADTEST_SECONDS=20 make loadtest  # shorter

Checks afterwards: no 5xx anywhere; every page is in the state its last API v3 call left
it in (published and scheduled pages live with their newest revision, unpublished ones
not live); every webhook event recorded during the run was delivered exactly once (by
event id) to a local receiver. Writes loadtest/results.md; exits 1 on any failure.
"""

import collections
import datetime
import http.server
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
DURATION = int(os.environ.get("LOADTEST_SECONDS", "60"))
VISITORS = int(os.environ.get("LOADTEST_VISITORS", "6"))
API_READERS = int(os.environ.get("LOADTEST_API_READERS", "2"))
DATABASE_URL = os.environ.get(
    "LOADTEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/loadtest_db"
)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ensure_database():
    import psycopg

    name = DATABASE_URL.rsplit("/", 1)[1]
    admin_url = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        # A fresh database each run, so the checks see only this run's pages and events.
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


class Receiver:
    """A webhook subscriber on 127.0.0.1 that counts deliveries per event id."""

    def __init__(self):
        self.counts = collections.Counter()
        self.lock = threading.Lock()
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with receiver.lock:
                    receiver.counts[json.loads(body)["event_id"]] += 1
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


class Traffic:
    def __init__(self, base):
        self.base = base
        self.statuses = collections.Counter()
        self.errors = []
        self.lock = threading.Lock()

    def request(self, method, path, body=None, token=None):
        headers = {"X-Forwarded-Proto": "https", "Accept": "text/html,application/json"}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if token:
            headers["Authorization"] = f"Bearer {token}"
        # self.base is always http://127.0.0.1:<port>, never a file: or other scheme.
        req = urllib.request.Request(  # noqa: S310
            self.base + path, data=data, method=method, headers=headers
        )
        try:
            with urllib.request.urlopen(req, timeout=30) as response:  # noqa: S310
                status, payload = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, payload = error.code, error.read()
        except Exception as error:  # connection trouble counts as a failure too
            status, payload = 599, str(error).encode()
        with self.lock:
            self.statuses[status] += 1
            if status >= 500:
                self.errors.append(f"{method} {path} -> {status}: {payload[:200]!r}")
        return status, payload


def run(cmd, env, **kwargs):
    return subprocess.run(cmd, env=env, cwd=ROOT, check=True, **kwargs)


def main():
    started = time.time()
    ensure_database()
    workdir = Path(tempfile.mkdtemp(prefix="loadtest-"))
    env = {
        **os.environ,
        "DATABASE_URL": DATABASE_URL,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": "loadtest-only-secret-key-not-for-production-0123456789",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "STATIC_ROOT": str(workdir / "static"),
        "MEDIA_ROOT": str(workdir / "media"),
        "SCHEDULER_INTERVAL_SECONDS": "1",
        "LOG_LEVEL": "WARNING",
    }
    print("Preparing loadtest_db (migrate, demo content, static files)...", flush=True)
    manage = [PYTHON, "manage.py"]
    run([*manage, "migrate", "--noinput", "-v0"], env)
    run([*manage, "load_demo_content"], env, stdout=subprocess.DEVNULL)
    run([*manage, "collectstatic", "--noinput", "-v0"], env)
    receiver = Receiver()
    setup = f"""
from django.contrib.auth import get_user_model
from cms.publishing.webhooks.models import EVENT_CHOICES, WebhookSubscription
User = get_user_model()
user = User.objects.filter(username="loadtest").first() or User.objects.create_superuser(
    "loadtest", "loadtest@example.org", "loadtest-password-123")
WebhookSubscription.objects.create(name="Load test receiver", target_url="{receiver.url}",
    events=[c for c, _ in EVENT_CHOICES])
"""
    run([*manage, "shell", "-c", setup], env)
    token = subprocess.run(
        [*manage, "api_tokens", "create", "--user", "loadtest", "--name", "loadtest"],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    logs = open(workdir / "servers.log", "w")  # noqa: SIM115 -- closed in the finally below
    gunicorn = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "cms.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--threads",
            "4",
            "--timeout",
            "60",
        ],
        env=env,
        cwd=ROOT,
        stdout=logs,
        stderr=logs,
    )
    worker = subprocess.Popen([*manage, "run_worker"], env=env, cwd=ROOT, stdout=logs, stderr=logs)
    try:
        traffic = Traffic(base)
        for _ in range(60):
            if traffic.request("GET", "/healthz")[0] < 500:
                break
            time.sleep(0.5)
        traffic.statuses.clear()
        traffic.errors.clear()
        return exercise(traffic, token, env, receiver, started, workdir)
    finally:
        for process in (gunicorn, worker):
            process.send_signal(signal.SIGTERM)
        for process in (gunicorn, worker):
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        receiver.server.shutdown()
        logs.close()
        shutil.rmtree(workdir / "static", ignore_errors=True)


def exercise(traffic, token, env, receiver, started, workdir):
    status, body = traffic.request("GET", "/api/v2/pages/?type=profiles.ActionPage&limit=100")
    actions = [item["id"] for item in json.loads(body)["items"]]
    status, body = traffic.request(
        "GET", "/api/v2/pages/?type=profiles.OrganisationProfilePage&limit=100"
    )
    profiles = [item["meta"]["html_url"] for item in json.loads(body)["items"]]
    paths = ["/", "/members/", "/search/?q=music", "/search/?q=dementia&region=east-of-england"]
    paths += ["/members/?page=2", "/updates/feed/", "/sitemap.xml"]
    paths += [url.split("://", 1)[1].split("/", 1)[1].join(["/", ""]) for url in profiles]
    # Pages changed directly (publish, unpublish) and pages only scheduled, kept apart so
    # an unpublish never races a pending go-live.
    direct_pool, scheduled_pool = actions[0::2], actions[1::2]
    stop = threading.Event()
    expected = {}  # page id -> ("live", marker) or ("not live", None)
    actions_log = collections.Counter()
    schedule_errors = []

    def visitor(seed):
        rng = random.Random(seed)
        while not stop.is_set():
            traffic.request("GET", rng.choice(paths))

    def api_reader(seed):
        rng = random.Random(seed)
        while not stop.is_set():
            if rng.random() < 0.5:
                traffic.request("GET", "/api/v2/pages/?limit=20&fields=*")
            else:
                traffic.request("GET", f"/api/v2/pages/{rng.choice(actions)}/")

    counter = iter(range(1, 10**9))

    def publisher(role):
        # Two publishers: "direct" publishes and unpublishes, "scheduler" schedules (its
        # helper process is slow to start, so it must not hold up the direct changes).
        rng = random.Random(role)
        step = 0
        while not stop.is_set():
            step += 1
            n = next(counter)
            page_id = rng.choice(direct_pool)
            marker = f"Load test update {n}"
            update = {
                "type": "update",
                "value": {"year": 2026, "quarter": "4", "body": f"<p>{marker}</p>"},
            }
            choice = 2 if role == "scheduler" else (3 if step % 3 == 0 else 1)
            if choice == 2:
                # Scheduling. Wagtail 8's API v3 has no go-live field, so the new
                # revision is saved as a draft through API v3 and then scheduled the
                # way the admin's "Schedule" does it (Wagtail's publish action with a
                # future go_live_at, in a separate process); the worker publishes it.
                page_id = rng.choice(scheduled_pool)
                status, _ = traffic.request(
                    "PATCH", f"/api/v3/pages/{page_id}/", {"updates": [update]}, token
                )
                if status < 300:
                    try:
                        go_live = schedule(env, page_id, seconds=8)
                    except ScheduleFailed as error:
                        schedule_errors.append(f"page {page_id}: {error.args[0][0]}")
                        continue
                    expected[page_id] = ("live", marker)
                    actions_log["schedule"] += 1
                    # Scheduled, not published: visitors must not see it before its time
                    # (the helper process can be slow, so only a check made before the
                    # go-live time counts).
                    _, body = traffic.request("GET", f"/api/v2/pages/{page_id}/")
                    if marker.encode() in body and time.time() < go_live:
                        actions_log["scheduled update visible early"] += 1
            elif choice == 3:
                status, _ = traffic.request(
                    "POST", f"/api/v3/pages/{page_id}/actions/unpublish/", {}, token
                )
                if status < 300:
                    expected[page_id] = ("not live", None)
                    actions_log["unpublish"] += 1
            else:
                status, _ = traffic.request(
                    "PATCH",
                    f"/api/v3/pages/{page_id}/",
                    {"meta": {"action": "publish"}, "updates": [update]},
                    token,
                )
                if status < 300:
                    expected[page_id] = ("live", marker)
                    actions_log["publish"] += 1
            if status >= 300:
                actions_log[f"refused {status}"] += 1
            time.sleep(0.3)

    threads = [threading.Thread(target=visitor, args=(i,)) for i in range(VISITORS)]
    threads += [threading.Thread(target=api_reader, args=(100 + i,)) for i in range(API_READERS)]
    threads += [threading.Thread(target=publisher, args=(r,)) for r in ("direct", "scheduler")]
    print(
        f"Running {DURATION} s: {VISITORS} visitors, {API_READERS} API readers, "
        "2 API v3 publishers",
        flush=True,
    )
    for thread in threads:
        thread.start()
    time.sleep(DURATION)
    stop.set()
    for thread in threads:
        thread.join()
    run_requests = sum(traffic.statuses.values())

    # Let scheduled pages go live and the worker deliver everything (at most 60 s).
    failures = []
    deadline = time.time() + 60
    while True:
        state = check_state(env, expected, receiver)
        if not state["problems"] or time.time() > deadline:
            break
        time.sleep(2)
    failures += state["problems"]
    # What visitors see: each live page's newest update, through the public API.
    for page_id, (want, marker) in expected.items():
        status, body = traffic.request("GET", f"/api/v2/pages/{page_id}/")
        if want == "live" and (status != 200 or marker.encode() not in body):
            failures.append(f"page {page_id}: API v2 does not show {marker!r} ({status})")
        if want == "not live" and status != 404:
            failures.append(f"page {page_id}: unpublished but API v2 answered {status}")
    server_errors = sum(n for code, n in traffic.statuses.items() if code >= 500)
    if server_errors:
        failures.append(f"{server_errors} server errors: {traffic.errors[:5]}")
    if schedule_errors:
        failures.append(f"{len(schedule_errors)} schedulings failed: {schedule_errors[:3]}")
    if actions_log["scheduled update visible early"]:
        failures.append("a scheduled update was visible before its go-live time")
    if not actions_log["publish"] or not actions_log["schedule"] or not actions_log["unpublish"]:
        failures.append(f"the publisher did not do every kind of change: {dict(actions_log)}")

    summary = [
        "# Load test results",
        "",
        f"Run: {datetime.datetime.now(datetime.UTC):%d %B %Y %H:%M} UTC, "
        f"{DURATION} s of traffic, {VISITORS} visitor threads, {API_READERS} API reader "
        "threads, 2 API v3 publishers (publish/unpublish, schedule); gunicorn "
        "(2 workers x 4 threads, production settings) "
        "and `manage.py run_worker` on PostgreSQL, all on 127.0.0.1.",
        "",
        f"- Requests during the run: {run_requests} "
        f"({run_requests / DURATION:.1f}/s); by status, with the checks afterwards: "
        f"{dict(sorted(traffic.statuses.items()))}",
        f"- Server errors (5xx): {server_errors}",
        f"- API v3 changes: {dict(actions_log)}",
        f"- Pages checked afterwards: {len(expected)} "
        f"({state['live_ok']} live with their newest revision, {state['not_live_ok']} not live)",
        f"- Webhook events recorded: {state['events']}; delivered exactly once: "
        f"{state['delivered_once']}; duplicates: {state['duplicates']}; missing: "
        f"{state['missing']}",
        f"- Total time including setup: {time.time() - started:.0f} s",
        "",
        "Result: " + ("PASS" if not failures else "FAIL"),
    ]
    if failures:
        summary += ["", "Failures:", *(f"- {f}" for f in failures[:30])]
    text = "\n".join(summary) + "\n"
    (ROOT / "loadtest" / "results.md").write_text(text)
    print(text)
    if failures:
        print(f"Server logs: {workdir / 'servers.log'}")
    return 1 if failures else 0


def schedule(env, page_id, seconds):
    script = f"""
import datetime
from django.utils import timezone
from wagtail.models import Page
page = Page.objects.get(pk={page_id}).specific.get_latest_revision_as_object()
page.go_live_at = timezone.now() + datetime.timedelta(seconds={seconds})
page.save_revision().publish()
print("GO_LIVE", page.go_live_at.timestamp())
"""
    result = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", script],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        # Said in the results, with the helper's own last words, rather than a thread dying.
        raise ScheduleFailed(result.stderr.strip().splitlines()[-1:] or ["(no output)"])
    return float(result.stdout.split("GO_LIVE", 1)[1].split()[0])


class ScheduleFailed(Exception):
    pass


def check_state(env, expected, receiver):
    """Compare the database with what the publisher asked for (in a Django subprocess)."""
    script = """
import json, sys
from wagtail.models import Page
from cms.publishing.webhooks.models import WebhookEvent, WebhookSubscription
expected = json.loads(sys.stdin.read())
pages = {p.pk: p for p in Page.objects.filter(pk__in=[int(k) for k in expected])}
# Events since the receiver subscribed (the demo loader's own publishing came before).
since = WebhookSubscription.objects.get(name="Load test receiver").created_at
events = WebhookEvent.objects.filter(created_at__gte=since)
out = {"pages": {}, "events": [str(e.id) for e in events]}
for key in expected:
    p = pages[int(key)]
    out["pages"][key] = [p.live, p.live_revision_id, p.latest_revision_id,
                         p.latest_revision.approved_go_live_at is not None]
print(json.dumps(out))
"""
    result = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", script],
        env=env,
        cwd=ROOT,
        input=json.dumps({str(k): v for k, v in expected.items()}),
        capture_output=True,
        text=True,
        check=True,
    )
    data = json.loads(result.stdout.strip().splitlines()[-1])
    problems = []
    live_ok = not_live_ok = 0
    for key, (want, _marker) in expected.items():
        live, live_rev, latest_rev, pending = data["pages"][str(key)]
        if want == "live":
            if live and live_rev == latest_rev and not pending:
                live_ok += 1
            else:
                problems.append(
                    f"page {key}: live={live} live_revision={live_rev} latest={latest_rev}"
                )
        elif not live:
            not_live_ok += 1
        else:
            problems.append(f"page {key}: should not be live")
    with receiver.lock:
        counts = dict(receiver.counts)
    events = data["events"]
    missing = [e for e in events if counts.get(e, 0) == 0]
    duplicates = [e for e, n in counts.items() if n > 1]
    unknown = [e for e in counts if e not in set(events)]
    if missing:
        problems.append(f"{len(missing)} webhook events not delivered")
    if duplicates:
        problems.append(f"{len(duplicates)} webhook events delivered more than once")
    if unknown:
        problems.append(f"{len(unknown)} deliveries of unknown events")
    return {
        "problems": problems,
        "live_ok": live_ok,
        "not_live_ok": not_live_ok,
        "events": len(events),
        "delivered_once": sum(1 for e in events if counts.get(e) == 1),
        "duplicates": len(duplicates),
        "missing": len(missing),
    }


if __name__ == "__main__":
    sys.exit(main())
