# Two commands a new machine needs: `make serve` and `make test`.
# Both create .venv and install the pinned requirements on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: serve test build check new translations fields clean lock lint bench

serve: $(STAMP)  ## preview the site at http://127.0.0.1:8000/kb-tppo-kamboja/ (English under .../en/)
	$(BIN)/mkdocs serve --dirty

test: $(STAMP)  ## run every test (the linter first)
	$(BIN)/ruff check hooks tests bench
	$(BIN)/python -m pytest

build: $(STAMP)  ## write the static site to site/ (strict; a failed build keeps the previous site/)
	cd hooks && ../$(BIN)/python -m kb build

check: $(STAMP)  ## validate data/ and render every page in memory, without building the site
	cd hooks && ../$(BIN)/python -m kb check

new: $(STAMP)  ## scaffold a record: make new COLLECTION=actors ID=some-id
	cd hooks && ../$(BIN)/python -m kb new $(COLLECTION) $(ID)

translations: $(STAMP)  ## list every field and page that lacks its second language
	cd hooks && ../$(BIN)/python -m kb translations

fields: $(STAMP)  ## refresh the field reference in CONTRIBUTING.md from data/schema
	cd hooks && ../$(BIN)/python -m kb fields --write ../CONTRIBUTING.md

# Installs exactly the locked versions, every package checked against its hash.
$(STAMP): requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	touch $(STAMP)

lock:  ## refresh requirements.lock from requirements*.txt (after changing a pin)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url \
		--no-emit-find-links --output-file requirements.lock requirements-dev.txt

bench: $(STAMP)  ## build synthetic 500, 1,000 and 5,000-record sites, ours against the stack alone; time a preview edit (long)
	$(BIN)/python bench/run.py --json bench/latest.json
	$(BIN)/python bench/serve.py --records 1000 --json bench/serve.json

measure: $(STAMP)  ## page weight and Lighthouse of the built site, served compressed under the sub-path
	npm install --no-audit --no-fund >/dev/null
	$(BIN)/python tools/page_weight.py
	$(BIN)/python tools/lighthouse.py

lint: $(STAMP)  ## the linter CI runs
	$(BIN)/ruff check hooks tests bench

clean:
	rm -rf $(VENV) site
