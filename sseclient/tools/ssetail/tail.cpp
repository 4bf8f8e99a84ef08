// SPDX-License-Identifier: MIT
#include "tail.h"

#include <QCoreApplication>

#include <unistd.h>

using namespace Qt::StringLiterals;

namespace sse::tail {

namespace {

// Output to a file or pipe is written in blocks, but a reader watching it (tail -f, a
// test) should not wait long for an event.
constexpr int flushDelayMs = 50;

} // namespace

Tail::Tail(const TailOptions &options)
    : m_options(options)
    , m_out(STDOUT_FILENO)
    , m_err(STDERR_FILENO)
    , m_printer(makePrinter(options, m_out, m_err))
    , m_source(makeSource(options, *this))
{
    m_timeoutTimer.setSingleShot(true);
    connect(&m_timeoutTimer, &QTimer::timeout, this,
        [this] { finish(3, u"timed out after %1 s"_s.arg(m_options.timeoutMs / 1000.0)); });
    m_flushTimer.setSingleShot(true);
    connect(&m_flushTimer, &QTimer::timeout, this, [this] { m_out.flush(); });
}

Tail::~Tail() = default;

void Tail::start()
{
    m_clock.start();
    if (m_options.timeoutMs > 0) {
        m_timeoutTimer.start(std::chrono::milliseconds(m_options.timeoutMs));
    }
    m_source->start();
}

void Tail::finishOutput()
{
    if (!m_finished) {
        m_elapsedNs = m_clock.isValid() ? m_clock.nsecsElapsed() : 0;
    }
    m_out.flush();
    if (m_options.stats) {
        const double seconds = double(m_elapsedNs) / 1e9;
        const qint64 bytes = m_source->bytesReceived();
        const double perSecond = seconds > 0 ? 1 / seconds : 0;
        const QByteArray line = QByteArray("events=") + QByteArray::number(m_events) + " bytes="
            + QByteArray::number(bytes) + " seconds=" + QByteArray::number(seconds, 'f', 6)
            + " events_per_s=" + QByteArray::number(double(m_events) * perSecond, 'f', 0)
            + " mb_per_s=" + QByteArray::number(double(bytes) / 1e6 * perSecond, 'f', 1) + '\n';
        m_err.write(line);
    }
    m_err.flush();
}

void Tail::sourceOpened(const QUrl &url)
{
    if (!m_finished && !m_options.quiet) {
        m_printer->open(url);
        printed();
    }
}

void Tail::sourceEvent(const QString &type, const QString &data, const QString &lastEventId)
{
    if (m_finished) {
        return;
    }
    ++m_events;
    if (!m_options.quiet) {
        m_printer->event(type, data, lastEventId);
        printed();
    }
    if (m_events == m_options.count) {
        finish(0);
    }
}

void Tail::sourceComment(const QString &text)
{
    if (!m_finished && !m_options.quiet) {
        m_printer->comment(text);
        printed();
    }
}

void Tail::sourceRetry(qint64 milliseconds)
{
    if (!m_finished && !m_options.quiet) {
        m_printer->retry(milliseconds);
        printed();
    }
}

void Tail::sourceError(const QString &message, bool willRetry, int retryInMs)
{
    if (m_finished) {
        return;
    }
    // A human wants to see every error, even with --quiet; JSON consumers asked for none.
    if (!m_options.quiet || m_printer->errorsGoToStderr()) {
        m_printer->error(message, willRetry, retryInMs);
        printed();
    }
}

void Tail::sourceFinished(int exitCode, const QString &reason)
{
    if (m_finished) {
        return;
    }
    QString stderrReason = reason;
    if (!reason.isEmpty() && !m_options.quiet) {
        m_printer->error(reason, false, -1);
        if (m_printer->errorsGoToStderr()) {
            stderrReason.clear(); // already there
        }
    }
    finish(exitCode, stderrReason);
}

void Tail::printed()
{
    if (m_out.isTerminal()) {
        m_out.flush();
    } else if (m_out.hasPending() && !m_flushTimer.isActive()) {
        m_flushTimer.start(flushDelayMs);
    }
}

void Tail::finish(int exitCode, const QString &reason)
{
    if (m_finished) {
        return;
    }
    m_finished = true;
    m_elapsedNs = m_clock.nsecsElapsed();
    m_timeoutTimer.stop();
    m_flushTimer.stop();
    m_source->stop();
    m_out.flush();
    if (!reason.isEmpty()) {
        m_err.write(u"sse-tail: %1\n"_s.arg(reason).toUtf8());
        m_err.flush();
    }
    QCoreApplication::exit(exitCode);
}

} // namespace sse::tail
