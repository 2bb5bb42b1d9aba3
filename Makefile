# tfauth — plain GNU Makefile with pkg-config.
#   make                      build build/tfauth
#   make check                install what is missing, build, run every test (prove)
#   make doctor [DIR=...]     install what is missing, build, run build/tfauth doctor [DIR]
#   make DEVELOPER=1          the full warning set, warnings are errors
#   make SANITIZE=address,undefined check
#   make fuzz                 libFuzzer targets in build/fuzz/ (clang)
#   make lint                 clang-format check and cppcheck
#   make install PREFIX=/usr/local DESTDIR=

PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
MANDIR  ?= $(PREFIX)/share/man
CC      ?= cc
PKG_CONFIG ?= pkg-config
PKGS    := libcurl libcrypto yaml-0.1 jansson expat zlib
VERSION := 0.1.0

B       := build
ifneq ($(SANITIZE),)
B       := build/san
endif

CFLAGS  ?= -O2 -g
BASE_CFLAGS := -std=c17 -D_GNU_SOURCE -Isrc -DTFAUTH_VERSION='"$(VERSION)"'
BASE_CFLAGS += $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
# libcurl is not linked: src/core/curl_lazy.c loads it on first use (it
# costs ~3 ms of start-up that only the network commands need).
LIBS    := $(shell $(PKG_CONFIG) --libs $(filter-out libcurl,$(PKGS)) 2>/dev/null) -ldl -lm

ifeq ($(DEVELOPER),1)
BASE_CFLAGS += -Wall -Wextra -Werror -Wshadow -Wformat=2 -Wformat-security \
	-Wstrict-prototypes -Wmissing-prototypes -Wold-style-definition \
	-Wpointer-arith -Wvla -Wcast-qual -Wwrite-strings -Wundef \
	-Wno-unused-parameter -Wno-missing-field-initializers
else
BASE_CFLAGS += -Wall
endif
ifneq ($(SANITIZE),)
BASE_CFLAGS += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS += -fsanitize=$(SANITIZE)
endif

ALL_CFLAGS = $(BASE_CFLAGS) $(CFLAGS)

