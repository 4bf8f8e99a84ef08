#!/usr/bin/env bash
# The install test: Hibiki installed the way a user gets it, then used.
#
#   install_test.sh MODE --build DIR --source DIR --version X.Y.Z --libdir DIR --soversion N
#                        --app-id ID --expect-app 0|1
#
# MODE is one of
#   desktop-file  desktop-file-validate on the configured desktop file
#   metainfo      appstreamcli validate --no-net on the configured AppStream file
#   tree          `cmake --install` into a throwaway prefix: the layout, the programs, the
#                 CMake package and pkg-config file, the external consumer project
#   packages      cpack: the .deb (control fields, contents) and the .tar.gz; as root with
#                 dpkg, `dpkg -i` it, use it, `dpkg -r` it and check that nothing is left;
#                 otherwise unpack it into a throwaway root and use it there
#
# Exit status 0 passed, 1 failed, 77 skipped (a tool is missing). Nothing is written to the
# build directory except what `cmake --install` always writes there (install_manifest.txt).
# Every wait has a deadline (read -t, curl/sse-tail timeouts); nothing sleeps.
# No pipefail: checks like `zcat | grep -q` stop reading early, and the writer's SIGPIPE
# must not turn a match into a failure.
set -eu

mode=${1:-}
shift || true
build='' source='' version='' libdir='' soversion='' appId='' expectApp=0
while [ $# -gt 0 ]; do
    case "$1" in
    --build) build=$2; shift 2 ;;
    --source) source=$2; shift 2 ;;
    --version) version=$2; shift 2 ;;
    --libdir) libdir=$2; shift 2 ;;
    --soversion) soversion=$2; shift 2 ;;
    --app-id) appId=$2; shift 2 ;;
    --expect-app) expectApp=$2; shift 2 ;;
    *) echo "install_test.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done

timeoutSeconds=30

log() { printf '[install:%s] %s\n' "$mode" "$*"; }
fail() { printf '[install:%s] FAIL: %s\n' "$mode" "$*" >&2; exit 1; }
skip() { printf '[install:%s] SKIP: %s\n' "$mode" "$*"; exit 77; }

work=
startedPids=()
installedDeb=0
cleanup() {
    local status=$?
    for pid in "${startedPids[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    # Never leave the package on the machine, also when a check in the middle failed.
    if [ "$installedDeb" = 1 ]; then
        dpkg --purge hibiki >/dev/null 2>&1 || true
    fi
    if [ -n "$work" ]; then
        rm -rf "$work"
    fi
    exit "$status"
}
trap cleanup EXIT

makeWorkDir() {
    work=$(mktemp -d "${TMPDIR:-/tmp}/hibiki-install-$mode.XXXXXX")
}

# The files every install must have, relative to the prefix.
expectedFiles() {
    echo "bin/sse-tail"
    echo "bin/hibiki-server"
    if [ "$expectApp" = 1 ]; then
        echo "bin/hibiki"
    fi
    echo "$libdir/libsseclient.so.$version"
    echo "$libdir/libsseclient.so.$soversion"
    echo "$libdir/libsseclient.so"
    echo "$libdir/cmake/SseClient/SseClientConfig.cmake"
    echo "$libdir/cmake/SseClient/SseClientConfigVersion.cmake"
    echo "$libdir/cmake/SseClient/SseClientTargets.cmake"
    echo "$libdir/pkgconfig/sseclient.pc"
    for header in eventsource.h parser.h types.h certificatepinning.h backoff.h retryafter.h \
        sseclient_export.h; do
        echo "include/sseclient/$header"
    done
    echo "share/applications/$appId.desktop"
    echo "share/metainfo/$appId.metainfo.xml"
    echo "share/icons/hicolor/scalable/apps/$appId.svg"
    for size in 16 22 24 32 48 64 128 256 512; do
        echo "share/icons/hicolor/${size}x${size}/apps/$appId.png"
    done
    for page in hibiki hibiki-server sse-tail; do
        echo "share/man/man1/$page.1.gz"
    done
    echo "share/doc/hibiki/copyright"
}

