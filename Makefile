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
PKGLIBDIR ?= $(PREFIX)/lib/healthgap
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
# What `stat`, `validate`, `gaps` and `compare` need: the healthgap binary links
# only these; `run` and `chart` are in the render module (engine/cli/module.h).
# They are linked statically (the archives of Debian's -dev packages): the
# dynamic loader's mapping and relocating of libglib, libgsl and libpcre2 was a
# third of a small command's start-up (issue 17: under 5 ms).  libc stays
# shared, for dlopen of the module, which keeps its own shared GLib and GSL.
# GLib is LGPL: healthgap's source is the means to relink it.
# Under the sanitizers they stay shared, where tests/lsan.supp names GLib's
# process-lifetime caches by their library.
ifeq ($(SAN),1)
CORE_LIBS  = $(eval CORE_LIBS := $$(shell pkg-config --libs gsl glib-2.0) -lcsv -lm -lpthread -ldl)$(CORE_LIBS)
else
CORE_LIBS  = $(eval CORE_LIBS := -Wl,-Bstatic $$(filter-out -lm -pthread,$$(shell pkg-config --static --libs-only-l gsl glib-2.0)) -lcsv -Wl,-Bdynamic -lm -lpthread -ldl)$(CORE_LIBS)
endif
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
# -fPIC: the same objects make the render module, a shared object;
# -fno-semantic-interposition keeps calls inside the library direct.
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE -fPIC -fno-semantic-interposition -fvisibility=hidden -DHG_VERSION='"$(VERSION)"' $(WARN) $(OPT) -Iinclude -Iengine -Itests/support $(PKG_CFLAGS) $(CFLAGS)
ALL_LDFLAGS = $(LDSAN) $(LDFLAGS)

LIB_SRCS   := $(sort $(wildcard floor/*.c indicators/*.c charts/*.c) \
                $(filter-out engine/cli/%,$(wildcard engine/*/*.c)))
CLI_SRCS   := $(sort $(wildcard engine/cli/*.c))
CLI_OBJS   := $(CLI_SRCS:%.c=$(BUILD)/%.o)
LIB_OBJS   := $(LIB_SRCS:%.c=$(BUILD)/%.o)
LIB        := $(BUILD)/libhealthgap.a
LIB_INT    := $(BUILD)/libhealthgap-internal.a
BIN        := $(BUILD)/healthgap
# The render module: the drawing commands with the whole library, opened by
# the binary with dlopen when `run` or `chart` is asked for (engine/cli/module.h).
MODULE     := $(BUILD)/libhealthgap-render.so
MODULE_CLI_OBJS := $(addprefix $(BUILD)/engine/cli/,cli_run.o cli_chart.o cli_common.o module_entry.o)
BIN_CLI_OBJS := $(filter-out $(addprefix $(BUILD)/engine/cli/,cli_run.o cli_chart.o module_entry.o),$(CLI_OBJS))
# The part of the library the binary's commands use (see $(LIB_CORE) below).
LIB_CORE   := $(BUILD)/libhealthgap-core.a
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

all: $(BIN) $(MODULE)

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

# Objects depend on the Makefile: its flags change what they are (the render
# module needs -fPIC objects; an older build tree's made the link fail).
$(BUILD)/%.o: %.c Makefile
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

# The binary's share of the library: the members of the internal archive that
# its commands reach (ld -r pulls them by the hg_ symbols the CLI objects use),
# as one object with its hidden symbols made local, as $(LIB): so the CLI still
# links through the public API only, and nothing that draws comes along.
$(LIB_CORE): $(BIN_CLI_OBJS) $(LIB_INT)
	@rm -f $@ $(BUILD)/libhealthgap-core.o
	$(LD) -r -o $(BUILD)/libhealthgap-core.o \
	  $$(nm -u $(BIN_CLI_OBJS) | awk '$$1 == "U" && $$2 ~ /^hg_/ { print "-u", $$2 }' | sort -u) \
	  $(LIB_INT)
	objcopy --localize-hidden $(BUILD)/libhealthgap-core.o
	ar rcs $@ $(BUILD)/libhealthgap-core.o

$(BIN): $(BIN_CLI_OBJS) $(LIB_CORE)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(CORE_LIBS)

# Exports hg_cli_module_entry only (module.map); -z defs: every symbol resolved
# at link time, not at a user's first `run` (not under the sanitizers, whose
# runtime the binary brings).
MODULE_LDFLAGS := -shared -Wl,--version-script=engine/cli/module.map $(if $(LDSAN),,-Wl,-z,defs)
$(MODULE): $(MODULE_CLI_OBJS) $(LIB) engine/cli/module.map
	$(CC) $(ALL_LDFLAGS) $(MODULE_LDFLAGS) -o $@ $(MODULE_CLI_OBJS) $(LIB) $(PKG_LIBS)

# Where the binary looks for the module after `make install` (module_load.c).
$(BUILD)/engine/cli/module_load.o: ALL_CFLAGS += -DHG_MODULE_DIR='"$(PKGLIBDIR)"'

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

# bench_startup's floor: a program linking what the binary links, doing nothing.
$(BUILD)/bench/startup_floor: $(BUILD)/bench/startup_floor.o
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(CORE_LIBS)
$(BUILD)/bench/bench_startup: | $(BUILD)/bench/startup_floor $(BIN) $(MODULE)
# bench_stat's whole-process floor: libcsv alone, linked as the binary links it.
$(BUILD)/bench/bare_parse: $(BUILD)/bench/bare_parse.o
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(if $(filter 1,$(SAN)),-lcsv,-Wl,-Bstatic -lcsv -Wl,-Bdynamic)
$(BUILD)/bench/bench_stat: | $(BUILD)/bench/bare_parse $(BIN)

tests: $(BIN) $(MODULE) $(TEST_BINS) $(HOOKS_BIN)

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

bench: $(BIN) $(MODULE) $(BENCH_BINS)
	@BUILD=$(BUILD) sh bench/run_bench.sh $(BENCH_BINS)

fuzz:
	@BUILD=build-fuzz FUZZ_SECONDS=$(FUZZ_SECONDS) PKGS="$(PKGS)" sh fuzz/run_fuzz.sh $(FUZZ_SRCS)

demo: $(BIN) $(MODULE)
	@sh fixtures/london/run_demo.sh $(BIN)

install: $(BIN) $(MODULE)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(PKGLIBDIR)
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/healthgap
	install -m 644 $(MODULE) $(DESTDIR)$(PKGLIBDIR)/libhealthgap-render.so
	install -m 644 docs/healthgap.1 $(DESTDIR)$(MANDIR)/man1/healthgap.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/healthgap $(DESTDIR)$(MANDIR)/man1/healthgap.1
	rm -f $(DESTDIR)$(PKGLIBDIR)/libhealthgap-render.so
	-rmdir $(DESTDIR)$(PKGLIBDIR) 2>/dev/null

clean:
	rm -rf build build-asan build-fuzz

-include $(LIB_OBJS:.o=.d) $(CLI_OBJS:.o=.d) $(TEST_BINS:=.d) $(BENCH_BINS:=.d)
