// SPDX-License-Identifier: MIT
// libFuzzer target: hibiki::MessageDecoder on any event a server can send
// (core_invariants.h). Built with -DHIBIKI_FUZZ=ON (clang, ASan + UBSan):
//
//   fuzz_decoder -max_total_time=300 -dict=tests/fuzz/fuzz_core.dict tests/fuzz/corpus-decoder-work
//   \
//       tests/fuzz/corpus-decoder
#include "core_invariants.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const std::string problem = hibiki::test::checkDecoderInvariants(
        QByteArrayView(reinterpret_cast<const char *>(data), qsizetype(size)));
    if (!problem.empty()) {
        std::fprintf(stderr, "decoder invariant broken: %s\n", problem.c_str());
        std::abort(); // libFuzzer saves the input as a crash-* file
    }
    return 0;
}
