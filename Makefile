# Everything runs from the project's own virtual environment, built from
# constraints.txt so that every machine gets the versions CI tested.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: .venv demo browser office test fuzz lint readme bench clean

.venv: $(STAMP)

$(PY):
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(PY) pyproject.toml constraints.txt
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $@

out:
	mkdir -p out

# Each demo output is one recipe line; add new ones below the extraction.
demo: $(STAMP) | out
	$(VENV)/bin/kg extract examples -o out/assignments.jsonl
	@echo "demo: $$(wc -l < out/assignments.jsonl) assignments in out/assignments.jsonl"
	$(VENV)/bin/kg build examples --store out/kg
	$(VENV)/bin/kg validate --store out/kg
	$(VENV)/bin/kg stats --format json --store out/kg -o out/stats.json
	$(VENV)/bin/kg export --format trig --store out/kg -o out/graph.trig
	$(VENV)/bin/kg departments --unresolved --store out/kg -o out/unresolved.txt
	@echo "demo: graph in out/kg, counts in out/stats.json, RDF in out/graph.trig, unresolved names in out/unresolved.txt"

# The browser tests drive the system's Chromium (Debian package); Playwright downloads none.
browser:
	command -v chromium >/dev/null || { apt-get update -q && apt-get install -y -q --no-install-recommends chromium; }

# The ledger's print test renders xlsx and docx with LibreOffice (Debian packages), reads the
# PDF with poppler's pdfinfo, and needs a Chinese font to lay the text out as printed.
office:
	command -v soffice >/dev/null && command -v pdfinfo >/dev/null && fc-list :lang=zh | grep -q . || \
	  { apt-get update -q && apt-get install -y -q --no-install-recommends libreoffice-writer libreoffice-calc poppler-utils fonts-noto-cjk; }

test: $(STAMP) lint browser office
	$(PY) -m pytest --nbmake tests notebooks

# The properties of tests/test_fuzz.py at 10^4 examples each (make test runs 100 of each).
fuzz: $(STAMP)
	$(PY) -m pytest tests/test_fuzz.py --hypothesis-profile=fuzz --hypothesis-show-statistics

# Lint rules and mypy's settings are in pyproject.toml.
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

# The README's usage blocks and table of named queries are written from the code.
readme: $(STAMP)
	$(VENV)/bin/cog -r README.md

# One table of what users run, written to bench/results.md; BENCH_ARGS go to it.
# bench/extract_speed.py and bench/store_speed.py measure the extractor and the store alone.
BENCH_ARGS ?=
bench: $(STAMP)
	$(PY) bench/store_table.py $(BENCH_ARGS)

clean:
	rm -rf out build .pytest_cache .hypothesis *.egg-info
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -exec rm -rf {} +
