# The two commands of the README:
#   make site   set up everything, then build site/ (both languages and PDFs)
#   make test   set up everything, then run the test suite
PY := .venv/bin/python

.PHONY: site test setup check serve

site: setup
	$(PY) build.py build

test: setup
	$(PY) -m pytest -q

setup:
	bash scripts/setup.sh

check: setup
	$(PY) build.py check

serve: setup
	$(PY) build.py serve
