#!/usr/bin/env bash
# Hibiki set-up: installs the missing Debian packages, configures and builds,
# then runs the app ("run") or the whole test suite ("test").
#
#   scripts/setup.sh run   [-- app arguments]
#   scripts/setup.sh test  [-- ctest arguments]
#   scripts/setup.sh build
#   scripts/setup.sh deps
#
# Idempotent: a second run installs nothing and rebuilds only what changed.
# BUILD_DIR (default: build) and BUILD_TYPE (default: RelWithDebInfo) may be set.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
BUILD_TYPE="${BUILD_TYPE:-RelWithDebInfo}"
COMMAND="${1:-run}"
shift || true
[ "${1:-}" = "--" ] && shift

log() { printf '\033[1m[hibiki]\033[0m %s\n' "$*" >&2; }

install_missing_packages() {
    local wanted missing=()
    wanted=$(grep -v '^\s*#' "$ROOT/scripts/packages.txt" | tr -s '[:space:]' ' ')
    for pkg in $wanted; do
        # NodeSource's nodejs bundles npm and conflicts with Debian's npm package.
        if [ "$pkg" = npm ] && command -v npm >/dev/null; then continue; fi
        if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
            missing+=("$pkg")
        fi
    done
    if [ ${#missing[@]} -eq 0 ]; then
        log "all Debian packages present"
        return
    fi
    log "installing missing packages: ${missing[*]}"
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null || { log "not root and no sudo: install ${missing[*]} by hand"; exit 1; }
        sudo=(sudo)
    fi
    export DEBIAN_FRONTEND=noninteractive
    "${sudo[@]}" apt-get update -qq
    "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

build() {
    if [ ! -f "$BUILD_DIR/build.ninja" ]; then
        cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE="$BUILD_TYPE"
    fi
    cmake --build "$BUILD_DIR"
}

run_app() {
    if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
        log "no display found (DISPLAY and WAYLAND_DISPLAY are unset)."
        log "Hibiki is a desktop app: run it from a graphical session, or under a virtual display:"
        log "    xvfb-run -a scripts/setup.sh run"
        exit 1
    fi
    exec "$BUILD_DIR/bin/hibiki" "$@"
}

case "$COMMAND" in
deps) install_missing_packages ;;
build) install_missing_packages; build ;;
run) install_missing_packages; build; run_app "$@" ;;
test)
    install_missing_packages
    build
    export QT_QPA_PLATFORM=offscreen
    ctest --test-dir "$BUILD_DIR" --output-on-failure -j2 --timeout 300 "$@"
    ;;
*)
    echo "usage: scripts/setup.sh run|test|build|deps" >&2
    exit 2
    ;;
esac
