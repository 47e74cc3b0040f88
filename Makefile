# Tidtam: `make demo` serves the seed round at http://127.0.0.1:8000, `make test` runs the whole suite.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/pip install -q -c constraints.txt
RUNTIME := $(VENV)/.installed-runtime
DEV := $(VENV)/.installed-dev
PG_URL ?= postgres://postgres@127.0.0.1:5432/tidtam
SEED := data/seeds/th74-2567-r2.txt

.PHONY: install install-runtime system-deps demo setup-demo serve test test-sqlite test-postgres lint fmt wheel clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# Runtime only: pyproject.toml [project] dependencies at the versions in constraints.txt.
$(RUNTIME): $(BIN)/python pyproject.toml constraints.txt
	$(PIP) -e .
	touch $(RUNTIME)

# Runtime plus the dev extra (pytest, playwright, ruff, mypy, ...), for test and lint.
$(DEV): $(BIN)/python pyproject.toml constraints.txt
	$(PIP) -e '.[dev]'
	touch $(RUNTIME) $(DEV)

install-runtime: $(RUNTIME)
install: $(DEV)

# Debian packages for PDF export, browser tests and Thai fonts (needs root or sudo; skipped when present).
# With CI=true a package that cannot be installed fails the build.
system-deps:
	@bash scripts/system-deps.sh

setup-demo: install-runtime
	$(BIN)/tidtam migrate --noinput
	$(BIN)/tidtam load_orgs
	$(BIN)/tidtam load_template
	$(BIN)/tidtam import-report $(SEED) --quiet-anomalies
	$(BIN)/tidtam seed_demo

# The web server and the background worker together; Ctrl+C stops both.
demo: system-deps setup-demo
	bash scripts/demo-serve.sh

serve: install-runtime
	bash scripts/demo-serve.sh

# The whole suite on SQLite, then on PostgreSQL when a server answers at $(PG_URL).
test: install system-deps
	$(MAKE) test-sqlite
	@if $(BIN)/python scripts/pg_ready.py "$(PG_URL)"; then $(MAKE) test-postgres; \
	 else echo "PostgreSQL not reachable at $(PG_URL): PostgreSQL run skipped"; fi

test-sqlite: install
	$(BIN)/pytest -q

# The PDF/OCR corpus (marker `corpus`) reads files the same on every database: run once, on SQLite.
test-postgres: install
	DATABASE_URL=$(PG_URL) $(BIN)/pytest -q -m "not corpus"

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy tidtam config

fmt: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# A wheel with templates, static files and data bundled (dist/tidtam-*.whl).
wheel: install-runtime
	$(BIN)/pip wheel -q --no-deps -w dist .

clean:
	rm -rf $(VENV) var build dist
