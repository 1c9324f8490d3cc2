# healthgap: GNU make, no configure step.  `make help` lists the targets.
#
# Sources are found by wildcard so that a new module (floor/*.c, indicators/*.c,
# charts/*.c, engine/<stage>/*.c), a new test (tests/test_*.c, tests/cli/*.sh) or a
# new benchmark (bench/bench_*.c) needs no Makefile edit.  docs/architecture.md
# describes the folders; `make layers` checks that each uses only those below it.

VERSION   := 0.1.0
PREFIX    ?= /usr/local
BINDIR    ?= $(PREFIX)/bin
MANDIR    ?= $(PREFIX)/share/man
DESTDIR   ?=
BUILD     ?= build
CC        ?= cc
NPROC     := $(shell nproc 2>/dev/null || echo 2)

# Every Debian package the project needs, for `make deps`.
DEB_PKGS := build-essential pkg-config libcsv-dev libgsl-dev libcairo2-dev libpango1.0-dev \
            libglib2.0-dev libjson-glib-dev libcmocka-dev libpng-dev libfontconfig-dev \
            clang clang-format libclang-rt-14-dev \
            poppler-utils fonts-dejavu-core libxlsxwriter-dev python3-openpyxl chromium python3-websocket

PKGS := gsl cairo pangocairo pangoft2 fontconfig libpng glib-2.0 gthread-2.0 json-glib-1.0 \
        xlsxwriter

# pkg-config is run once, lazily: `make deps all` must see the flags of the
# packages that `deps` has just installed, so they cannot be read at parse time.
PKG_CFLAGS = $(eval PKG_CFLAGS := $$(shell pkg-config --cflags $(PKGS)))$(PKG_CFLAGS)
PKG_LIBS   = $(eval PKG_LIBS := $$(shell pkg-config --libs $(PKGS)) -lcsv -lm -lpthread)$(PKG_LIBS)
CMOCKA_LIBS = $(eval CMOCKA_LIBS := $$(shell pkg-config --libs cmocka))$(CMOCKA_LIBS)

WARN    := -Wall -Wextra -Wpedantic -Wshadow
ifeq ($(CI),true)
WARN    += -Werror
endif
ifeq ($(WERROR),1)
WARN    += -Werror
endif
OPT     ?= -O2 -g
ifeq ($(SAN),1)
OPT     := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
LDSAN   := -fsanitize=address,undefined
endif
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE -fvisibility=hidden -DHG_VERSION='"$(VERSION)"' $(WARN) $(OPT) -Iinclude -Iengine -Itests/support $(PKG_CFLAGS) $(CFLAGS)
ALL_LDFLAGS = $(LDSAN) $(LDFLAGS)

LIB_SRCS   := $(sort $(wildcard floor/*.c indicators/*.c charts/*.c) \
                $(filter-out engine/cli/%,$(wildcard engine/*/*.c)))
