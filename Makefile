# The front door. `make run` and `make test` do all set-up on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test check bench vendor clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]' --config-settings editable_mode=compat
	touch $(STAMP)

run: $(STAMP)
	mkdir -p var
	$(BIN)/ecrime migrate
	$(BIN)/ecrime demo --size small --if-empty
	$(BIN)/ecrime serve

test: $(STAMP)
	$(BIN)/python -m pytest

check: $(STAMP)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy schema resolvers policies web db bench

# Benchmarks on PostgreSQL (ECRIME_BENCH_PG_URL; default the local server): see bench/.
# BENCH_ARGS e.g. --scale medium --duration 20 --scenarios profile,search
bench: $(STAMP)
	mkdir -p var/bench
	$(BIN)/python -m bench $(BENCH_ARGS)

# Re-fetch the vendored browser assets from the npm registry (needs npm); see web/static/vendor.
vendor:
	rm -rf var/vendor && mkdir -p var/vendor
	cd var/vendor && npm pack --silent graphiql@3.8.3 react@18.2.0 react-dom@18.2.0 htmx.org@2.0.11 htmx-ext-sse@2.2.4 htmx-ext-head-support@2.0.5 @fontsource/noto-sans-khmer@5.3.0 >/dev/null
	cd var/vendor && for f in *.tgz; do mkdir -p "$${f%.tgz}" && tar xzf "$$f" -C "$${f%.tgz}"; done
	cp var/vendor/graphiql-3.8.3/package/graphiql.min.js var/vendor/graphiql-3.8.3/package/graphiql.min.css web/static/vendor/graphiql/
	cp var/vendor/react-18.2.0/package/umd/react.production.min.js web/static/vendor/react/
	cp var/vendor/react-dom-18.2.0/package/umd/react-dom.production.min.js web/static/vendor/react/
	cp var/vendor/htmx.org-2.0.11/package/dist/htmx.min.js var/vendor/htmx.org-2.0.11/package/LICENSE web/static/vendor/htmx/
	cp var/vendor/htmx-ext-sse-2.2.4/package/dist/sse.min.js web/static/vendor/htmx/
	cp var/vendor/htmx-ext-head-support-2.0.5/package/dist/head-support.min.js web/static/vendor/htmx/
	cp var/vendor/fontsource-noto-sans-khmer-5.3.0/package/files/noto-sans-khmer-khmer-400-normal.woff2 web/static/vendor/fonts/
	cp var/vendor/fontsource-noto-sans-khmer-5.3.0/package/files/noto-sans-khmer-khmer-700-normal.woff2 web/static/vendor/fonts/
	cp var/vendor/fontsource-noto-sans-khmer-5.3.0/package/LICENSE web/static/vendor/fonts/OFL.txt

clean:
	rm -rf $(VENV) var build *.egg-info
