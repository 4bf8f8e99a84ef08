// SPDX-License-Identifier: MIT
// libFuzzer target: sse::parseRetryAfter() never overflows, never leaves [0, cap], and
// refuses or accepts a value whatever the cap (retryafter_invariant.h).
//
//   fuzz_retryafter -max_total_time=120 tests/fuzz/corpus-retryafter-work \
//       tests/fuzz/corpus-retryafter
#include "retryafter_invariant.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const std::string problem = sse::test::checkRetryAfterInvariants(
        QByteArrayView(reinterpret_cast<const char *>(data), qsizetype(size)));
    if (!problem.empty()) {
        std::fprintf(stderr, "Retry-After invariant broken: %s\n", problem.c_str());
        std::abort(); // libFuzzer saves the input as a crash-* file
    }
    return 0;
}