LIB_SRC  := $(sort $(wildcard src/core/*.c src/aws/*.c src/report/*.c src/checks/*.c \
	src/tf/*.c src/ci/*.c src/explain/*.c src/trail/*.c src/scan/*.c src/cmd/*.c))
LIB_OBJ  := $(LIB_SRC:%.c=$(B)/%.o)
MAIN_OBJ := $(B)/src/main.o
UNIT_SRC := $(sort $(wildcard t/unit/*.c))
UNIT_BIN := $(UNIT_SRC:t/unit/%.c=$(B)/t/%.t)
HELPER_SRC := $(sort $(wildcard t/helper/*.c))
HELPER_BIN := $(HELPER_SRC:t/helper/%.c=$(B)/t/helper/%)
FUZZ_SRC := $(sort $(wildcard fuzz/fuzz-*.c))

.PHONY: all check doctor deps test-deps test unit-tests fuzz fuzz-run lint layers install clean golden-update bench
all: $(B)/tfauth

$(B)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(B)/libtfauth.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(B)/tfauth: $(MAIN_OBJ) $(B)/libtfauth.a
	$(CC) $(LDFLAGS) -o $@ $(MAIN_OBJ) $(B)/libtfauth.a $(LIBS)

$(B)/t/%.t: t/unit/%.c t/tap.h $(B)/libtfauth.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -It -o $@ $< $(B)/libtfauth.a $(LDFLAGS) $(LIBS)

$(B)/t/helper/%: t/helper/%.c $(B)/libtfauth.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -It -o $@ $< $(B)/libtfauth.a $(LDFLAGS) $(LIBS)

unit-tests: $(UNIT_BIN) $(HELPER_BIN)

deps:
	@scripts/install-deps

test-deps:
	@scripts/install-deps --test

# The tests find the binary through TFAUTH and the build dir through TFAUTH_BUILD.
test: $(B)/tfauth unit-tests
	TFAUTH=$(CURDIR)/$(B)/tfauth TFAUTH_BUILD=$(CURDIR)/$(B) \
	  prove --exec '' $(PROVE_FLAGS) $(UNIT_BIN) $(sort $(wildcard t/*.t))

check: test-deps
	@$(MAKE) --no-print-directory test

# doctor's exit status 1 means "findings", which is what make doctor is for:
# only a usage or runtime error (2, 3) fails the target.
# make doctor DIR=~/src/infra: your Terraform configuration and CI files.
# Without DIR, doctor looks at your environment and AWS files only: this
# checkout's Terraform and CI files are test fixtures, not yours.
doctor: deps
	@$(MAKE) --no-print-directory $(B)/tfauth
	@mkdir -p $(B)/no-terraform
	@$(B)/tfauth doctor $(if $(DIR),$(DIR),$(B)/no-terraform); s=$$?; [ $$s -le 1 ] || exit $$s

golden-update: $(B)/tfauth
	TFAUTH=$(CURDIR)/$(B)/tfauth TFAUTH_GOLDEN_UPDATE=1 t/golden.t

bench: $(B)/tfauth
	bench/run

FUZZ_CC ?= clang
FUZZ_FLAGS := -g -O1 -fsanitize=fuzzer-no-link,address,undefined -std=c17 -D_GNU_SOURCE -Isrc \
	-DTFAUTH_VERSION='"$(VERSION)"' $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
FUZZ_LIB_OBJ := $(LIB_SRC:%.c=build/fuzz/obj/%.o)
FUZZ_BIN := $(FUZZ_SRC:fuzz/%.c=build/fuzz/%)

# -MMD: a changed header rebuilds the objects that include it (a struct that
# grew a field must not meet objects compiled with the old one)
build/fuzz/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_FLAGS) -MMD -MP -c -o $@ $<

build/fuzz/libtfauth-fuzz.a: $(FUZZ_LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

build/fuzz/fuzz-%: fuzz/fuzz-%.c build/fuzz/libtfauth-fuzz.a
	$(FUZZ_CC) $(FUZZ_FLAGS) -MMD -MP -fsanitize=fuzzer -o $@ $< build/fuzz/libtfauth-fuzz.a $(LIBS)

-include $(FUZZ_LIB_OBJ:.o=.d) $(FUZZ_BIN:=.d)

# libFuzzer targets (clang): one per parser, sharing one instrumented library.
fuzz: $(FUZZ_BIN)

# Run every fuzz target for FUZZ_TIME seconds; new inputs go to build/fuzz/,
# the committed seeds in fuzz/corpus/<name>/ are read only.
FUZZ_TIME ?= 60
fuzz-run: fuzz
	@for f in $(FUZZ_SRC); do n=$$(basename $$f .c); c=$${n#fuzz-}; \
	  mkdir -p build/fuzz/corpus-$$c; echo "  RUN $$n ($(FUZZ_TIME) s)"; \
	  build/fuzz/$$n -max_total_time=$(FUZZ_TIME) -print_final_stats=1 build/fuzz/corpus-$$c fuzz/corpus/$$c 2>&1 \
	    | grep -E '^(stat::number_of_executed_units|==[0-9]+==ERROR|SUMMARY)' || exit 1; \
	  done

# No include runs up a floor (scripts/layers; t/layers.t runs it in make check).
layers:
	scripts/layers src

lint:
	clang-format --dry-run --Werror src/*.c src/*/*.c src/*/*.h t/tap.h t/unit/*.c t/helper/*.c fuzz/*.c
	cppcheck --quiet --error-exitcode=1 --enable=warning,portability --std=c11 \
	  --suppress=missingIncludeSystem --suppress=unknownMacro -Isrc src

install: $(B)/tfauth
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	install -m 755 $(B)/tfauth $(DESTDIR)$(BINDIR)/tfauth
	install -m 644 doc/tfauth.1 $(DESTDIR)$(MANDIR)/man1/tfauth.1

clean:
	rm -rf build

-include $(LIB_OBJ:.o=.d) $(MAIN_OBJ:.o=.d)
