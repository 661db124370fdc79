"""
`make bench`: the site under load, side by side with the static-file limit. Not a test.

1. Builds (once; kept in benchmarks/data/, which git ignores) a database with the demo
   content (Music24) plus `generate_bulk_content` members up to BENCH_MEMBERS (10,000).
   SQLite by default; BENCH_DATABASE_URL=postgres://... for PostgreSQL.
2. Collects static files as production does (hashed, compressed).
3. Starts gunicorn with the production settings (a throwaway SECRET_KEY, 127.0.0.1 only,
   SSL redirect off) and cores + 1 sync workers on a free port (README, Performance, says
   why not gunicorn's usual 2 x cores + 1).
4. Drives it with wrk (16 connections, BENCH_SECONDS each, benchmarks/report.lua for the
   percentiles): (a) a hashed CSS file, (b) the Music24 profile from the page cache, (c) the
   same page uncached, (d) the directory, (e) API v2 list of 20 profiles with every field,
   (f) a search; the cached pages and the API also uncached, for comparison; and (g) the
   health check, a view with one query and no template: the floor of any dynamic answer;
   and (h) the demo's cookie policy uncached, the plainest Wagtail page. Each cached
   run follows a 2-second wrk run of the same URL that is not recorded: each worker has
   its own in-process page cache, and without it a worker's first (uncached) render
   would stall the requests queued behind it and be counted as a cached request.
5. Measures publish-to-visible: a separate process publishes a new Music24 introduction
   (Wagtail's PublishRevisionAction, as the admin and the API do) while this one polls the
   page anonymously until the new text is served; 5 times.
6. Writes benchmarks/results.md.

The uncached runs use the same server: with PAGE_CACHE_BENCH_BYPASS=1 (set only here) the
page cache ignores requests carrying `X-Bench-No-Cache`, so they render in full.
"""

import json
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / "data"
RESULTS = ROOT / "benchmarks" / "results.md"
LUA = ROOT / "benchmarks" / "report.lua"
PYTHON = sys.executable
MEMBERS = int(os.environ.get("BENCH_MEMBERS", "10000"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
WARM_UP_SECONDS = 2
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
CORES = os.cpu_count() or 1
# Rendering is CPU-bound: one worker per core and one to accept while the others render.
WORKERS = int(os.environ.get("BENCH_WORKERS", str(CORES + 1)))
WRK = shutil.which("wrk") or "/usr/bin/wrk"
MUSIC24 = "/members/music24/"
API_LIST = "/api/v2/pages/?type=profiles.OrganisationProfilePage&fields=*&limit=20"
SEARCH = "/search/?q=singing"
# Never cached: what any response that reaches a Django view costs on this stack.
HEALTH = "/healthz"
# The plainest page of the demo: a standard page of a few paragraphs, with no member data.
PLAIN_PAGE = "/cookie-policy/"
BYPASS = {"X-Bench-No-Cache": "1"}


def database_url():
    return os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{DATA / 'bench.sqlite3'}"


def server_env(port=None):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY="bench-only-not-secret-" + "x" * 40,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="0",
        DATABASE_URL=database_url(),
        STATIC_ROOT=str(DATA / "static"),
        MEDIA_ROOT=str(DATA / "media"),
        PAGE_CACHE_BENCH_BYPASS="1",
        LOG_LEVEL="WARNING",
        WAGTAILADMIN_BASE_URL=f"http://127.0.0.1:{port or 8000}",
    )
    if os.environ.get("BENCH_USE_REDIS") != "1":
        # The in-process cache, as on one machine; BENCH_USE_REDIS=1 keeps REDIS_URL.
        env.pop("REDIS_URL", None)
    return env


def manage(*args, env=None, capture=False):
    command = [PYTHON, str(ROOT / "manage.py"), *args]
    if capture:
        return subprocess.run(
            command, env=env or server_env(), cwd=ROOT, check=True, capture_output=True, text=True
        ).stdout
    subprocess.run(command, env=env or server_env(), cwd=ROOT, check=True)
    return None


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def live_members():
    return int(
        manage(
            "shell",
            "-c",
            "from profiles.models import OrganisationProfilePage as O; "
            "print(O.objects.live().count())",
            capture=True,
        ).split()[-1]
    )


VACUUM = "from django.db import connection; connection.cursor().execute('VACUUM ANALYZE')"


def build_database():
    DATA.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    manage("migrate", "--noinput", "-v0")
    if live_members() == 0:
        log("loading the demo content (Music24 and friends)")
        manage("load_demo_content")
    missing = MEMBERS - live_members()
    if missing > 0:
        log(f"generating {missing} members (once; kept in {DATA.relative_to(ROOT)})")
        manage("generate_bulk_content", "--members", str(missing))
    if database_url().startswith("postgres"):
        # Autovacuum's job in production (it is off on this machine's server): statistics
        # for the new rows, and the visibility map that lets index-only scans skip the table.
        manage("shell", "-c", VACUUM)
    log(f"database ready in {time.monotonic() - started:.0f} s")
    count = manage(
        "shell",
        "-c",
        "from profiles.models import OrganisationProfilePage as O, ActionPage as A; "
        "print(O.objects.live().count(), A.objects.live().count())",
        capture=True,
    ).split()
    return int(count[-2]), int(count[-1])


def collect_static():
    started = time.monotonic()
    manage("collectstatic", "--noinput", "-v0")
    manifest = json.loads((DATA / "static" / "staticfiles.json").read_text())
    log(f"static files collected in {time.monotonic() - started:.0f} s")
    return "/static/" + manifest["paths"]["css/site.css"]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url, headers=None, timeout=10):
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 (127.0.0.1 only)
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
        return response.status, dict(response.headers), response.read()


