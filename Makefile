# The two commands of the README (on a fresh machine they set everything up,
# Debian packages included, which needs root once):
#   make site        build site/ (both languages and the PDFs)
#   make test        run the whole test suite (what CI runs: .ci/run)
# For whoever changes the code, once the machine has the Debian packages (no root):
#   make test-fast   the unit tier and the checker's bad-input corpus (under a minute)
#   make lint        ruff check, ruff format --check, mypy on briefing/
#   make bench       time check and build (real content and synthetic corpora)
#   make clean       remove the build output (site/, .cache/)
PY := .venv/bin/python
# Passed on to benchmarks/run.py, e.g. make bench BENCH_ARGS="--sizes 100 --runs 1"
BENCH_ARGS ?=
# Passed on to build.py build, e.g. make site BUILD_ARGS="--format github" (pull requests)
BUILD_ARGS ?=

.PHONY: site test test-fast lint bench clean setup setup-system setup-tools check serve

site: setup
	$(PY) build.py build $(BUILD_ARGS)

# -n auto: one pytest worker per core; loadscope keeps a module's tests (and its module-scoped
# fixtures, such as the killed builds) in one worker, so no fixture is made twice.
PYTEST_PARALLEL := -n auto --dist loadscope

test: setup
	$(PY) -m pytest -q $(PYTEST_PARALLEL)

test-fast: setup-tools
	$(PY) -m pytest -q -m unit $(PYTEST_PARALLEL)

lint: setup-tools
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/mypy

bench: setup
	$(PY) benchmarks/run.py $(BENCH_ARGS)

clean:
	rm -rf site/ .cache/ .pytest_cache/ .mypy_cache/ .ruff_cache/

# Everything: the Debian packages (root, only when some are missing), then the tools.
setup: setup-system setup-tools

setup-system:
	bash scripts/setup-system.sh

# The pinned Python packages in .venv, the package itself and the npm tools (no root).
setup-tools:
	bash scripts/setup.sh

check: setup-tools
	$(PY) build.py check

serve: setup-tools
	$(PY) build.py serve
