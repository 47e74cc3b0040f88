# Tidtam: `make demo` serves the seed round at http://127.0.0.1:8000, `make test` runs the whole suite.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PG_URL ?= postgres://postgres@127.0.0.1:5432/tidtam
SEED := data/seeds/th74-2567-r2.txt

.PHONY: install system-deps demo setup-demo serve test test-sqlite test-postgres lint fmt clean

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements-dev.txt
	$(BIN)/pip install -q --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

# Debian packages for browser tests, PDF checks and Thai fonts (needs root; skipped when present).
system-deps:
	@bash scripts/system-deps.sh

setup-demo: install
	$(BIN)/tidtam migrate --noinput
	$(BIN)/tidtam load_orgs
	$(BIN)/tidtam load_template
	$(BIN)/tidtam import-report $(SEED) --quiet-anomalies
	$(BIN)/tidtam seed_demo

demo: setup-demo
	$(BIN)/tidtam runserver 127.0.0.1:8000

serve: install
	$(BIN)/tidtam runserver 127.0.0.1:8000

# The whole suite on SQLite, then on PostgreSQL when a server answers at $(PG_URL).
test: install system-deps
	$(MAKE) test-sqlite
	@if $(BIN)/python scripts/pg_ready.py "$(PG_URL)"; then $(MAKE) test-postgres; \
	 else echo "PostgreSQL not reachable at $(PG_URL): PostgreSQL run skipped"; fi

test-sqlite: install
	$(BIN)/pytest -q

test-postgres: install
	DATABASE_URL=$(PG_URL) $(BIN)/pytest -q

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy tidtam config

fmt: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) var
