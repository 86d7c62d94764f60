# The two commands of the README: `make run` and `make test`. Both install what is missing first.
SWIFT ?= swift
DATA_DIR ?= ./var
PORT ?= 8080

.PHONY: run test build test-swift test-e2e bench clean fuzz fuzz-ci

run:
	@scripts/install-deps.sh run
	$(SWIFT) build --product siang
	.build/debug/siang serve --data-dir $(DATA_DIR) --port $(PORT)

build:
	@scripts/install-deps.sh run
	$(SWIFT) build --build-tests

# Every suite: Swift Testing for the modules, then the end-to-end and browser tests (pytest) against
# the built server binary.
test:
	@scripts/install-deps.sh test
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	$(SWIFT) build --product siang
	SIANG_BIN=$(CURDIR)/.build/debug/siang python3 -m pytest -q Tests/e2e

test-swift:
	$(SWIFT) test

test-e2e:
	$(SWIFT) build --product siang
	SIANG_BIN=$(CURDIR)/.build/debug/siang python3 -m pytest -q Tests/e2e

# Benchmarks (release build, wrk); see bench/README.md. Not part of `make test`.
bench:
	bench/run.sh

# libFuzzer targets for the parsers of outside input (Fuzz/README.md), FUZZ_SECONDS each, one after
# another; fails on a crash, a hang or a broken invariant. Not part of `make test` (Fuzz/README.md says why).
FUZZ_SECONDS ?= 30
fuzz:
	Fuzz/run.sh $(FUZZ_SECONDS)

# The CI-sized run: every target briefly (about three minutes in all once built).
fuzz-ci:
	Fuzz/run.sh 20

clean:
	rm -rf .build .build-fuzz
