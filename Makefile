# Helsefellesskap RS-portal.
#
#   make demo    set up .venv, migrate, seed demo data and run the portal on http://127.0.0.1:8000/
#                (SQLite and eager Celery unless DATABASE_URL / REDIS_URL are set)
#   make test    lint, then the test suite on real PostgreSQL and Redis (those named by
#                DATABASE_URL / REDIS_URL, else throwaway ones: see scripts/with-services)
#                PYTEST_ARGS="-x -k foo" passes arguments to pytest; the suite runs in
#                TEST_WORKERS processes (pytest-xdist; default: one per core, at most 2; 0: one)
#   make audit   pip-audit of the installed dependencies (fails on a known vulnerability)
#   make bench   load and speed benchmarks (bench/run.py): gunicorn, Celery and locust on throwaway
#                PostgreSQL and Redis; writes bench/results.json and prints a table
#   make lint | format | messages | clean | distclean

PYTHON ?= python3
VENV := .venv
VPY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
BENCH_STAMP := $(VENV)/.installed-bench
PYTEST_ARGS ?=
TEST_WORKERS ?= auto
DEMO_ADDR ?= 127.0.0.1:8000

.PHONY: venv demo test audit bench lint format messages messages-if-possible clean distclean

venv: $(STAMP)

# Re-installs only when pyproject.toml changes (or the venv is missing).
$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
	  echo "Python 3.11 or newer is needed; '$(PYTHON)' is $$($(PYTHON) --version 2>&1)." >&2; \
	  echo "Run e.g. 'make PYTHON=python3.11 ...'." >&2; exit 1; }
	@if [ ! -x $(VPY) ]; then \
	  echo "Creating $(VENV) with $$($(PYTHON) --version 2>&1)"; \
	  $(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); \
	    echo "'$(PYTHON) -m venv' failed; on Debian/Ubuntu: apt-get install python3-venv" >&2; \
	    exit 1; }; \
	fi
	$(VPY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(VPY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

demo: venv messages-if-possible
	$(VPY) manage.py migrate --noinput
	$(VPY) manage.py seed_demo
	@echo "Starting the portal on http://$(DEMO_ADDR)/ (Ctrl-C to stop)"
	$(VPY) manage.py runserver $(DEMO_ADDR)

lint: venv
	$(VENV)/bin/ruff check .

format: venv
	$(VENV)/bin/ruff format .

test: venv lint messages-if-possible
	REQUIRE_REAL_SERVICES=1 scripts/with-services $(VPY) -m pytest \
	  -n $(TEST_WORKERS) --maxprocesses=2 --dist load $(PYTEST_ARGS)

audit: venv
	$(VPY) scripts/audit-dependencies

# The bench extra (locust) on top of the dev install; again only when pyproject.toml changes.
$(BENCH_STAMP): $(STAMP)
	$(VPY) -m pip install --quiet --disable-pip-version-check -e '.[dev,bench]'
	@touch $(BENCH_STAMP)

# About 10 minutes on 2 cores; BENCH_USERS, BENCH_SECONDS and BENCH_WORKERS change the load.
bench: $(BENCH_STAMP)
	scripts/with-services $(VPY) bench/run.py

# Compiles locale/*/LC_MESSAGES/*.po (needs GNU gettext's msgfmt).
messages: venv
	@if [ -d locale ]; then \
	  $(VPY) manage.py compilemessages --ignore '$(VENV)' --ignore .tmp --ignore node_modules; \
	else echo "No locale/ directory: nothing to compile."; fi

# Same, but only a warning when msgfmt is missing (demo and test still run, untranslated).
messages-if-possible: venv
	@if [ ! -d locale ]; then :; \
	elif command -v msgfmt >/dev/null 2>&1; then \
	  $(VPY) manage.py compilemessages --ignore '$(VENV)' --ignore .tmp --ignore node_modules; \
	else echo "warning: msgfmt (GNU gettext) not found; translations not compiled." >&2; fi

clean:
	rm -rf .pytest_cache .ruff_cache .tmp staticfiles build
	find . -path ./$(VENV) -prune -o -type d -name __pycache__ -exec rm -rf {} +

# Also removes the virtual environment and the demo database.
distclean: clean
	rm -rf $(VENV) db.sqlite3 *.egg-info