checkLayout() { # PREFIX
    local prefix=$1 missing=0
    while read -r file; do
        if [ ! -e "$prefix/$file" ]; then
            echo "  missing: $file" >&2
            missing=1
        fi
    done < <(expectedFiles)
    [ "$missing" = 0 ] || fail "files missing under $prefix"
    if [ "$expectApp" != 1 ]; then
        log "note: target hibiki does not exist in this build; bin/hibiki is not expected"
    fi
    # Man pages must be readable roff, the icon PNGs real images of their size.
    for page in hibiki hibiki-server sse-tail; do
        zcat "$prefix/share/man/man1/$page.1.gz" | head -n 3 | grep -q "^\.TH" \
            || fail "man page $page.1.gz is not roff"
        zcat "$prefix/share/man/man1/$page.1.gz" | grep -q "Hibiki $version" \
            || fail "man page $page.1.gz does not name version $version"
    done
    grep -q "version=\"$version\"" "$prefix/share/metainfo/$appId.metainfo.xml" \
        || fail "the AppStream file has no release $version"
    log "layout under $prefix: $(expectedFiles | wc -l) expected files present"
}

checkVersions() { # BINDIR
    local bindir=$1 output
    output=$("$bindir/sse-tail" --version) || fail "sse-tail --version failed"
    [[ $output == *"$version"* ]] || fail "sse-tail --version says '$output', not $version"
    output=$("$bindir/hibiki-server" --version) || fail "hibiki-server --version failed"
    [[ $output == *"$version"* ]] || fail "hibiki-server --version says '$output'"
    if [ -x "$bindir/hibiki" ]; then
        output=$(QT_QPA_PLATFORM=offscreen "$bindir/hibiki" --version) \
            || fail "hibiki --version failed"
        [[ $output == *"$version"* ]] || fail "hibiki --version says '$output', not $version"
        log "hibiki --version: $output"
    else
        log "SKIP hibiki --version: no $bindir/hibiki (the target hibiki is not built yet)"
    fi
    log "sse-tail and hibiki-server report version $version"
}

# POST one JSON body over bash's /dev/tcp (no curl needed); prints the status code.
httpPost() { # HOST PORT PATH BODY
    local host=$1 port=$2 path=$3 body=$4 status
    exec 7<>"/dev/tcp/$host/$port" || fail "cannot connect to $host:$port"
    printf 'POST %s HTTP/1.1\r\nHost: %s:%s\r\nContent-Type: application/json\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s' \
        "$path" "$host" "$port" "${#body}" "$body" >&7
    IFS=' ' read -r -t "$timeoutSeconds" -u 7 _ status _ || fail "no answer to POST $path"
    exec 7<&-
    echo "$status"
}

