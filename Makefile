# Two commands: `make build` and `make test`. Both set up .venv on first use.
SHELL := /bin/bash
PYTHON_BOOTSTRAP ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
DATA_DIR ?= seeds
DUCKDB_PATH ?= analytics.duckdb
# What runs the models: duckdb, or spark (a local pyspark by default; a cluster:
# DBT_SPARK_TARGET=spark_thrift and SPARK_WAREHOUSE=<where DuckDB reads its Parquet>).
ENGINE ?= duckdb
SPARK_WAREHOUSE ?=
# Project vars for `make build`, e.g. make build VARS='{risk_max_segment_share: 0.5}'
# (passed to python -m scripts.build --vars through the environment, so any quoting survives);
# BUILD_ARGS passes other flags, e.g. BUILD_ARGS=--no-site.
VARS ?=
BUILD_ARGS ?=
export DBT_SEND_ANONYMOUS_USAGE_STATS := False
export DO_NOT_TRACK := 1

.PHONY: build test lint format docs chromium java tmux site-assets query ide analyses sample-data benchmark clean help

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

$(VENV)/.installed: requirements.txt
	@test -x $(PY) || $(PYTHON_BOOTSTRAP) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

# The Spark engine's packages (requirements-spark.txt) on top of the project's,
# in the same .venv, installed only when a Spark build or test needs them.
$(VENV)/.installed-spark: requirements-spark.txt requirements.txt $(VENV)/.installed
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-spark.txt
	@touch $@

build: export BUILD_VARS := $(VARS)
build: $(VENV)/.installed $(if $(filter spark,$(ENGINE)),java $(VENV)/.installed-spark) ## set up, then build and publish the database from DATA_DIR (VARS: project vars, ENGINE: duckdb or spark)
	$(PY) -m scripts.build --engine "$(ENGINE)" --data-dir "$(DATA_DIR)" --duckdb-path "$(DUCKDB_PATH)" \
		$(if $(SPARK_WAREHOUSE),--spark-warehouse "$(SPARK_WAREHOUSE)") \
		$${BUILD_VARS:+--vars "$$BUILD_VARS"} $(BUILD_ARGS)

query: $(VENV)/.installed ## interactive read-only SQL prompt on the published database (DUCKDB_PATH)
	@$(PY) -m scripts.query --duckdb-path "$(DUCKDB_PATH)"

# Harlequin, a terminal SQL IDE, in its own venv installed on first use (it pins
# click 8.5.0, the core 8.4.2; requirements-ide.txt pins it with duckdb 2.0.1).
IDE_VENV := .venv-ide
$(IDE_VENV)/.installed: requirements-ide.txt
	@test -x $(IDE_VENV)/bin/python || $(PYTHON_BOOTSTRAP) -m venv $(IDE_VENV)
	$(IDE_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-ide.txt
	@touch $@

ide: $(IDE_VENV)/.installed ## Harlequin SQL IDE, read-only on the published database (installed on first use)
	@test -f "$(DUCKDB_PATH)" || { echo "ide: $(DUCKDB_PATH): no database there; run make build first (or set DUCKDB_PATH)" >&2; exit 1; }
	@$(IDE_VENV)/bin/harlequin --read-only --adapter duckdb "$(DUCKDB_PATH)" $(IDE_ARGS)

# The example queries of analyses/ as plain SQL, compiled against a throwaway
# database named like DUCKDB_PATH (so the SQL names the published database).
ANALYSES_DIR ?= target/analyses
analyses: $(VENV)/.installed ## compile analyses/*.sql to plain SQL in ANALYSES_DIR (target/analyses) for any client
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	DBT_BUILD_DUCKDB_PATH="$$tmp/$(notdir $(DUCKDB_PATH))" $(VENV)/bin/dbt compile --quiet \
		--select resource_type:analysis --profiles-dir . --target-path "$$tmp/target" --log-path "$$tmp/logs" && \
	mkdir -p "$(ANALYSES_DIR)" && \
	for compiled in "$$tmp"/target/compiled/*/analyses/*.sql; do \
		name=$$(basename "$$compiled"); \
		{ echo "-- analyses/$$name compiled by make analyses: run it read-only on $(notdir $(DUCKDB_PATH))"; \
		  cat "$$compiled"; echo ";"; } > "$(ANALYSES_DIR)/$$name"; \
		echo "$(ANALYSES_DIR)/$$name"; \
	done

# The tests run in TEST_WORKERS processes (pytest-xdist), a test file's tests
# in one process, so a file's shared build is made once: 2 for the 2 cores.
TEST_WORKERS ?= 2
test: $(VENV)/.installed $(VENV)/.installed-spark lint chromium tmux java ## set up (Spark and Java too), lint, then run every test
	$(PY) -m pytest --numprocesses $(TEST_WORKERS) --dist loadfile

# sqlfluff's dbt templater loads the project and opens the profile's database:
# give it a throwaway database, target and log folder (never the published file).
SQL_PATHS := models analyses tests/singular tests/generic macros
SQLFLUFF := tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	DBT_BUILD_DUCKDB_PATH="$$tmp/lint.duckdb" DBT_TARGET_PATH="$$tmp/target" DBT_LOG_PATH="$$tmp/logs" \
	$(VENV)/bin/sqlfluff

lint: $(VENV)/.installed ## ruff and sqlfluff
	$(VENV)/bin/ruff check scripts tests gx
	$(VENV)/bin/ruff format --check scripts tests gx
	$(SQLFLUFF) lint $(SQL_PATHS)

format: $(VENV)/.installed ## apply ruff format and sqlfluff fix
	$(VENV)/bin/ruff format scripts tests gx
	$(SQLFLUFF) fix $(SQL_PATHS)

docs: $(VENV)/.installed ## the docs site (dbt docs, GX Data Docs, report link) from the published DUCKDB_PATH
	$(PY) -m scripts.build_site --duckdb-path "$(DUCKDB_PATH)"

# The browser tests drive Debian's Chromium; CI runs as root on a fresh machine.
chromium: ## install Debian's chromium (browser tests) if /usr/bin/chromium is missing
	@test -x /usr/bin/chromium || { \
		SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
		$$SUDO apt-get update -qq && \
		$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium; }

# Spark (pyspark 4) needs Java 17 or newer; CI runs as root on a fresh machine.
java: ## install Debian's openjdk-17-jre-headless (Spark engine) unless java 17+ is there
	@v=$$(java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1); \
	test "$${v:-0}" -ge 17 2>/dev/null || { \
		SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
		$$SUDO apt-get update -qq && \
		$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless; }

# The make ide test drives Harlequin in a tmux session.
tmux: ## install Debian's tmux (make ide test) if it is missing
	@command -v tmux >/dev/null || { \
		SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
		$$SUDO apt-get update -qq && \
		$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends tmux; }

site-assets: ## refresh site_assets/vendor/ (GX Data Docs' CDN files) from npm; the result is committed
	$(PY) -m scripts.vendor_site_assets

sample-data: $(VENV)/.installed ## regenerate the committed sample seeds
	$(PY) -m scripts.generate_sample_data

# BENCH_ARGS passes flags through, e.g. make benchmark BENCH_ARGS="--with-100m --json bench.json"
benchmark: $(VENV)/.installed $(VENV)/.installed-spark java ## time build, dbt run, pandas, bare DuckDB, dbt's floor at sample/1M/10M, Spark at 1M/10M
	$(PY) -m scripts.benchmark $(BENCH_ARGS)

clean: ## remove build outputs (not the published database)
	rm -rf target logs site test-output
