# Installs the Hono peer's pinned dependencies: `npm ci` in the build tree's copy of
# tests/interop/hono, run by the build (target interop_hono_deps) whenever
# package-lock.json changes. Usage:
#   cmake -DNPM=<npm> -DDIR=<dir> -DSTAMP=<file> -P npm_ci.cmake
execute_process(
    COMMAND "${NPM}" ci --no-audit --no-fund --loglevel=error
    WORKING_DIRECTORY "${DIR}"
    RESULT_VARIABLE result)
if(NOT result EQUAL 0)
    message(FATAL_ERROR "npm ci failed in ${DIR} (exit ${result}): the Hono interop peer "
        "cannot be installed. Is the npm registry reachable? Configure with "
        "-DHIBIKI_INTEROP_HONO=OFF to build without it.")
endif()
file(TOUCH "${STAMP}")