# The installed hibiki-server, the installed sse-tail, a message posted in between; then
# the consumer example receives the same message through the installed library.
checkRoom() { # BINDIR [CONSUMER]
    local bindir=$1 consumer=${2:-} line url host port status
    mkfifo "$work/server.out" "$work/tail.out"

    "$bindir/hibiki-server" --port 0 --heartbeat-ms 0 >"$work/server.out" 2>"$work/server.err" &
    local serverPid=$!
    startedPids+=("$serverPid")
    exec 5<"$work/server.out"
    IFS= read -r -t "$timeoutSeconds" -u 5 line \
        || fail "hibiki-server printed no ready line: $(cat "$work/server.err")"
    [[ $line =~ ^listening\ on\ http://(127\.0\.0\.1):([0-9]+)$ ]] \
        || fail "unexpected ready line '$line'"
    host=${BASH_REMATCH[1]}
    port=${BASH_REMATCH[2]}
    url="http://$host:$port"
    log "installed hibiki-server listens on $url"

    "$bindir/sse-tail" --json --count 1 --timeout "$timeoutSeconds" "$url/sse" \
        >"$work/tail.out" 2>"$work/tail.err" &
    local tailPid=$!
    startedPids+=("$tailPid")
    exec 6<"$work/tail.out"
    # Post only once the stream is open, so that the message arrives live, not as replay.
    local opened=0 lines=0
    while [ "$lines" -lt 20 ] && IFS= read -r -t "$timeoutSeconds" -u 6 line; do
        lines=$((lines + 1))
        if [ "$line" = '{"kind":"open"}' ]; then
            opened=1
            break
        fi
    done
    [ "$opened" = 1 ] || fail "sse-tail did not open the stream: $(cat "$work/tail.err")"

    local content="Hello from the installed Hibiki $version"
    status=$(httpPost "$host" "$port" /messages \
        "{\"user\":\"install-test\",\"content\":\"$content\",\"clientId\":\"install-test-$$\"}")
    [ "$status" = 201 ] || fail "POST /messages answered $status, not 201"

    local received=
    lines=0
    while [ "$lines" -lt 20 ] && IFS= read -r -t "$timeoutSeconds" -u 6 line; do
        lines=$((lines + 1))
        if [[ $line == '{"kind":"event"'* ]]; then
            received=$line
            break
        fi
    done
    [[ $received == *'"type":"message"'* && $received == *"$content"* ]] \
        || fail "sse-tail did not receive the message (got '$received')"
    wait "$tailPid" || fail "sse-tail --count 1 exited with $?"
    log "installed sse-tail received: $received"

    if [ -n "$consumer" ]; then
        line=$(timeout 60 "$consumer" "$url/sse") || fail "sse-consumer $url/sse failed ($?)"
        [[ $line == *"$content"* ]] || fail "sse-consumer received '$line'"
        log "the consumer example received the message through the installed library"
    fi

    kill -TERM "$serverPid"
    wait "$serverPid" || fail "hibiki-server did not shut down cleanly on SIGTERM ($?)"
    exec 5<&- 6<&-
    rm -f "$work/server.out" "$work/tail.out"
}

# Builds tests/install/consumer against PREFIX with find_package(SseClient); also compiles
# its main.cpp by hand with the flags of the installed pkg-config file. Sets consumerProgram
# to the CMake-built program.
consumerProgram=
buildConsumer() { # PREFIX [PKG_CONFIG_DIR]
    local prefix=$1 pcdir=${2:-} consumerBuild="$work/consumer-build"
    cmake -S "$source/tests/install/consumer" -B "$consumerBuild" -G Ninja \
        -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH="$prefix" \
        -DSSECLIENT_VERSION="$version" >"$work/consumer-configure.log" 2>&1 \
        || { cat "$work/consumer-configure.log" >&2; fail "the consumer project did not configure"; }
    local found
    found=$(sed -n 's/^SseClient_DIR:PATH=//p' "$consumerBuild/CMakeCache.txt")
    [ "$found" -ef "$prefix/$libdir/cmake/SseClient" ] \
        || fail "find_package(SseClient) found $found, not the package under $prefix"
    cmake --build "$consumerBuild" >"$work/consumer-build.log" 2>&1 \
        || { cat "$work/consumer-build.log" >&2; fail "the consumer project did not build"; }
    checkConsumerOutput "$consumerBuild/sse-consumer" "find_package(SseClient)"

    local pkgconfig=(pkg-config)
    if [ -n "$pcdir" ]; then
        pkgconfig=(env "PKG_CONFIG_PATH=$pcdir" pkg-config)
    fi
    local pcVersion
    pcVersion=$("${pkgconfig[@]}" --modversion sseclient) || fail "pkg-config finds no sseclient"
    [ "$pcVersion" = "$version" ] || fail "pkg-config says sseclient $pcVersion, not $version"
    # shellcheck disable=SC2046
    c++ -std=c++17 -o "$work/sse-consumer-pc" "$source/tests/install/consumer/main.cpp" \
        $("${pkgconfig[@]}" --cflags --libs sseclient) -Wl,-rpath,"$prefix/$libdir" \
        2>"$work/consumer-pc.log" \
        || { cat "$work/consumer-pc.log" >&2; fail "the consumer does not build with pkg-config's flags"; }
    checkConsumerOutput "$work/sse-consumer-pc" "pkg-config sseclient"
    consumerProgram="$consumerBuild/sse-consumer"
}

checkConsumerOutput() { # PROGRAM WHAT
    local expected output
    expected=$'greeting|hello\\nworld|1\nmessage||1'
    output=$(timeout 60 "$1") || fail "$2: the consumer example failed"
    [ "$output" = "$expected" ] || fail "$2: the consumer printed '$output', expected '$expected'"
    log "$2: the consumer example builds, links and parses"
}

validateDesktopFile() { # FILE
    desktop-file-validate "$1" || fail "desktop-file-validate rejects $1"
    # Invite links open in Hibiki: the link is passed as %u, the scheme is registered.
    grep -qx 'Exec=hibiki %u' "$1" || fail "$1 does not pass invite links (Exec=hibiki %u)"
    grep -qx 'MimeType=x-scheme-handler/hibiki;' "$1" \
        || fail "$1 does not register x-scheme-handler/hibiki"
    log "desktop-file-validate: $1 is valid and opens hibiki:// links"
}

validateMetainfo() { # FILE
    appstreamcli validate --no-net --no-color "$1" || fail "appstreamcli rejects $1"
    log "appstreamcli validate: $1 is valid"
}

case "$mode" in
desktop-file)
    command -v desktop-file-validate >/dev/null \
        || skip "desktop-file-validate not installed (Debian package desktop-file-utils)"
    validateDesktopFile "$build/packaging/$appId.desktop"
    ;;

metainfo)
    command -v appstreamcli >/dev/null || skip "appstreamcli not installed (Debian package appstream)"
    validateMetainfo "$build/packaging/$appId.metainfo.xml"
    ;;

