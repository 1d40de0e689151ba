# Set-up and everyday commands. `make run` and `make test` work on a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test lint bench bench-readme load eval-real clean messages catalogs vendor

install: $(STAMP) catalogs vendor

# plotly.js's cartesian bundle, of the plotly package's plotly.js version, from npm (dashboard/bundles.py: the
# dashboard sends it instead of the full bundle, a third of the size). Without npm, or offline, the full one is sent.
CARTESIAN := dashboard/vendor/plotly-cartesian.min.js
vendor: $(CARTESIAN)

$(CARTESIAN): $(STAMP)
	@version=$$($(BIN)/python -c "from plotly.offline import get_plotlyjs_version as v; print(v())") && \
	tmp=$$(mktemp -d) && cd $$tmp && npm pack --silent plotly.js-cartesian-dist-min@$$version >/dev/null && \
	tar -xzf *.tgz && cd - >/dev/null && mkdir -p $(@D) && cp $$tmp/package/LICENSE $(@D)/LICENSE.plotly && \
	cp $$tmp/package/plotly-cartesian.min.js $@ && rm -rf $$tmp && echo "fetched plotly.js $$version (cartesian) into $@" \
	|| echo "could not fetch plotly.js-cartesian-dist-min with npm: the dashboard sends plotly.js's full bundle"

# The interface's translations: each dashboard/locale/<lang>/LC_MESSAGES/messages.po compiled to its .mo (Babel).
# A .mo older than its .po is rebuilt; without one the dashboard compiles the .po in memory (dashboard/i18n.py).
PO := $(wildcard dashboard/locale/*/LC_MESSAGES/messages.po)
catalogs: $(PO:.po=.mo)

dashboard/locale/%/LC_MESSAGES/messages.mo: dashboard/locale/%/LC_MESSAGES/messages.po $(STAMP)
	$(BIN)/pybabel compile --statistics -D messages -l $* -i $< -o $@

# After changing texts in dashboard/: extract them into messages.pot and merge it into every language's .po;
# then translate the new or fuzzy entries (tests/test_i18n.py fails while one is missing).
messages: install
	$(BIN)/pybabel extract -F babel.cfg -k NC_:1c,2 -k N_ --no-location --sort-output --project strikes \
		-o dashboard/locale/messages.pot .
	$(BIN)/pybabel update -i dashboard/locale/messages.pot -d dashboard/locale -D messages -w 110 \
		--ignore-obsolete

# Reinstall only when pyproject.toml changed (the stamp is older than it).
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

# Fill the default store (data/strikes.duckdb) from the configured sources (data/sample unless
# strikes.toml says otherwise), then serve the dashboard on http://127.0.0.1:8050/.
run: install
	$(BIN)/strikes refresh --wait
	$(BIN)/strikes serve

# The suite in one process per core (pytest-xdist; a test file stays in one process, so its module fixtures are
# built once), then the browser tests in one process: a headless Chromium and a served dashboard per test already
# keep both cores busy, and beside the other tests a page could miss its 15 s. TEST_WORKERS=0: all in one process.
TEST_WORKERS ?= auto
test: install
	$(BIN)/python -m pytest -q -n $(TEST_WORKERS) --dist loadfile --ignore=tests/browser
	$(BIN)/python -m pytest -q tests/browser

lint: install
	$(BIN)/ruff check etl dashboard tests bench

# Every benchmark section (bench/__main__.py): one table, bench/results.json, and the figures written into
# README.md (bench/readme.py). BENCH_SIZES=1k,10k
# changes the report counts, BENCH_DASHBOARD_ROWS=200k the synthetic history of the dashboard sections.
bench: install
	$(BIN)/python -m bench
	$(BIN)/python -m bench.readme

# Write the figures of bench/results.json and bench/load_results.json into README.md's Performance and
# Reliability sections (between their <!-- ...:begin --> and <!-- ...:end --> markers).
bench-readme: install
	$(BIN)/python -m bench.readme

# 50 clients on the dashboard's filter callbacks for 60 s against `strikes serve --workers 2` while
# `strikes refresh` runs in a loop; prints errors, p50/p95 latency and requests/s, writes
# bench/load_results.json. Options: make load LOAD_ARGS="--clients 10 --seconds 20 --workers 1".
load: install
	$(BIN)/python bench/load.py $(LOAD_ARGS)
	$(BIN)/python -m bench.readme

# The extractor on the real published reports of bench/real/POINTERS.tsv: per set and language, strike and
# outage precision, recall and F1 against the gold. The texts are never in the repository: REAL_TEXTS is a local
# copy (ID.txt at any depth; how to rebuild it: bench/real/README.md). EVAL_REAL_ARGS=--misses lists every miss.
REAL_TEXTS ?= ../real-local
eval-real: install
	$(BIN)/python -m bench.real_eval --texts $(REAL_TEXTS) $(EVAL_REAL_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info
