# Newsroom: `make run` serves the site with demo content, `make test` runs the test suite.
# Both create .venv and install the pinned dependencies on first use, and reuse them after.

PYTHON ?= python3
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MANAGE := $(BIN)/python manage.py

# Development defaults; production sets these in its environment (see README).
export DJANGO_DEBUG ?= 1

.PHONY: run test lint format migrate stop-db clean browser-deps bench bench-deps

$(STAMP): requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

run: $(STAMP)
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo
	$(MANAGE) ensure_admin
	@echo "Newsroom: http://127.0.0.1:$(PORT)/  (admin: http://127.0.0.1:$(PORT)/admin/)"
	$(MANAGE) runserver 127.0.0.1:$(PORT)

# Tests use the PostgreSQL server on 127.0.0.1:5432 when it answers (and DATABASE_URL is
# unset), else the embedded one.
test: $(STAMP)
	DATABASE_URL="$${DATABASE_URL:-$$($(BIN)/python -m newsroom.embedded_pg.local_url)}" \
		$(BIN)/python -m pytest $(PYTEST_ARGS)

# Debian's chromium + fonts-noto-cjk for the Playwright browser tests (apt-get, as root).
browser-deps:
	scripts/browser-deps

# Reader pages at archive scale against the bare-Django baseline of ../shared/bench/baseline
# (bench/pages.py): 100,000 articles and about 45 minutes on 2 cores. A measurement, not a
# test. Quick look: make bench BENCH_ARGS="--articles 3000 --duration 5s --reps 1"
bench: $(STAMP) bench-deps
	$(BIN)/python -m bench.pages $(BENCH_ARGS)

# Debian's wrk for make bench (apt-get, as root).
bench-deps:
	scripts/bench-deps

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

migrate: $(STAMP)
	$(MANAGE) migrate --noinput

stop-db: $(STAMP)
	$(MANAGE) embedded_db stop

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis test-artifacts
