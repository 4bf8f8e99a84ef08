// SPDX-License-Identifier: MIT
#pragma once

#include "sseclient/sseclient_export.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace sse {

// Limits that keep a hostile or broken server from exhausting memory.
struct ParserLimits
{
    qsizetype maxLineBytes = 1 << 20; // one line, terminator excluded
    qsizetype maxEventBytes = 16 << 20; // data buffer plus event type of one event
};

enum class ParseError {
    LineTooLong,
    EventTooLarge,
};

// What the parser produces. The parser calls these synchronously from feed().
// Strings are only valid as values (QString is implicitly shared, copy freely).
class ParserHandler
{
public:
    virtual ~ParserHandler() = default;

    // A dispatched event. `type` is "message" when the stream set none.
    virtual void onEvent(const QString &type, const QString &data, const QString &lastEventId) = 0;
    // The stream set a new reconnection time with a valid `retry:` field.
    virtual void onRetry(qint64 milliseconds) { Q_UNUSED(milliseconds); }
    // The event source's last event ID changed (takes effect when a block is dispatched,
    // even one without data, exactly as the specification's "last event ID string").
    virtual void onLastEventIdChanged(const QString &lastEventId) { Q_UNUSED(lastEventId); }
    // A comment line (":" prefix), without the colon. Only called when comments are enabled.
    virtual void onComment(const QString &text) { Q_UNUSED(text); }
    // A limit was exceeded. The parser stops; nothing more is reported until reset().
    virtual void onError(sse::ParseError error, const QString &message)
    {
        Q_UNUSED(error);
        Q_UNUSED(message);
    }
};

// The "event stream interpretation" of the WHATWG HTML Standard, section 9.2
// (Server-sent events), as an incremental parser.
//
// Feed it the bytes of one response in chunks of any size; it reports exactly what
// the specification's algorithm reports for the whole stream, however it is split:
// one leading BOM stripped, CRLF/LF/CR line ends (also a CR|LF pair split between
// chunks), UTF-8 decoding with U+FFFD replacement (also for sequences split between
// chunks). The parser never touches the network and allocates only for the strings
// it hands out and for lines or events that span chunks.
class SSECLIENT_EXPORT Parser
{
public:
    explicit Parser(ParserHandler &handler, ParserLimits limits = {});

    Parser(const Parser &) = delete;
    Parser &operator=(const Parser &) = delete;

    // Parses the next piece of the stream.
    void feed(QByteArrayView chunk);

    // Starts a new stream (a new connection). Buffers are emptied, and the last event
    // ID buffer starts at `lastEventId` so that an event without `id:` on the new
    // connection keeps the ID the event source already has.
    void reset(const QString &lastEventId = {});

    // Makes a feed() in progress return after the current line: for a handler that
    // closes its connection from inside onEvent().
    void interrupt() { m_interrupted = true; }

    void setCommentsEnabled(bool enabled) { m_commentsEnabled = enabled; }
    bool commentsEnabled() const { return m_commentsEnabled; }

    const ParserLimits &limits() const { return m_limits; }
    bool hasFailed() const { return m_failed; }
    QString lastEventId() const { return m_lastEventId; }
    // Bytes held for an unfinished line or event: what a drop would discard.
    qsizetype bufferedBytes() const { return m_line.size() + m_data.size(); }

private:
    void feedBody(const char *begin, const char *end);
    bool skipByteOrderMark(QByteArrayView &chunk);
    void processLine(const char *begin, const char *end);
    void processField(QByteArrayView name, QByteArrayView value);
    void appendData(QByteArrayView value);
    void dispatch();
    void flushDataView();
    void fail(ParseError error, const QString &message);

    ParserHandler &m_handler;
    ParserLimits m_limits;

    QByteArray m_line; // an unfinished line carried over from the previous chunk
    QByteArray m_data; // the data buffer, once it holds more than the last single line
    // Single-line data is the common case: it stays a view into the current chunk and
    // is decoded straight from there, so those bytes are never copied before decoding.
    QByteArrayView m_dataView;
    bool m_dataIsView = false;
    bool m_hasData = false;

    QByteArray m_eventType;
    QByteArray m_cachedTypeBytes; // the last non-default type, and its decoded string
    QString m_cachedType;

    QByteArray m_idBuffer;
    bool m_idBufferChanged = false;
    QString m_lastEventId;

    QByteArray m_bomProbe; // first bytes of the stream while a BOM may still be forming
    bool m_atStreamStart = true;
    bool m_skipLeadingLineFeed = false; // the previous chunk ended in CR
    bool m_commentsEnabled = false;
    bool m_failed = false;
    bool m_interrupted = false;
};

} // namespace sse
