// SPDX-License-Identifier: MIT
#pragma once

#include "source.h"

#include <QObject>

namespace sse {
class EventSource;
}

namespace sse::tail {

// A URL followed by sse::EventSource, with the command line's options.
class NetworkSource final
    : public QObject
    , public Source
{
    Q_OBJECT

public:
    NetworkSource(const TailOptions &options, SourceSink &sink);
    ~NetworkSource() override;

    void start() override;
    void stop() override;
    qint64 bytesReceived() const override;

private:
    SourceSink &m_sink;
    EventSource *m_eventSource; // a child
    bool m_stopped = false;
};

} // namespace sse::tail
