# The newsroom's everyday commands; see README.md.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

NODE_TOOLS := node_modules/.installed

.PHONY: install install-node-tools vendor system-packages run test lint check test-sqlite test-postgres lock messages loadtest bench

install: $(VENV)/.installed

# Reinstalls only when the lock file changed, so a second `make install` is instant.
$(VENV)/.installed: requirements.lock
	test -x $(PY) || { PYTHON=$(PYTHON) scripts/system-packages python3-venv && $(PYTHON) -m venv $(VENV); }
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	touch $@

# The npm tools the tests use, pinned in package-lock.json: the W3C Nu HTML checker
# (tests/test_html.py) and axe-core (injected by the browser tests in tests/browser/).
# The checker's install script only fetches a Java runtime, which we take from the system instead.
install-node-tools: $(NODE_TOOLS)

$(NODE_TOOLS): package-lock.json
	scripts/system-packages npm
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $@

# The admin's Markdown editor (EasyMDE, pinned in package-lock.json) is served from our own
# static files: its built files are copied into static/vendor/ and committed, so that neither
# `make run` nor a deployment needs npm. Run this after changing its version in package.json.
vendor: $(NODE_TOOLS)
	mkdir -p static/vendor/easymde
	cp node_modules/easymde/dist/easymde.min.js node_modules/easymde/dist/easymde.min.css \
		node_modules/easymde/LICENSE static/vendor/easymde/

run: install
	DJANGO_DEBUG=1 $(PY) manage.py migrate --no-input
	DJANGO_DEBUG=1 $(PY) manage.py loaddata cri_china_belarus
	DJANGO_DEBUG=1 $(PY) manage.py ensure_editor --url http://127.0.0.1:$(PORT)/admin/
	DJANGO_DEBUG=1 $(PY) manage.py runserver 127.0.0.1:$(PORT)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

check: install
	DJANGO_SECRET_KEY=check-only $(PY) manage.py check --fail-level WARNING
	DJANGO_SECRET_KEY=check-only $(PY) manage.py makemigrations --check --dry-run
	DJANGO_SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))') \
		$(PY) manage.py check --deploy --fail-level WARNING

# What the suite needs from Debian: PostgreSQL for the throwaway server, Java for the HTML
# checker, Chromium and the fonts it recommends for the browser tests (screenshots show text),
# Redis for the shared-cache tests. Installed when missing if we are root, asked for otherwise.
TEST_PACKAGES := postgresql npm default-jre-headless chromium fonts-liberation redis-server wrk

system-packages:
	scripts/system-packages $(TEST_PACKAGES)

# The system packages first, so that a machine without them stops before the lint runs.
test: system-packages lint check test-sqlite test-postgres

test-sqlite: system-packages install install-node-tools
	DATABASE_URL=sqlite:///:memory: $(PY) -m pytest $(PYTEST_ARGS)

test-postgres: system-packages install install-node-tools
	scripts/with-postgres $(PY) -m pytest $(PYTEST_ARGS)

# Regenerates the hashed lock file from pyproject.toml.
lock:
	$(PY) -m pip install --quiet uv
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 -q -o requirements.lock

messages: install
	DJANGO_DEBUG=1 $(PY) manage.py makemessages --locale de --locale en --ignore '.venv/*' --ignore 'node_modules/*' --ignore 'bench/peers/*'
	DJANGO_DEBUG=1 $(PY) manage.py compilemessages --ignore '.venv/*' --ignore 'node_modules/*' --ignore 'bench/peers/*'

# Bounded load test (about 90 s, not part of `make test`): gunicorn with production settings on
# 127.0.0.1 against a throwaway PostgreSQL, wrk with 64 connections for 60 s; see bench/loadtest.py.
loadtest: install
	scripts/system-packages wrk
	scripts/with-postgres $(PY) -m bench.loadtest

# Load benchmark on a throwaway PostgreSQL (see README.md). BENCH_N articles, default 100000.
BENCH_N ?= 100000
BENCH_PG_OPTIONS := -c shared_buffers=512MB -c max_wal_size=8GB -c wal_level=minimal \
	-c max_wal_senders=0 -c synchronous_commit=off
bench: install
	scripts/system-packages wrk
	BENCH_N=$(BENCH_N) WITH_POSTGRES_OPTIONS="$(BENCH_PG_OPTIONS)" scripts/with-postgres $(PY) -m bench.run
