// SPDX-License-Identifier: MIT
#pragma once

#include "options.h"
#include "outputwriter.h"
#include "printer.h"
#include "source.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <memory>

namespace sse::tail {

// The tool itself: reads one source, prints what it reports, counts, and decides when
// and how to exit (0 done, 1 failed, 3 timed out).
class Tail final
    : public QObject
    , private SourceSink
{
    Q_OBJECT

public:
    explicit Tail(const TailOptions &options);
    ~Tail() override;

    // Starts reading; call from the running event loop. The loop is quit with the exit
    // status when done.
    void start();
    // Flushes what is left and prints the --stats line. Call after the loop returned.
    void finishOutput();

private:
    // SourceSink
    void sourceOpened(const QUrl &url) override;
    void sourceEvent(const QString &type, const QString &data, const QString &lastEventId) override;
    void sourceComment(const QString &text) override;
    void sourceRetry(qint64 milliseconds) override;
    void sourceError(const QString &message, bool willRetry, int retryInMs) override;
    void sourceFinished(int exitCode, const QString &reason) override;

    void printed();
    void finish(int exitCode, const QString &reason = {});

    TailOptions m_options;
    OutputWriter m_out;
    OutputWriter m_err;
    std::unique_ptr<Printer> m_printer;
    std::unique_ptr<Source> m_source;
    QTimer m_timeoutTimer;
    QTimer m_flushTimer;
    QElapsedTimer m_clock;
    qint64 m_elapsedNs = 0;
    qint64 m_events = 0;
    bool m_finished = false;
};

} // namespace sse::tail
