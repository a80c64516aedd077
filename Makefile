# Set-up on a fresh Debian machine is two commands:
#   make        build every edition of every document in seeds/
#   make test   run the test suite
# Every seeds/<slug>.txt is a document; its editions land in build/.

PYTHON ?= python3
# PDF page size and margins, e.g. `make -B pdf PAGE_SIZE=A5 PAGE_MARGIN="15mm"`
# (-B: make does not see a changed variable by itself).
PAGE_SIZE   ?= A4
PAGE_MARGIN ?= 25mm 22mm 22mm
VENV   := .venv
PY     := $(VENV)/bin/python
READY  := $(VENV)/ready

# The edition: zh-CN (the default, from the reviewed cleaned source) or
# zh-Hant (Traditional Chinese, Taiwan standard, derived from it):
# `make EDITION=zh-Hant` builds build/<slug>.zh-Hant.{pdf,docx,epub}.
EDITION ?= zh-CN
ifeq ($(EDITION),zh-Hant)
EDITION_SUFFIX := .zh-Hant
else ifneq ($(EDITION),zh-CN)
$(error EDITION is zh-CN or zh-Hant, not '$(EDITION)')
endif

# make splits names at spaces and reads : # % $ ; * ? [ ] as syntax: a seed
# named with one is refused by name, not half-built.
HASH := \#
UNMAKEABLE := $(shell find seeds -maxdepth 1 -name '*.txt' -name '*[][ :$(HASH)%$$;*?]*' 2>/dev/null)
ifneq ($(UNMAKEABLE),)
$(error $(UNMAKEABLE): make cannot build a seed whose file name holds a space or one of : $(HASH) % $$ ; * ? [ ]; rename it (hyphens are fine))
endif
SLUGS   := $(patsubst seeds/%.txt,%,$(wildcard seeds/*.txt))
SOURCES := $(SLUGS:%=build/%.md)
CHANGES := $(SLUGS:%=build/%.changes.json)
REPORTS := $(SLUGS:%=build/%.report.html) $(SLUGS:%=build/%.report.json)
EDITION_SOURCES := $(SLUGS:%=build/%$(EDITION_SUFFIX).md)
PDFS    := $(SLUGS:%=build/%$(EDITION_SUFFIX).pdf)
DOCXS   := $(SLUGS:%=build/%$(EDITION_SUFFIX).docx)
EPUBS   := $(SLUGS:%=build/%$(EDITION_SUFFIX).epub)

# Code each output is made by: a change there rebuilds it.
CODE := $(wildcard pipeline/*.py pipeline/*/*.py pipeline/sites/*.yaml)
# The templates and styles the editions are rendered with, as the registry of
# formats declares them (pipeline/render/formats.py, run without the venv).
RENDER_INPUTS := $(shell $(PYTHON) pipeline/render/formats.py)
ifeq ($(RENDER_INPUTS),)
$(error pipeline/render/formats.py listed no inputs of the renderers (is $(PYTHON) there?))
endif
REPORT_TEMPLATE := templates/cleaning-report.html.j2

# One job per core (documents side by side); each target's output kept together.
MAKEFLAGS += --jobs=$(shell nproc) --output-sync=target

.PHONY: all source pdf docx epub check check-source diff bench test lock clean distclean
.DELETE_ON_ERROR:
.SECONDEXPANSION:

all: source $(EDITION_SOURCES) pdf docx epub

source: $(SOURCES) $(CHANGES) $(REPORTS)
pdf: $(PDFS)
docx: $(DOCXS)
epub: $(EPUBS)

# System libraries first (installed with apt-get when root), then the
# virtual environment: the Python dependencies at the versions
# requirements.lock pins (every file checked against its hash), then the
# project itself.
$(VENV)/system-ok: pipeline/sysdeps.py
	$(PYTHON) pipeline/sysdeps.py
	@mkdir -p $(VENV) && touch $@

# The lock holds the test extra too; the project is installed editable and
# adds nothing to it: the scrape-publisher command runs this checkout's code.
$(READY): pyproject.toml requirements.lock $(VENV)/system-ok
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes --requirement requirements.lock
	$(PY) -m pip install --quiet --no-deps --editable .
	@touch $@

# requirements.lock from pyproject.toml (and its test extra) by pip-tools, in
# a virtual environment of its own. A pin stays where it is while
# pyproject.toml admits it; `make lock UPGRADE=1` moves every pin to the
# newest release admitted. Then `make` installs what it pins.
LOCK_TOOLS := $(VENV)/lock-tools
$(LOCK_TOOLS)/bin/pip-compile:
	$(PYTHON) -m venv $(LOCK_TOOLS)
	$(LOCK_TOOLS)/bin/pip install --quiet pip-tools==7.6.2

lock: $(LOCK_TOOLS)/bin/pip-compile
	CUSTOM_COMPILE_COMMAND="make lock" $(LOCK_TOOLS)/bin/pip-compile --quiet --extra test --strip-extras \
	  --generate-hashes --no-emit-index-url --no-emit-find-links $(if $(UPGRADE),--upgrade) \
	  --output-file requirements.lock pyproject.toml

# The cleaned source, its change log and its cleaning report, made together
# (a pattern rule's targets are one recipe's): a missing one remakes them.
build/%.md build/%.changes.json build/%.report.html build/%.report.json: seeds/%.txt $$(wildcard seeds/$$*.yaml seeds/$$*.edits.yaml) $(CODE) $(REPORT_TEMPLATE) $(READY)
	$(PY) -m pipeline clean $< -o build/$*.md --changes build/$*.changes.json --report build/$*.report.html

# Kept, not deleted as an intermediate: it is the zh-Hant edition's source.
.PRECIOUS: build/%.zh-Hant.md
build/%.zh-Hant.md: build/%.md $(CODE) $(READY)
	$(PY) -m pipeline convert $< --to zh-Hant -o $@

# One process makes the three editions of a source (the DOCX and EPUB beside
# the PDF's layout, pipeline/render/__init__.py); a pattern rule with three
# targets is run once for all three.
build/%.pdf build/%.docx build/%.epub: build/%.md $(CODE) $(RENDER_INPUTS) $(READY)
	$(PY) -m pipeline render $< --page-size "$(PAGE_SIZE)" --margin "$(PAGE_MARGIN)"

# Every validator: epubcheck, PDF fonts, text of every edition against its source.
check: all
	@status=0; for source in $(EDITION_SOURCES); do $(PY) -m pipeline check $$source || status=1; done; exit $$status

# Made by a script from pandoc's default, never edited by hand; committed, and
# remade byte for byte whenever the script changes.
styles/reference.docx: styles/make_reference_docx.py | $(READY)
	$(PY) styles/make_reference_docx.py

# The committed cleaned sources must be what the pipeline makes of seeds/ now
# (pipeline/review.py).
check-source: $(READY)
	@$(PY) -m pipeline -q check-source seeds build

# What changed in the cleaned sources: the committed version (REV, default
# HEAD) against a fresh build, or two revisions against each other (REV=A..B).
REV ?= HEAD
diff: $(READY)
	@$(PY) -m pipeline -q diff-rev '$(REV)' --seeds seeds --build build

# Median time of each stage on the first seed and on it ten times over.
bench: $(READY)
	$(PY) -m pipeline.bench $(firstword $(wildcard seeds/*.txt))

test: $(READY)
	$(PY) -m pytest

# Removes what git does not track under build/: the committed cleaned
# sources stay. Outside a git checkout, only the files the pipeline names
# as its outputs (and their temporary files) go.
OUTPUT_PATTERNS := *.pdf *.docx *.epub *.changes.json *.report.html *.report.json *.diff.html *.zh-Hant.md .*.part
clean:
	@if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then \
	  git ls-files -z --others -- build | xargs -0 -r rm -f --; \
	else \
	  rm -f $(addprefix build/,$(OUTPUT_PATTERNS)); \
	fi
	@if [ -d build ]; then find build -mindepth 1 -type d -empty -delete; fi

distclean: clean
	rm -rf $(VENV) *.egg-info .setuptools-build
