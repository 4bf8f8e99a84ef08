// SPDX-License-Identifier: MIT
#pragma once

#include "source.h"

#include <QObject>

class QNetworkAccessManager;
class QNetworkReply;

namespace sse {
class EventSource;
struct Error;
} // namespace sse

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
    void onError(const Error &error);
    void checkPin(QNetworkReply *reply);
    void fail(const QString &reason);

    SourceSink &m_sink;
    QByteArray m_pinnedSha256; // --pin-sha256, normalized; empty: none
    QNetworkAccessManager *m_manager = nullptr; // a child, with --pin-sha256 only
    EventSource *m_eventSource; // a child
    bool m_stopped = false;
};

} // namespace sse::tail
