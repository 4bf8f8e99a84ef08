// SPDX-License-Identifier: MIT
#pragma once

#include "sseclient/sseclient_export.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <cstring>
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
    // A byte string kept between lines (an `event:` or `id:` value). These are assigned
    // for almost every event: with inline storage for short values, an assignment is a
    // size check and a memcpy (QByteArray::resize and QVarLengthArray::resize are calls).
    class SmallBytes
    {
    public:
        SmallBytes() = default;
        SmallBytes(const SmallBytes &) = delete;
        SmallBytes &operator=(const SmallBytes &) = delete;

        void assign(QByteArrayView value)
        {
            if (value.size() > m_capacity) {
                grow(value.size());
            }
            if (!value.isEmpty()) {
                std::memcpy(m_data, value.data(), size_t(value.size()));
            }
            m_size = value.size();
        }
        // Empties the buffer and gives back memory taken for a long value.
        void release();
        void clear() { m_size = 0; }
        bool isEmpty() const { return m_size == 0; }
        qsizetype size() const { return m_size; }
        QByteArrayView view() const { return QByteArrayView(m_data, m_size); }

    private:
        void grow(qsizetype size);

        static constexpr qsizetype inlineBytes = 32;
        char m_inline[inlineBytes];
        std::unique_ptr<char[]> m_heap;
        char *m_data = m_inline;
        qsizetype m_size = 0;
        qsizetype m_capacity = inlineBytes;
    };

    void feedBody(const char *begin, const char *end);
    bool skipByteOrderMark(QByteArrayView &chunk);
    void processLine(const char *begin, const char *end);
    void processField(QByteArrayView name, QByteArrayView value);
    void appendData(QByteArrayView value);
    void dispatch();
    void updateLastEventId();
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

    // The decoded data handed to onEvent(). Kept between events so that, once the handler
    // has let go of it, the next event is decoded into the same memory: no allocation
    // and no reference-count traffic per event.
    QString m_dataText;

    SmallBytes m_eventType;
    SmallBytes m_cachedTypeBytes; // the last non-default type, and its decoded string
    QString m_cachedType;

    SmallBytes m_idBuffer; // the specification's "last event ID buffer"
    bool m_idBufferChanged = false;
    QString m_lastEventId;
    // The bytes m_lastEventId was decoded from (when known): an `id:` that repeats them
    // needs no decoding. m_idScratch is the previous ID's string, reused for the next one.
    SmallBytes m_lastEventIdBytes;
    bool m_lastEventIdBytesKnown = false;
    QString m_idScratch;

    QByteArray m_bomProbe; // first bytes of the stream while a BOM may still be forming
    bool m_atStreamStart = true;
    bool m_skipLeadingLineFeed = false; // the previous chunk ended in CR
    bool m_commentsEnabled = false;
    bool m_failed = false;
    bool m_interrupted = false;
};

} // namespace sse
