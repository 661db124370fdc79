"""Search and directory benchmark (not a test). Run with `make bench-search`.

Measures, on the database named by DATABASE_URL (SQLite or PostgreSQL), the median and
95th-percentile time of:

- 20 typical searches (/search/?q=...), each repeated --rounds times;
- a filtered directory page (/members/?region=...&sector=...), and one filtered by
  action status (/members/?status=...);
- an API v2 search (/api/v2/pages/?search=...), which goes through Wagtail's search
  backend (search/backends/) rather than the site search;
- a filtered search (query plus two filters);
- page 400 of the unfiltered directory (/members/?page=400);

and records the directory's query count on page 1 and on page 400, which must be equal.
Requests go through Django's full stack (middleware, URL routing, views, templates)
in-process, with the production settings and collected static files that `make bench`'s
gunicorn workers use, and the page cache bypassed (as its uncached runs do), so the figures
are the server's own rendering time without network or browser.

The figures are written to benchmarks/search-results.md, one section per database vendor
(a run on SQLite keeps the PostgreSQL section and vice versa).
"""

import argparse
import gc
import os
import platform
import re
import statistics
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
sys.path.insert(0, str(BASE_DIR / "benchmarks"))

import run_bench  # noqa: E402

# The database named by DATABASE_URL (the Makefile's default: make bench's database).
_database_url = os.environ.get("DATABASE_URL") or run_bench.database_url()
os.environ.update(run_bench.server_env(), DATABASE_URL=_database_url)
if not (run_bench.DATA / "static" / "staticfiles.json").exists():
    run_bench.collect_static()

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from profiles.models import ActionPage, OrganisationProfilePage  # noqa: E402

RESULTS_FILE = BASE_DIR / "benchmarks" / "search-results.md"

TYPICAL_SEARCHES = [
    "singing",
    "Zoom",
    "carers",
    "memory café",
    "dementia friends",
    "library",
    "fire and rescue",
    "chair yoga",
    "Luton",
    "gardening club",
    "walking football",
    "reminiscence",
    "housing association",
    "quiet hour",
    "volunteers",
    "Bristol choir",
    "tea dance",
    "befriending",
    "signage",
    "Music24",
]
FILTERED_DIRECTORY = "/members/?region=london&sector=arts"
STATUS_DIRECTORY = "/members/?status=completed"
FILTERED_SEARCH = "/search/?q=singing&region=south-west&status=being-implemented"
API_SEARCH = "/api/v2/pages/?search=singing"
DIRECTORY_PAGE_400 = "/members/?page=400"


def timed(client, url, rounds):
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    return samples


def percentile(samples, fraction):
    ordered = sorted(samples)
    index = max(0, min(len(ordered) - 1, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[index]


def summary(samples):
    return statistics.median(samples), percentile(samples, 0.95)


def query_count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    return len(ctx.captured_queries)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="Times each URL is requested.")
    parser.add_argument(
        "--min-members", type=int, default=10_000, help="Refuse to run with fewer members."
    )
    args = parser.parse_args()

    members = OrganisationProfilePage.objects.live().count()
    actions = ActionPage.objects.live().count()
    if members < args.min_members:
        raise SystemExit(
            f"Only {members} members. First run: "
            f"python manage.py generate_bulk_content --members {args.min_members - members}"
        )
    vendor = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}.get(
        connection.vendor, connection.vendor
    )
    # 127.0.0.1 is an allowed host in server_env(); the header skips the page cache.
    if connection.vendor == "postgresql":
        # Autovacuum's job in production (off on this machine's server): see run_bench.py.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    client = Client(HTTP_HOST="127.0.0.1", HTTP_X_BENCH_NO_CACHE="1")

    # Warm up: connections, Wagtail's site cache, the database's own caches.
    for url in ["/search/?q=warm", FILTERED_DIRECTORY, DIRECTORY_PAGE_400, "/members/", API_SEARCH]:
        client.get(url)
    # As cms/wsgi.py does in each gunicorn worker: what is loaded now stays out of the
    # garbage collector's full collections (a ~140 ms pause otherwise, now and then).
    gc.freeze()

    search_samples, rows = [], []
    for query in TYPICAL_SEARCHES:
        url = f"/search/?q={query}"
        samples = timed(client, url, args.rounds)
        search_samples += samples
        response = client.get(url)
        found = re.search(rb'<p role="status">(\d+) result', response.content)
        rows.append((query, found.group(1).decode() if found else "?", *summary(samples)))

    measured = {
        "20 typical searches": search_samples,
        f"filtered search `{FILTERED_SEARCH}`": timed(client, FILTERED_SEARCH, args.rounds * 4),
        f"filtered directory `{FILTERED_DIRECTORY}`": timed(
            client, FILTERED_DIRECTORY, args.rounds * 4
        ),
        f"status-filtered directory `{STATUS_DIRECTORY}`": timed(
            client, STATUS_DIRECTORY, args.rounds * 4
        ),
        f"directory page 400 `{DIRECTORY_PAGE_400}`": timed(
            client, DIRECTORY_PAGE_400, args.rounds * 4
        ),
        f"API v2 search `{API_SEARCH}`": timed(client, API_SEARCH, args.rounds * 4),
    }
    queries_page_1 = query_count(client, "/members/?page=1")
    queries_page_400 = query_count(client, DIRECTORY_PAGE_400)

    load = os.getloadavg() if hasattr(os, "getloadavg") else ("?",)
    lines = [
        f"## {vendor}",
        "",
        f"Run {time.strftime('%Y-%m-%d %H:%M %Z')} on {platform.machine()} with "
        f"{os.cpu_count()} cores (load average {load[0]:.1f} at the end), "
        f"{members} live members and {actions} live actions, "
        f"{args.rounds} rounds per search.",
        "",
        "| what | samples | median ms | p95 ms |",
        "| --- | ---: | ---: | ---: |",
    ]
    for name, samples in measured.items():
        median, p95 = summary(samples)
        lines.append(f"| {name} | {len(samples)} | {median:.1f} | {p95:.1f} |")
    lines += [
        "",
        f"Directory query count: page 1 = {queries_page_1}, page 400 = {queries_page_400} "
        f"({'equal' if queries_page_1 == queries_page_400 else 'NOT EQUAL'}).",
        "",
        "<details><summary>Each search</summary>",
        "",
        "| query | results | median ms | p95 ms |",
        "| --- | ---: | ---: | ---: |",
    ]
    lines += [f"| {q} | {n} | {m:.1f} | {p:.1f} |" for q, n, m, p in rows]
    lines += ["", "</details>", ""]
    section = "\n".join(lines)
    print(section)
    write_section(vendor, section)


def write_section(vendor, section):
    header = (
        "# Search and directory benchmark\n\n"
        "Written by `make bench-search` (benchmarks/search_bench.py); see README, Search.\n"
        "Target on PostgreSQL: p95 under 150 ms for search and the filtered directory.\n\n"
    )
    existing = RESULTS_FILE.read_text(encoding="utf-8") if RESULTS_FILE.exists() else header
    sections = re.split(r"(?m)^(?=## )", existing)
    kept = [s for s in sections[1:] if not s.startswith(f"## {vendor}\n")]
    RESULTS_FILE.write_text(
        header + "".join(sorted(kept + [section + "\n"])).rstrip() + "\n", encoding="utf-8"
    )


if __name__ == "__main__":
    main()
