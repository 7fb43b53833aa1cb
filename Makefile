# letopis: two commands for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev
WORLD_ATLAS := 2.0.2
MAPBASE := src/letopis/web/static/vendor/world-atlas/countries-110m.json

.PHONY: run test test-slow lint bench clean
BENCH_OUT := benchmarks/results

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml $(MAPBASE)
	$(BIN)/pip install --quiet -e .
	touch $@

# The web map's base geography: Natural Earth's country outlines from the npm package
# world-atlas (ISC; the data public domain), fetched from the registry at build time into
# the package's static folder, never committed (letopis.web.geomap; docs/web.md).
$(MAPBASE):
	mkdir -p build/npm $(dir $@)
	cd build/npm && npm pack --silent world-atlas@$(WORLD_ATLAS) >/dev/null
	tar -xzf build/npm/world-atlas-$(WORLD_ATLAS).tgz -C build/npm
	cp build/npm/package/LICENSE $(dir $@)LICENSE
	cp build/npm/package/countries-110m.json $@

# The tests also install the train extra (torch, CPU build) so the torch/NumPy parity test runs.
$(DEVSTAMP): $(STAMP)
	$(BIN)/pip install --quiet -e '.[dev,train]'
	touch $@

run: $(STAMP)
	$(BIN)/letopis analyze --format text
	$(BIN)/letopis analyze --format html -o letopis-report.html
	$(BIN)/letopis analyze --format json -o letopis-report.json
	@echo "wrote letopis-report.html and letopis-report.json"

test: $(DEVSTAMP)
	$(BIN)/ruff check src tests
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

test-slow: $(DEVSTAMP)
	$(BIN)/python -m pytest -q -m slow

lint: $(DEVSTAMP)
	$(BIN)/ruff check src tests
	$(BIN)/mypy

# Quality (NEREL, factRuEval), speed against Natasha, scaling (document length; engines:
# serial, process pool, Dask, Parquet); rewrites BENCHMARKS.md.
bench: $(DEVSTAMP)
	mkdir -p $(BENCH_OUT)
	# bytecode as an installed wheel has it (cold starts would otherwise compile letopis)
	$(BIN)/python -m compileall -q src
	$(BIN)/letopis eval nerel --split dev --json $(BENCH_OUT)/nerel-dev.json
	$(BIN)/letopis eval nerel --split test --json $(BENCH_OUT)/nerel-test.json
	$(BIN)/letopis eval factru --split test --json $(BENCH_OUT)/factru-test.json
	$(BIN)/letopis eval nerel --split dev --ner-model accurate --json $(BENCH_OUT)/nerel-dev-accurate.json
	$(BIN)/letopis eval nerel --split test --ner-model accurate --json $(BENCH_OUT)/nerel-test-accurate.json
	$(BIN)/letopis eval factru --split test --ner-model accurate --json $(BENCH_OUT)/factru-test-accurate.json
	$(BIN)/letopis eval attribution --json $(BENCH_OUT)/attribution.json
	$(BIN)/python benchmarks/calibrate_factru.py --json $(BENCH_OUT)/factru-natasha.json
	$(BIN)/python benchmarks/peers.py --json $(BENCH_OUT)/peers.json
	$(BIN)/python benchmarks/throughput.py --json $(BENCH_OUT)/throughput.json
	$(BIN)/python benchmarks/encoder.py --json $(BENCH_OUT)/encoder.json
	$(BIN)/python benchmarks/scaling.py --json $(BENCH_OUT)/scaling.json
	$(BIN)/python benchmarks/make_corpus.py --n 10000 --seed 1 --out $(BENCH_OUT)/corpus --db $(BENCH_OUT)/corpus.db --workers 2 --json $(BENCH_OUT)/corpus.json
	$(BIN)/python benchmarks/ingest_speed.py --corpus $(BENCH_OUT)/corpus --n 500 --json $(BENCH_OUT)/ingest-speed.json
	$(BIN)/python benchmarks/cluster.py --n 500 --json $(BENCH_OUT)/cluster.json
	$(BIN)/python benchmarks/web_latency.py --db $(BENCH_OUT)/corpus.db --json $(BENCH_OUT)/web-latency.json
	$(BIN)/python benchmarks/web_load.py --db $(BENCH_OUT)/corpus.db --json $(BENCH_OUT)/web-load.json
	$(BIN)/python benchmarks/export_speed.py --json $(BENCH_OUT)/export-speed.json
	$(BIN)/python benchmarks/identity.py --split dev test --json $(BENCH_OUT)/identity.json
	$(BIN)/python benchmarks/identity.py --split train --limit 200 --json $(BENCH_OUT)/identity-train.json
	$(BIN)/python benchmarks/make_report.py $(BENCH_OUT) BENCHMARKS.md

clean:
	rm -rf $(VENV) build dist src/*.egg-info letopis-report.html letopis-report.json