CLI_SRCS   := $(sort $(wildcard engine/cli/*.c))
CLI_OBJS   := $(CLI_SRCS:%.c=$(BUILD)/%.o)
LIB_OBJS   := $(LIB_SRCS:%.c=$(BUILD)/%.o)
LIB        := $(BUILD)/libhealthgap.a
LIB_INT    := $(BUILD)/libhealthgap-internal.a
BIN        := $(BUILD)/healthgap
TEST_SUPPORT_SRCS := $(wildcard tests/support/*.c)
TEST_SUPPORT_OBJS := $(TEST_SUPPORT_SRCS:%.c=$(BUILD)/%.o)
TEST_SRCS  := $(sort $(wildcard tests/test_*.c))
TEST_BINS  := $(TEST_SRCS:tests/%.c=$(BUILD)/tests/%)
BENCH_SRCS := $(sort $(wildcard bench/bench_*.c))
BENCH_BINS := $(BENCH_SRCS:bench/%.c=$(BUILD)/bench/%)
FUZZ_SRCS  := $(sort $(wildcard fuzz/fuzz_*.c))
FUZZ_SECONDS ?= 60

.SECONDARY:
.PHONY: all deps check asan fuzz bench demo install uninstall clean help tests layers format

all: $(BIN)

help:
	@echo 'healthgap $(VERSION): make targets'
	@echo '  all        build $(BIN) (default)'
	@echo '  deps       install every Debian package needed (apt-get; root or sudo; idempotent)'
	@echo '  check      build and run the whole test suite (unit, oracle, CLI, golden images)'
	@echo '  asan       the whole test suite under -fsanitize=address,undefined'
	@echo '  fuzz       run the libFuzzer targets for FUZZ_SECONDS each (default $(FUZZ_SECONDS))'
	@echo '  bench      run the benchmarks (each prints a ratio against a baseline of the same run)'
	@echo '  demo       build and run the London demo pack (fixtures/london)'
	@echo '  install    install into $$(DESTDIR)$$(PREFIX) (PREFIX=$(PREFIX))'
	@echo '  uninstall  remove what install put there'
	@echo '  layers     check that each folder uses only the layers below it (part of check)'
	@echo '  format     apply .clang-format to every C file (check verifies it)'
	@echo '  clean      remove build outputs'
	@echo 'Variables: BUILD=dir, PREFIX, DESTDIR, CI=true or WERROR=1 for -Werror, FUZZ_SECONDS.'

deps:
	@missing=$$(for p in $(DEB_PKGS); do \
	  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; \
	done); \
	if [ -z "$$missing" ]; then echo "deps: all packages installed"; exit 0; fi; \
	SUDO=; [ "$$(id -u)" -eq 0 ] || SUDO=sudo; \
	echo "deps: installing$$(echo $$missing | sed 's/^/ /')"; \
	$$SUDO apt-get update -q && \
	$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

# The library a program links: one relocatable object whose hidden symbols
# (everything not declared in include/healthgap, see HG_BEGIN_DECLS) are made
# local, so only the public hg_ API is exported.  The CLI links it, which
# proves that the CLI needs nothing else.  Tests and benchmarks, which reach
# internals, link the plain archive of the same objects.
$(LIB): $(LIB_OBJS)
	@rm -f $@ $(BUILD)/libhealthgap.o
	$(LD) -r -o $(BUILD)/libhealthgap.o $^
	objcopy --localize-hidden $(BUILD)/libhealthgap.o
	ar rcs $@ $(BUILD)/libhealthgap.o

$(LIB_INT): $(LIB_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(BIN): $(CLI_OBJS) $(LIB)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS)

# The CLI with the run's test hooks (HEALTHGAP_TEST_DELAY_MS), for the tests
# that signal or race a run in progress; the installed binary has none.
HOOKS_BIN  := $(BUILD)/tests/healthgap-hooks
$(BUILD)/tests/hooks/cli_run.o: engine/cli/cli_run.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -DHG_TEST_HOOKS -MMD -MP -c $< -o $@

$(HOOKS_BIN): $(filter-out $(BUILD)/engine/cli/cli_run.o,$(CLI_OBJS)) $(BUILD)/tests/hooks/cli_run.o $(LIB_INT)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/tests/%: $(BUILD)/tests/%.o $(TEST_SUPPORT_OBJS) $(LIB_INT)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS) $(CMOCKA_LIBS)

$(BUILD)/bench/%: $(BUILD)/bench/%.o $(LIB_INT)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS)

tests: $(BIN) $(TEST_BINS) $(HOOKS_BIN)

# The suite runner prints one closing line 'N passed, N failed' and exits 1 on any failure.
check:
	@$(MAKE) --no-print-directory -j$(NPROC) tests
	@BUILD=$(BUILD) sh tests/run_tests.sh

layers: $(LIB) $(CLI_OBJS)
	@sh tests/tools/layers.sh $(BUILD)

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

asan:
	@$(MAKE) --no-print-directory BUILD=build-asan SAN=1 check

bench: $(BIN) $(BENCH_BINS)
	@BUILD=$(BUILD) sh bench/run_bench.sh $(BENCH_BINS)

fuzz:
	@BUILD=build-fuzz FUZZ_SECONDS=$(FUZZ_SECONDS) PKGS="$(PKGS)" sh fuzz/run_fuzz.sh $(FUZZ_SRCS)

demo: $(BIN)
	@sh fixtures/london/run_demo.sh $(BIN)

install: $(BIN)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/healthgap
	install -m 644 docs/healthgap.1 $(DESTDIR)$(MANDIR)/man1/healthgap.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/healthgap $(DESTDIR)$(MANDIR)/man1/healthgap.1

clean:
	rm -rf build build-asan build-fuzz

-include $(LIB_OBJS:.o=.d) $(CLI_OBJS:.o=.d) $(TEST_BINS:=.d) $(BENCH_BINS:=.d)
