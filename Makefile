# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3.13
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test lint format bench worker messages clean cluster

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

# Development mode is switched on here, never by default (settings fail closed). The
# web server and one worker per queue, as in production: no click waits for a PDF.
# Ctrl-C stops all three (and so does the server stopping on its own).
run: export DEBUG ?= true
run: export TASKS_BACKEND ?= django_tasks_db.DatabaseBackend
# The ratified agenda is signed with a clearly labelled demo certificate (made once).
run: export SIGNING_CERTIFICATE ?= media/signing/demo-certificaat.p12
run: export SIGNING_PASSPHRASE ?= demo
run: $(STAMP)
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py make_demo_certificate
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py seed_portal_demo
	@$(BIN)/python manage.py worker --queue-name mail & mail=$$!; \
	$(BIN)/python manage.py worker --queue-name pdf & pdf=$$!; \
	trap 'kill $$mail $$pdf 2>/dev/null; wait $$mail $$pdf 2>/dev/null' EXIT; \
	trap 'exit 130' INT TERM; \
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# The browser tests run beside the others, in E2E_WORKERS processes with databases of
# their own (the name in DATABASE_URL plus "_e2e", and pytest-xdist's suffix; SQLite
# tests use files of their own): most of their time is spent waiting for the browser.
# The others are spread over TEST_WORKERS processes (pytest-xdist), each with a test
# database of its own: much of a test's time is spent waiting for the database. Both
# outputs are shown, and the target fails when either part does.
TEST_WORKERS ?= 3
E2E_WORKERS ?= 2
test: export DEBUG = true
test: $(STAMP)
	@e2e_log=$$(mktemp); trap 'rm -f "$$e2e_log"' EXIT; \
	( if [ -n "$${DATABASE_URL:-}" ]; then export DATABASE_URL="$${DATABASE_URL}_e2e"; fi; \
		$(BIN)/python -m pytest tests/e2e -n $(E2E_WORKERS) $(PYTEST_ARGS) > "$$e2e_log" 2>&1 ) & e2e=$$! ; \
	$(BIN)/python -m pytest --ignore=tests/e2e -n $(TEST_WORKERS) $(PYTEST_ARGS); unit=$$? ; \
	wait $$e2e; browser=$$? ; \
	echo "== browser tests (tests/e2e)"; cat "$$e2e_log"; \
	test $$unit -eq 0 -a $$browser -eq 0

# The deployment check sees only the variables the README calls required, so that a
# forgotten optional one cannot open the site.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DEBUG=true $(BIN)/python manage.py makemigrations --check --dry-run
	env -i PATH="$$PATH" SECRET_KEY=lint-only-$$(date +%s)-0123456789abcdefghijklmnopqrstuvwxyz \
		ALLOWED_HOSTS=netwerkagenda.example.nl DATABASE_URL=postgres://netwerkagenda@db.example.nl/netwerkagenda \
		REDIS_URL=redis://redis.example.nl:6379/0 \
		$(BIN)/python manage.py check --deploy --fail-level WARNING

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Pages in process, PDF, pages over HTTP and load in one run, each on its own throw-away
# database (pages over HTTP and the load with gunicorn on PostgreSQL at 127.0.0.1:5432,
# skipped with the reason when it cannot be reached); the verdicts on the targets are
# gathered and printed at the end, and a missed target makes the run fail.
bench: $(STAMP)
	@summary=$$(mktemp) && trap 'rm -f "$$summary"' EXIT && export BENCH_SUMMARY="$$summary" && \
	echo "== machine: $$(nproc) cores, $$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), $$(free -g | awk '/^Mem:/ {print $$2}') GB RAM" && \
	DEBUG=true DJANGO_SETTINGS_MODULE=bench.settings $(BIN)/python bench/pages.py && \
	DEBUG=true DJANGO_SETTINGS_MODULE=bench.settings $(BIN)/python bench/pdf_bench.py && \
	$(BIN)/python bench/served.py && \
	$(BIN)/python bench/coediting_load.py && \
	echo && DEBUG=true $(BIN)/python bench/sanitise_bench.py && \
	echo && echo "== targets" && cat "$$summary" && ! grep -q "^FAIL" "$$summary"

# One worker per queue, so that mail never waits behind a PDF; Ctrl-C stops both.
worker: $(STAMP)
	$(BIN)/python manage.py worker --queue-name mail & \
	$(BIN)/python manage.py worker --queue-name pdf & \
	wait

# Dutch is translated by hand; English is the source language, so msgen copies every new
# text into the English catalogue (after msgattrib drops msgmerge's fuzzy guesses);
# tests/test_translations.py fails on a missing one.
MESSAGE_IGNORE := --ignore=.venv --ignore=tests --ignore=bench --ignore=static/vendor --ignore=staticfiles --ignore=frontend
messages: export DEBUG = true
messages: $(STAMP)
	$(BIN)/python manage.py makemessages -l nl -l en --no-obsolete $(MESSAGE_IGNORE)
	$(BIN)/python manage.py makemessages -d djangojs -l nl -l en --no-obsolete $(MESSAGE_IGNORE)
	for domain in django djangojs; do po=locale/en/LC_MESSAGES/$$domain.po; \
		msgattrib --clear-fuzzy --empty $$po -o $$po && msgen $$po -o $$po; done
	$(BIN)/python manage.py compilemessages --ignore=.venv --ignore=frontend

# Two web instances, two workers, an S3 server and PostgreSQL on this machine, and the
# checks that the portal survives losing a worker mid-render and a web instance.
cluster: $(STAMP)
	$(BIN)/python deploy/cluster.py

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