tree)
    makeWorkDir
    prefix="$work/prefix"
    log "cmake --install $build --prefix $prefix"
    cmake --install "$build" --prefix "$prefix" >"$work/install.log" 2>&1 \
        || { cat "$work/install.log" >&2; fail "cmake --install failed"; }
    checkLayout "$prefix"
    # The programs must run from any prefix without LD_LIBRARY_PATH (relative RUNPATH),
    # except in a build configured for /usr, which has none.
    # shellcheck disable=SC2016 # a literal $ORIGIN
    if ! readelf -d "$prefix/bin/sse-tail" | grep -q 'R.*PATH.*\$ORIGIN'; then
        log "no \$ORIGIN RUNPATH (a build for /usr): using LD_LIBRARY_PATH"
        export LD_LIBRARY_PATH="$prefix/$libdir"
    fi
    checkVersions "$prefix/bin"
    buildConsumer "$prefix" "$prefix/$libdir/pkgconfig"
    checkRoom "$prefix/bin" "$consumerProgram"
    if command -v desktop-file-validate >/dev/null; then
        validateDesktopFile "$prefix/share/applications/$appId.desktop"
    fi
    log "PASS"
    ;;

packages)
    command -v dpkg-deb >/dev/null || skip "dpkg-deb not installed"
    makeWorkDir
    log "cpack -G DEB;TGZ (output in $work/packages)"
    (cd "$work" && cpack --config "$build/CPackConfig.cmake" -G "DEB;TGZ" -B "$work/packages") \
        >"$work/cpack.log" 2>&1 || { cat "$work/cpack.log" >&2; fail "cpack failed"; }
    arch=$(dpkg --print-architecture)
    deb="$work/packages/hibiki_${version}-1_${arch}.deb"
    tarball=$(echo "$work"/packages/hibiki-"$version"-linux-*.tar.gz)
    [ -f "$deb" ] || fail "no $deb: $(ls "$work/packages")"
    [ -f "$tarball" ] || fail "no tarball hibiki-$version-linux-*.tar.gz"

    # Control fields.
    field() { dpkg-deb --field "$deb" "$1"; }
    [ "$(field Package)" = hibiki ] || fail "Package is '$(field Package)'"
    [ "$(field Version)" = "$version-1" ] || fail "Version is '$(field Version)'"
    [ "$(field Section)" = net ] || fail "Section is '$(field Section)'"
    [ -n "$(field Maintainer)" ] || fail "no Maintainer"
    depends=$(field Depends)
    for needed in libc6 libstdc++6 libqt6core6 libqt6network6 libqt6sql6-sqlite; do
        [[ $depends == *"$needed"* ]] || fail "Depends lacks $needed: $depends"
    done
    if [ "$expectApp" = 1 ]; then
        [[ $depends == *libqt6widgets6* ]] || fail "Depends lacks libqt6widgets6: $depends"
        # The invite card's QR code.
        [[ $depends == *libqrencode* ]] || fail "Depends lacks libqrencode: $depends"
    fi
    [[ $depends != *sseclient* ]] || fail "Depends names the package's own library: $depends"
    log "Depends (dpkg-shlibdeps): $depends"
    if [ "$expectApp" = 1 ]; then
        recommends=$(field Recommends)
        for wanted in fonts-noto-cjk fonts-noto-color-emoji qt6-translations-l10n; do
            [[ $recommends == *"$wanted"* ]] || fail "Recommends lacks $wanted: $recommends"
        done
    fi
    [ -n "$(field Description)" ] || fail "no Description"
    # Maintainer scripts: only CPack's ldconfig calls.
    mkdir "$work/control"
    dpkg-deb --control "$deb" "$work/control"
    for script in preinst prerm; do
        [ ! -e "$work/control/$script" ] || fail "unexpected maintainer script $script"
    done

    # Contents: the same layout as cmake --install, under /usr; stripped binaries.
    mkdir "$work/root"
    dpkg-deb --extract "$deb" "$work/root"
    checkLayout "$work/root/usr"
    if file -L "$work/root/usr/bin/sse-tail" | grep -q "not stripped"; then
        fail "the binaries in the .deb are not stripped"
    fi
    # The tarball: one top-level folder with the same layout.
    mkdir "$work/tar"
    tar -xzf "$tarball" -C "$work/tar"
    checkLayout "$(echo "$work"/tar/hibiki-"$version"-linux-*)"

    if [ "$(id -u)" = 0 ] && command -v dpkg >/dev/null && [ -z "${HIBIKI_INSTALL_TEST_NO_DPKG:-}" ]; then
        if dpkg-query -W -f='${Status}' hibiki 2>/dev/null | grep -q "installed"; then
            skip "a package hibiki is already installed on this machine; the test does not touch it (dpkg -r hibiki to run this part)"
        fi
        log "dpkg -i $(basename "$deb")"
        installedDeb=1
        dpkg -i "$deb" >"$work/dpkg-install.log" 2>&1 \
            || { cat "$work/dpkg-install.log" >&2; fail "dpkg -i failed"; }
        dpkg -L hibiki | grep -v '^/\.$' >"$work/files.txt"
        grep -q "^/usr/bin/sse-tail$" "$work/files.txt" || fail "dpkg -L lists no /usr/bin/sse-tail"
        [ "$(command -v hibiki-server)" = /usr/bin/hibiki-server ] \
            || fail "hibiki-server on PATH is $(command -v hibiki-server), not /usr/bin"
        ldconfig -p | grep -q "libsseclient.so.$soversion" \
            || fail "libsseclient is not in the ldconfig cache after installing"
        checkVersions /usr/bin
        if command -v desktop-file-validate >/dev/null; then
            validateDesktopFile "/usr/share/applications/$appId.desktop"
        fi
        if command -v appstreamcli >/dev/null; then
            validateMetainfo "/usr/share/metainfo/$appId.metainfo.xml"
        fi
        buildConsumer /usr
        checkRoom /usr/bin "$consumerProgram"

        log "dpkg -r hibiki"
        dpkg -r hibiki >"$work/dpkg-remove.log" 2>&1 \
            || { cat "$work/dpkg-remove.log" >&2; fail "dpkg -r failed"; }
        leftovers=0
        while IFS= read -r path; do
            if [ -d "$path" ] && [ ! -L "$path" ]; then
                # A directory may stay only if something else still uses it.
                if [ -z "$(ls -A "$path")" ] && ! dpkg -S "$path" >/dev/null 2>&1; then
                    echo "  empty directory left: $path" >&2
                    leftovers=1
                fi
            elif [ -e "$path" ] || [ -L "$path" ]; then
                echo "  file left: $path" >&2
                leftovers=1
            fi
        done <"$work/files.txt"
        [ "$leftovers" = 0 ] || fail "dpkg -r left files behind"
        ! ldconfig -p | grep -q libsseclient || fail "libsseclient still in the ldconfig cache"
        # dpkg keeps a removed package with a postrm in state config-files until it is
        # purged; it must have no conffiles that could stay behind, then purge finishes.
        conffiles=$(dpkg-query -W -f='${Conffiles}' hibiki 2>/dev/null || true)
        [ -z "$conffiles" ] || fail "the package has conffiles left after dpkg -r: $conffiles"
        log "dpkg -r removed all $(wc -l <"$work/files.txt") paths"
        dpkg --purge hibiki >"$work/dpkg-purge.log" 2>&1 \
            || { cat "$work/dpkg-purge.log" >&2; fail "dpkg --purge failed"; }
        status=$(dpkg-query -W -f='${Status}' hibiki 2>/dev/null || true)
        [[ -z $status || $status == *not-installed* ]] \
            || fail "after dpkg --purge the package is '$status'"
        installedDeb=0
    else
        log "not root (or no dpkg): using the .deb unpacked into $work/root instead of dpkg -i"
        export LD_LIBRARY_PATH="$work/root/usr/$libdir"
        checkVersions "$work/root/usr/bin"
        buildConsumer "$work/root/usr" "$work/root/usr/$libdir/pkgconfig"
        checkRoom "$work/root/usr/bin" "$consumerProgram"
    fi
    log "PASS"
    ;;

*)
    echo "usage: install_test.sh desktop-file|metainfo|tree|packages --build DIR --source DIR --version V --libdir DIR --soversion N --app-id ID --expect-app 0|1" >&2
    exit 2
    ;;
esac
