// SPDX-License-Identifier: MIT
#pragma once

#include "sseclient/sseclient_export.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <memory>

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
// The referenced strings are only valid during the call (the parser decodes the next event
// into the same buffers): copy a QString to keep it, which is cheap (implicitly shared).
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
// chunks). The parser never touches the network and allocates only for lines or events
// that span chunks, and for strings whose buffers the handler kept a copy of: it decodes
// each event into the buffers of the previous one.
class SSECLIENT_EXPORT Parser
{
public:
    explicit Parser(ParserHandler &handler, ParserLimits limits = {});
    ~Parser();

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
    void interrupt();

    void setCommentsEnabled(bool enabled);
    bool commentsEnabled() const;

    const ParserLimits &limits() const;
    bool hasFailed() const;
    QString lastEventId() const;
    // Bytes held for an unfinished line or event: what a drop would discard.
    qsizetype bufferedBytes() const;

private:
    // All state, and the byte loop itself, live in the private class: the layout of this
    // class never changes (a stable ABI), and feed() costs one indirection per chunk, none
    // per byte.
    class Private;
    std::unique_ptr<Private> d;
};

} // namespace sse
