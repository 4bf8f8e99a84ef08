// SPDX-License-Identifier: MIT
#pragma once

#include "options.h"

#include <QString>
#include <QUrl>

#include <memory>

namespace sse::tail {

// What a source reports, in stream order. Called synchronously from the source.
class SourceSink
{
public:
    virtual ~SourceSink() = default;

    virtual void sourceOpened(const QUrl &url) = 0;
    virtual void sourceEvent(const QString &type, const QString &data, const QString &lastEventId)
        = 0;
    virtual void sourceComment(const QString &text) = 0;
    virtual void sourceRetry(qint64 milliseconds) = 0;
    // A failure the source recovers from (a reconnect is scheduled).
    virtual void sourceError(const QString &message, bool willRetry, int retryInMs) = 0;
    // The source is done: exit code 0 (end of file, server said stop) or 1 (failed), with
    // the reason when it did not simply reach the end.
    virtual void sourceFinished(int exitCode, const QString &reason) = 0;
};

// An event stream being read: a URL (sse::EventSource) or a file descriptor (sse::Parser).
class Source
{
public:
    virtual ~Source() = default;

    // Starts reading; call from the running event loop.
    virtual void start() = 0;
    // Stops at once: nothing is reported afterwards.
    virtual void stop() = 0;
    // Bytes of the stream body read so far.
    virtual qint64 bytesReceived() const = 0;
};

std::unique_ptr<Source> makeSource(const TailOptions &options, SourceSink &sink);

} // namespace sse::tail