def start_server(port):
    command = [
        str(Path(PYTHON).parent / "gunicorn"),
        "cms.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(WORKERS),
        "--worker-class",
        "sync",
        "--log-level",
        "warning",
        "--timeout",
        "60",
    ]
    process = subprocess.Popen(command, env=server_env(port), cwd=ROOT, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if get(f"http://127.0.0.1:{port}/healthz", timeout=2)[0] == 200:
                return process
        except OSError:
            time.sleep(0.3)
    stop_server(process)
    raise SystemExit("gunicorn did not answer /healthz within 60 s")


def stop_server(process):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def wrk(url, headers=None, seconds=None):
    seconds = seconds or SECONDS
    command = [
        WRK,
        "-t2",
        f"-c{CONNECTIONS}",
        f"-d{seconds}s",
        "--timeout",
        "5s",
        "-s",
        str(LUA),
    ]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run(
        [*command, url], capture_output=True, text=True, check=True, timeout=seconds + 30
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("BENCH_JSON "))
    data = json.loads(line.removeprefix("BENCH_JSON "))
    data["rps"] = data["requests"] / (data["duration_us"] / 1e6)
    data["errors"] = sum(
        data[key]
        for key in ("connect_errors", "read_errors", "write_errors", "status_errors", "timeouts")
    )
    return data


PUBLISHER = r"""
import sys, time
from wagtail.actions.publish_revision import PublishRevisionAction
from profiles.models import OrganisationProfilePage
print("ready", flush=True)
for line in sys.stdin:
    token = line.strip()
    page = OrganisationProfilePage.objects.get(slug="music24")
    page.introduction = f"<p>Music24 is a registered charity. Bench marker {token}.</p>"
    revision = page.save_revision()
    started = time.time()
    PublishRevisionAction(revision).execute()
    print(f"{started} {time.time()}", flush=True)
"""


def publish_to_visible(base, rounds=5):
    """Seconds from the start of a publish (in another process) to the new text being
    served to an anonymous visitor through the cache."""
    publisher = subprocess.Popen(
        [PYTHON, str(ROOT / "manage.py"), "shell", "-c", PUBLISHER],
        env=server_env(),
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        while publisher.stdout.readline().strip() != "ready":
            pass
        results = []
        for n in range(rounds):
            # The page is in the workers' caches before each publish, as for real visitors.
            for _ in range(4 * WORKERS):
                get(base + MUSIC24)
            token = f"{int(time.time() * 1000)}-{n}"
            publisher.stdin.write(token + "\n")
            publisher.stdin.flush()
            deadline = time.time() + 30
            seen = None
            while time.time() < deadline:
                body = get(base + MUSIC24)[2]
                if token.encode() in body:
                    seen = time.time()
                    break
                time.sleep(0.005)
            started, finished = (float(x) for x in publisher.stdout.readline().split())
            if seen is None:
                raise SystemExit(f"published text {token} not visible after 30 s")
            results.append({"visible": seen - started, "publish": finished - started})
            time.sleep(0.5)
        return results
    finally:
        publisher.stdin.close()
        publisher.wait(timeout=30)


def ms(us):
    return f"{us / 1000:.1f}"


LOAD_AT_START = os.getloadavg()


def main():
    if not Path(WRK).exists():
        raise SystemExit("wrk not found (Debian package `wrk`)")
    total_started = time.monotonic()
    members, actions = build_database()
    css = collect_static()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log(f"gunicorn: {WORKERS} sync workers on {base}")
    server = start_server(port)
    runs = {}
    try:
        for path in (MUSIC24, "/members/", API_LIST):
            # Each worker has its own in-process cache: warm them all (and Wagtail's own
            # per-process caches) before measuring.
            for _ in range(8 * WORKERS):
                get(base + path)
        # Which worker answers is up to the kernel, and one may not have served the page
        # yet (the wrk warm-up below sees to that); the cache must answer some of them.
        hits = [get(base + MUSIC24)[1].get("X-Cache") for _ in range(10)]
        assert "HIT" in hits, f"the page cache never answered: {hits}"
        status, headers, _ = get(base + MUSIC24, BYPASS)
        assert headers.get("X-Cache") is None, headers
        try:
            started = time.monotonic()
            get(base + SEARCH, timeout=60)
            log(f"one search alone: {time.monotonic() - started:.1f} s")
        except OSError as error:
            log(f"one search alone did not answer within 60 s: {error}")
        plan = [
            ("a", "static CSS file (whitenoise)", css, None),
            ("g", "health check: one query, no template (floor of a dynamic answer)", HEALTH, None),
            ("b", "Music24 profile, cached", MUSIC24, None),
            ("c", "Music24 profile, uncached", MUSIC24, BYPASS),
            ("h", "plain content page (cookie policy), uncached", PLAIN_PAGE, BYPASS),
            ("d", "directory /members/, cached", "/members/", None),
            ("d2", "directory /members/, uncached", "/members/", BYPASS),
            ("e", "API v2: 20 profiles, all fields, cached", API_LIST, None),
            ("e2", "API v2: 20 profiles, all fields, uncached", API_LIST, BYPASS),
        ]
        for key, label, path, headers in plan:
            if headers is None and path not in (css, HEALTH):
                # Not recorded: with 16 connections on several workers, the requests
                # above may not have reached every worker's own in-process cache.
                wrk(base + path, seconds=WARM_UP_SECONDS)
            log(f"wrk {key}: {label}")
            runs[key] = {"label": label, "path": path, **wrk(base + path, headers)}
            log(
                f"    {runs[key]['rps']:.0f} req/s, p95 {ms(runs[key]['p95'])} ms, "
                f"{runs[key]['errors']} errors"
            )
        log("publish-to-visible, 5 rounds")
        visible = publish_to_visible(base)
        # Last: a slow search ties up workers past the end of its run.
        key, label = "f", "search ?q=singing (never cached)"
        log(f"wrk {key}: {label}")
        runs[key] = {"label": label, "path": SEARCH, **wrk(base + SEARCH)}
        log(f"    {runs[key]['rps']:.1f} req/s, {runs[key]['errors']} errors")
    finally:
        stop_server(server)
    write_results(members, actions, runs, visible, time.monotonic() - total_started)
    log(f"wrote {RESULTS.relative_to(ROOT)}")


def write_results(members, actions, runs, visible, elapsed):
    static = runs["a"]["rps"]
    cached_ratio = runs["b"]["rps"] / static
    uncached_ratio = runs["c"]["rps"] / static
    vis = sorted(v["visible"] for v in visible)
    engine = database_url().split(":", 1)[0]
    load = os.getloadavg()
    cached_keys = ("b", "d", "e")
    uncached_keys = ("c", "h", "d2", "e2", "f")
    lines = [
        "# Benchmark results",
        "",
        f"Written by `make bench` on {time.strftime('%Y-%m-%d %H:%M %Z')}. "
        f"{members:,} live members and {actions:,} actions ({engine}); gunicorn "
        f"{WORKERS} sync workers, production settings, on {CORES} cores "
        f"({platform.machine()}, Python {platform.python_version()}); wrk 2 threads, "
        f"{CONNECTIONS} connections, {SECONDS} s a run, all on 127.0.0.1. "
        f"Load average before writing: {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} "
        "(other jobs share the machine, so absolute figures are pessimistic; the runs "
        "are side by side, so the ratios are the fair comparison). "
        f"Load average when the run started: {LOAD_AT_START[0]:.1f}.",
        "",
        f"Each cached run (b, d, e) follows an unrecorded {WARM_UP_SECONDS}-second wrk run "
        "of the same URL, so every worker's own in-process page cache holds the page. "
        "Uncached runs (c, h, d2, e2) bypass the page cache only; nothing else is cached "
        "between requests apart from Wagtail's and Django's per-process lookups, the "
        "request's Wagtail Site, the page view restrictions, the types of the home page's "
        "children, the filters' choices and the consent configuration (see README, "
        "Performance). "
        "(g) is the health check, a view with one query and no template: the most a "
        "response that reaches Django can do on this stack, for comparison with (c). "
        "(h) is the plainest page of the site, a standard page of a few paragraphs with "
        "the site's header, footer, consent banner and meta tags and no member data: what "
        "any Wagtail page costs here before its own content.",
        "",
        "| run | URL | req/s | p50 ms | p95 ms | p99 ms | errors |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for key, run in runs.items():
        if run["requests"] == 0:
            lines.append(
                f"| ({key}) {run['label']} | `{run['path']}` | 0 | — | — | — | "
                f"{run['errors']} (no request finished within {SECONDS} s) |"
            )
            continue
        lines.append(
            f"| ({key}) {run['label']} | `{run['path']}` | {run['rps']:.0f} | {ms(run['p50'])} | "
            f"{ms(run['p95'])} | {ms(run['p99'])} | {run['errors']} |"
        )
    worst_cached = max(runs[k]["p95"] for k in cached_keys) / 1000
    worst_uncached = (
        max(runs[k]["p95"] if runs[k]["requests"] else float("inf") for k in uncached_keys) / 1000
    )
    worst_without_search = max(runs[k]["p95"] for k in uncached_keys if k != "f") / 1000
    errors = sum(run["errors"] for run in runs.values())

    def verdict(ok):
        return "met" if ok else "**not met**"

    lines += [
        "",
        "## Ratios and targets",
        "",
        "| measure | value | target | |",
        "| --- | ---: | ---: | --- |",
        f"| (b)/(a) cached profile vs static file | {cached_ratio:.0%} | ≥ 50% | "
        f"{verdict(cached_ratio >= 0.5)} |",
        f"| (c)/(a) uncached profile vs static file | {uncached_ratio:.0%} | ≥ 10% | "
        f"{verdict(uncached_ratio >= 0.1)} |",
        f"| (g)/(a) for comparison: one-query view vs static file | "
        f"{runs['g']['rps'] / static:.0%} | — | |",
        f"| (h)/(a) for comparison: plain content page, uncached, vs static file | "
        f"{runs['h']['rps'] / static:.0%} | — | |",
        f"| worst p95 of cached pages (b, d, e) | {worst_cached:.1f} ms | < 50 ms | "
        f"{verdict(worst_cached < 50)} |",
        f"| worst p95 of uncached pages (c, h, d2, e2, f) | "
        f"{'no request finished' if worst_uncached == float('inf') else f'{worst_uncached:.1f} ms'}"
        f" | < 200 ms | {verdict(worst_uncached < 200)} |",
        f"| worst p95 of uncached pages without search (c, h, d2, e2) | "
        f"{worst_without_search:.1f} ms | < 200 ms | {verdict(worst_without_search < 200)} |",
        f"| publish-to-visible, worst of {len(vis)} | {vis[-1] * 1000:.0f} ms | < 1000 ms | "
        f"{verdict(vis[-1] < 1)} |",
        f"| errors in all runs | {errors} | 0 | {verdict(errors == 0)} |",
        "",
        "## Publish to visible",
        "",
        "Another process publishes a new Music24 introduction with Wagtail's "
        "PublishRevisionAction (what the admin's Publish button and the API run) while the "
        "page sits in every worker's cache; this process polls the page anonymously every "
        "5 ms until the new text is served.",
        "",
        "| round | publish call (ms) | publish start to new text served (ms) |",
        "| ---: | ---: | ---: |",
    ]
    for n, v in enumerate(visible, 1):
        lines.append(f"| {n} | {v['publish'] * 1000:.0f} | {v['visible'] * 1000:.0f} |")
    lines += [
        "",
        f"Whole run (build reused, static collected, {len(runs)} wrk runs): {elapsed:.0f} s.",
        "",
    ]
    RESULTS.write_text("\n".join(lines))


if __name__ == "__main__":
    main()
