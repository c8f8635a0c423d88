# Webox Social — the two commands of the README are `make run` and `make test`.
# Both install what is missing (Debian/Ubuntu packages) by themselves.

GO      ?= go
BIN     := bin/webox-social
PKGS    := ./...
# Fyne logs "Error parsing user locale C" under LANG=C.UTF-8.
export LANG := en_US.UTF-8

.PHONY: run build test vet unit keychain pds e2e smoke bench deps-build deps-test fmt demo-data

## run: build the app and start it (ARGS="--headless" etc. are passed on)
run: build
	./$(BIN) $(ARGS)

## build: build the binary into bin/
build: deps-build
	$(GO) build -o $(BIN) .

## test: vet, unit tests with -race, keychain, end-to-end and window smoke tests
test: deps-test vet unit keychain pds e2e smoke
	@echo "make test: all suites passed"

vet:
	$(GO) vet $(PKGS)
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); echo "gofmt: files above need formatting"; exit 1; }

unit:
	$(GO) test -race -count=1 $(PKGS)

## keychain: secrets tests against a real Secret Service (gnome-keyring on a private D-Bus)
keychain:
	scripts/with-keychain.sh $(GO) test -race -count=1 -tags keychain ./services/secrets/...

## pds: Bluesky sign-in against the real atproto PDS (installed from npm into .cache/pds)
pds:
	scripts/pds/setup.sh
	$(GO) test -race -count=1 -tags pds ./services/platforms/bluesky/...

## e2e: the real binary, headless, against the Mastodon fake: kill -9 mid-publish, sleep past the threshold
e2e:
	$(GO) test -count=1 -tags e2e -run 'TestE2E' -v .

## smoke: the real window under Xvfb, clicked through with xdotool; screenshots in docs/screenshots/
smoke: build
	scripts/smoke.sh $(BIN)

## bench: startup, idle RSS, due→request latency, month range query, calendar render (a table on stdout)
bench: build
	scripts/bench.sh $(BIN)

deps-build:
	@scripts/install-deps.sh build

deps-test:
	@scripts/install-deps.sh test

fmt:
	gofmt -w $$(git ls-files '*.go')

## demo-data: a demo workspace for the Stats screen; then make run ARGS="--data-dir .cache/demo"
demo-data:
	$(GO) run ./scripts/demodata --data-dir $(or $(DIR),.cache/demo) $(DEMO_ARGS)
