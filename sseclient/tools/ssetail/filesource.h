// SPDX-License-Identifier: MIT
#pragma once

#include "source.h"

#include <sseclient/parser.h>

#include <QByteArray>
#include <QObject>

#include <memory>

class QSocketNotifier;

namespace sse::tail {

// A file or standard input parsed as one stream up to its end (no reconnect). Reading
// goes through the event loop (a socket notifier for pipes and terminals, queued steps
// for regular files) so that --timeout works even while stdin is silent.
class FileSource final
    : public QObject
    , public Source
    , private ParserHandler
{
    Q_OBJECT

public:
    FileSource(const TailOptions &options, SourceSink &sink);
    ~FileSource() override;

    void start() override;
    void stop() override;
    qint64 bytesReceived() const override { return m_bytesReceived; }

private:
    // ParserHandler
    void onEvent(const QString &type, const QString &data, const QString &lastEventId) override;
    void onRetry(qint64 milliseconds) override;
    void onComment(const QString &text) override;
    void onError(ParseError error, const QString &message) override;

    void readSome();
    void scheduleRead();
    void feed(const char *data, qsizetype size);
    void finish(int exitCode, const QString &reason);

    SourceSink &m_sink;
    QString m_path; // empty: standard input
    qsizetype m_chunkSize;
    Parser m_parser;
    QByteArray m_readBuffer;
    int m_fd = -1;
    bool m_ownsFd = false;
    bool m_regularFile = false;
    bool m_stopped = false;
    qint64 m_bytesReceived = 0;
    qint64 m_reconnectionTimeMs;
    std::unique_ptr<QSocketNotifier> m_notifier;
};

} // namespace sse::tail
