# kensa — top-level convenience Makefile over CMake.
#   make            build into build/ (the command is build/kensa)
#   make demo       install deps, build, analyze the bundled sample
#   make check      install deps, build and test, normal and ASan+UBSan
#   make fuzz       build the libFuzzer targets into build-fuzz/
#   make install PREFIX=/usr/local
PREFIX ?= /usr/local
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
SHARED ?= $(abspath ../shared)
CMAKE_FLAGS ?=

.PHONY: all build deps demo check check-normal check-asan fuzz fuzz-run install bench clean

all: build

deps:
	@scripts/install-deps

build/CMakeCache.txt:
	@cmake -S . -B build >/dev/null -DCMAKE_INSTALL_PREFIX=$(PREFIX) $(CMAKE_FLAGS)

build: build/CMakeCache.txt
	cmake --build build -j$(JOBS)

# The demo needs only the command; it replays the sample's recorded DNS and
# WHOIS evidence, so it runs the same with or without a network.
demo: deps build/CMakeCache.txt
	@echo "== building kensa (the first build takes a few minutes)"
	@cmake --build build -j$(JOBS) --target kensa_cli >/dev/null
	@echo "== kensa analyze --replay examples/seed-kagoya examples/seed-kagoya/message.eml"
	@build/kensa analyze --replay examples/seed-kagoya examples/seed-kagoya/message.eml

check: deps check-normal check-asan

check-normal: build/CMakeCache.txt
	@cmake -S . -B build -DKENSA_SHARED=$(SHARED) >/dev/null
	cmake --build build -j$(JOBS)
	cd build && KENSA_SHARED=$(SHARED) ctest --output-on-failure -j$(JOBS)

build-asan/CMakeCache.txt:
	cmake -S . -B build-asan -DKENSA_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug \
		-DKENSA_BUILD_BENCH=OFF $(CMAKE_FLAGS)

check-asan: build-asan/CMakeCache.txt
	@cmake -S . -B build-asan -DKENSA_SHARED=$(SHARED) >/dev/null
	cmake --build build-asan -j$(JOBS)
	cd build-asan && KENSA_SHARED=$(SHARED) \
		ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
		UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		ctest --output-on-failure -j$(JOBS)

build-fuzz/CMakeCache.txt:
	CC=clang cmake -S . -B build-fuzz -DKENSA_BUILD_FUZZERS=ON \
		-DKENSA_BUILD_TESTS=OFF -DKENSA_BUILD_BENCH=OFF -DCMAKE_BUILD_TYPE=Debug

fuzz: deps build-fuzz/CMakeCache.txt
	cmake --build build-fuzz -j$(JOBS)

FUZZ_SECONDS ?= 60
fuzz-run: fuzz
	fuzz/run-all $(FUZZ_SECONDS) $(SHARED)

bench: build
	bench/throughput $(SHARED)/corpus/ham-spam

install: build
	cmake --install build --prefix $(PREFIX)

clean:
	rm -rf build build-asan build-fuzz
