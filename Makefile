# Set-up on a fresh Debian machine is two commands:
#   make        build every edition of every document in seeds/
#   make test   run the test suite
# Every seeds/<slug>.txt is a document; its editions land in build/.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
READY  := $(VENV)/ready

SLUGS   := $(patsubst seeds/%.txt,%,$(wildcard seeds/*.txt))
SOURCES := $(SLUGS:%=build/%.md)
PDFS    := $(SLUGS:%=build/%.pdf)
DOCXS   := $(SLUGS:%=build/%.docx)
EPUBS   := $(SLUGS:%=build/%.epub)

# Code each output is made by: a change there rebuilds it.
CODE        := $(wildcard pipeline/*.py pipeline/*/*.py)
PDF_INPUTS  := $(wildcard templates/*) styles/print.css
EPUB_INPUTS := styles/epub.css

.PHONY: all source pdf docx epub test clean distclean
.DELETE_ON_ERROR:
.SECONDEXPANSION:

all: source pdf docx epub

source: $(SOURCES)
pdf: $(PDFS)
docx: $(DOCXS)
epub: $(EPUBS)

# System libraries first (installed with apt-get when root), then the
# virtual environment with the Python dependencies from pyproject.toml.
$(VENV)/system-ok: pipeline/sysdeps.py
	$(PYTHON) pipeline/sysdeps.py
	@mkdir -p $(VENV) && touch $@

# The project runs from this directory (python -m pipeline) and is not
# installed itself: only the dependencies pyproject.toml lists are.
$(READY): pyproject.toml $(VENV)/system-ok
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -c 'import tomllib; p = tomllib.load(open("pyproject.toml", "rb"))["project"]; \
	  print("\n".join(p["dependencies"] + p["optional-dependencies"]["test"]))' > $(VENV)/requirements.txt
	$(PY) -m pip install --quiet -r $(VENV)/requirements.txt
	@touch $@

build/%.md: seeds/%.txt $$(wildcard seeds/$$*.yaml) $(CODE) $(READY)
	$(PY) -m pipeline clean $< -o $@ --changes build/$*.changes.json

build/%.pdf: build/%.md $(CODE) $(PDF_INPUTS) $(READY)
	$(PY) -m pipeline render $< --formats pdf

build/%.docx: build/%.md $(CODE) $(READY)
	$(PY) -m pipeline render $< --formats docx

build/%.epub: build/%.md $(CODE) $(EPUB_INPUTS) $(READY)
	$(PY) -m pipeline render $< --formats epub

test: $(READY)
	$(PY) -m pytest

clean:
	rm -rf build

distclean: clean
	rm -rf $(VENV) *.egg-info
