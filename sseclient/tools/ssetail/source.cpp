// SPDX-License-Identifier: MIT
#include "source.h"

#include "filesource.h"
#include "networksource.h"

namespace sse::tail {

std::unique_ptr<Source> makeSource(const TailOptions &options, SourceSink &sink)
{
    if (options.sourceKind == SourceKind::Url) {
        return std::make_unique<NetworkSource>(options, sink);
    }
    return std::make_unique<FileSource>(options, sink);
}

} // namespace sse::tail
