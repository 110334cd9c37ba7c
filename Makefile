# Liaison · 政协联络处工作平台. `make run` and `make test` are all a fresh machine needs.
SHELL := /bin/sh
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run serve test test-fast lint format migrations-check messages vendor bench clean

$(PY):
	@python=$${PYTHON:-$$(scripts/find-python)} || exit 1; \
	echo "Creating $(VENV) with $$python"; \
	"$$python" -m venv $(VENV)

$(STAMP): $(PY) pyproject.toml constraints.txt
	$(PY) -m pip install --quiet -c constraints.txt --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt ".[dev]"
	@touch $(STAMP)

venv: $(STAMP)

run: $(STAMP)
	scripts/system-packages
	$(PY) manage.py migrate --no-input
	$(PY) manage.py seed_demo
	$(PY) scripts/run_dev.py $(HOST):$(PORT)

# The suite runs in one worker per core (pytest-xdist); TEST_WORKERS=0 runs it in this process.
TEST_WORKERS ?= auto

test: $(STAMP)
	scripts/system-packages
	$(PY) -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

test-fast: $(STAMP)
	$(PY) -m pytest -n $(TEST_WORKERS) -m "not browser" $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

migrations-check: $(STAMP)
	$(PY) manage.py makemigrations --check --dry-run

# Regenerate the message catalogues (zh_Hant is converted from zh_Hans by OpenCC) and compile.
messages: $(STAMP)
	$(PY) scripts/messages.py

# Refresh static/vendor/ from the npm registry (versions and checksums in static/vendor/VENDOR.json).
vendor: $(STAMP)
	$(PY) scripts/vendor.py

# BENCH_ARGS="--rows 100000" for a quick run.
bench: $(STAMP)
	$(PY) bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var/*.sqlite3*
