// SPDX-License-Identifier: MIT
// libFuzzer target: sse::Parser must report the same log however the stream is split,
// respect its limits, and agree with the specification's algorithm (parser_invariant.h).
//
//   fuzz_parser -max_total_time=300 tests/fuzz/corpus-work tests/fuzz/corpus
#include "parser_invariant.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const std::string problem = sse::test::checkParserInvariants(
        QByteArrayView(reinterpret_cast<const char *>(data), qsizetype(size)));
    if (!problem.empty()) {
        std::fprintf(stderr, "parser invariant broken: %s\n", problem.c_str());
        std::abort(); // libFuzzer saves the input as a crash-* file
    }
    return 0;
}
