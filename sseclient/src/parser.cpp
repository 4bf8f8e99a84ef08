// SPDX-License-Identifier: MIT
#include "sseclient/parser.h"

#include <algorithm>
#include <cstring>

namespace sse {

namespace {

constexpr QByteArrayView byteOrderMark("\xEF\xBB\xBF", 3);
// A carried-over line buffer larger than this is released after use instead of kept.
constexpr qsizetype keptCapacity = 64 * 1024;

const QString &defaultEventType()
{
    static const QString type = QStringLiteral("message");
    return type;
}

bool isAsciiDigits(QByteArrayView value)
{
    return !value.isEmpty()
        && std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; });
}

qint64 parseMilliseconds(QByteArrayView digits)
{
    // Saturate instead of overflowing: "retry: 99999999999999999999" means "very long".
    constexpr qint64 maximum = std::numeric_limits<qint64>::max() / 10 - 10;
    qint64 value = 0;
    for (const char c : digits) {
        value = value * 10 + (c - '0');
        if (value > maximum) {
            return maximum;
        }
    }
    return value;
}

// Replaces the contents without giving up the allocation (no allocation per field).
void assignKeepingCapacity(QByteArray &buffer, QByteArrayView value)
{
    buffer.resize(0);
    buffer.append(value.data(), value.size());
}

void releaseOrKeep(QByteArray &buffer)
{
    if (buffer.capacity() > keptCapacity) {
        buffer = QByteArray();
    } else {
        buffer.resize(0);
    }
}

// Finds the next CR or LF. The positions of the next CR and the next LF are cached so
// that a stream using only one kind of line end scans each chunk for the other kind once.
class LineEndFinder
{
public:
    LineEndFinder(const char *begin, const char *end)
        : m_end(end)
        , m_nextCr(find(begin, '\r'))
        , m_nextLf(find(begin, '\n'))
    { }

    const char *next(const char *from)
    {
        if (m_nextCr < from) {
            m_nextCr = find(from, '\r');
        }
        if (m_nextLf < from) {
            m_nextLf = find(from, '\n');
        }
        return std::min(m_nextCr, m_nextLf);
    }

private:
    const char *find(const char *from, char c) const
    {
        const void *hit = std::memchr(from, c, size_t(m_end - from));
        return hit ? static_cast<const char *>(hit) : m_end;
    }

    const char *m_end;
    const char *m_nextCr;
    const char *m_nextLf;
};

} // namespace

Parser::Parser(ParserHandler &handler, ParserLimits limits)
    : m_handler(handler)
    , m_limits(limits)
{ }

void Parser::reset(const QString &lastEventId)
{
    releaseOrKeep(m_line);
    releaseOrKeep(m_data);
    m_dataView = {};
    m_dataIsView = false;
    m_hasData = false;
    m_eventType.resize(0);
    m_idBuffer = lastEventId.toUtf8();
    m_idBufferChanged = false;
    m_lastEventId = lastEventId;
    m_bomProbe.clear();
    m_atStreamStart = true;
    m_skipLeadingLineFeed = false;
    m_failed = false;
    m_interrupted = false;
}

void Parser::feed(QByteArrayView chunk)
{
    m_interrupted = false;
    if (m_failed || chunk.isEmpty()) {
        return;
    }
    if (m_atStreamStart && !skipByteOrderMark(chunk)) {
        return; // still not sure whether the stream starts with a BOM
    }
    feedBody(chunk.data(), chunk.data() + chunk.size());
}

// Returns false while the first bytes could still become a BOM. A stream whose first
// bytes turn out not to be one has those bytes fed as ordinary input.
bool Parser::skipByteOrderMark(QByteArrayView &chunk)
{
    while (!chunk.isEmpty() && m_bomProbe.size() < byteOrderMark.size()) {
        m_bomProbe.append(chunk.front());
        chunk = chunk.sliced(1);
        if (!byteOrderMark.startsWith(QByteArrayView(m_bomProbe))) {
            break;
        }
    }
    if (m_bomProbe == byteOrderMark) {
        m_atStreamStart = false;
        m_bomProbe.clear();
        return true;
    }
    if (byteOrderMark.startsWith(QByteArrayView(m_bomProbe))) {
        return false; // a prefix of the BOM and the chunk is used up
    }
    m_atStreamStart = false;
    const QByteArray probe = std::exchange(m_bomProbe, {});
    feedBody(probe.data(), probe.data() + probe.size());
    return !m_failed && !m_interrupted;
}

void Parser::feedBody(const char *begin, const char *end)
{
    const char *position = begin;
    if (m_skipLeadingLineFeed && position != end) {
        m_skipLeadingLineFeed = false;
        if (*position == '\n') {
            ++position;
        }
    }

    LineEndFinder finder(position, end);
    while (position != end && !m_failed && !m_interrupted) {
        const char *lineEnd = finder.next(position);
        if (lineEnd == end) {
            break;
        }
        if (m_line.isEmpty()) {
            processLine(position, lineEnd);
        } else {
            // The line began in an earlier chunk: complete it, then process it.
            if (m_line.size() + (lineEnd - position) > m_limits.maxLineBytes) {
                fail(ParseError::LineTooLong,
                    QStringLiteral("a line is longer than the limit of %1 bytes")
                        .arg(m_limits.maxLineBytes));
                return;
            }
            m_line.append(position, lineEnd - position);
            processLine(m_line.constData(), m_line.constData() + m_line.size());
            flushDataView(); // the view may point into m_line
            releaseOrKeep(m_line);
        }
        position = lineEnd + 1;
        if (*lineEnd == '\r') {
            if (position == end) {
                m_skipLeadingLineFeed = true;
            } else if (*position == '\n') {
                ++position;
            }
        }
    }

    if (position != end && !m_failed && !m_interrupted) {
        const qsizetype rest = end - position;
        if (m_line.size() + rest > m_limits.maxLineBytes) {
            fail(ParseError::LineTooLong,
                QStringLiteral("a line is longer than the limit of %1 bytes")
                    .arg(m_limits.maxLineBytes));
            return;
        }
        m_line.append(position, rest);
    }
    flushDataView(); // the chunk's memory is not ours after return
}

void Parser::processLine(const char *begin, const char *end)
{
    const qsizetype length = end - begin;
    if (length > m_limits.maxLineBytes) {
        fail(ParseError::LineTooLong,
            QStringLiteral("a line is longer than the limit of %1 bytes")
                .arg(m_limits.maxLineBytes));
        return;
    }
    if (length == 0) {
        dispatch();
        return;
    }
    if (*begin == ':') {
        if (m_commentsEnabled) {
            m_handler.onComment(QString::fromUtf8(begin + 1, length - 1));
        }
        return;
    }
    const auto *colon = static_cast<const char *>(std::memchr(begin, ':', size_t(length)));
    if (!colon) {
        processField(QByteArrayView(begin, length), QByteArrayView());
        return;
    }
    const char *value = colon + 1;
    if (value != end && *value == ' ') {
        ++value;
    }
    processField(QByteArrayView(begin, colon - begin), QByteArrayView(value, end - value));
}

void Parser::processField(QByteArrayView name, QByteArrayView value)
{
    switch (name.size()) {
    case 4:
        if (name == "data") {
            appendData(value);
        }
        return;
    case 5:
        if (name == "event") {
            if (m_data.size() + m_dataView.size() + value.size() > m_limits.maxEventBytes) {
                fail(ParseError::EventTooLarge,
                    QStringLiteral("an event is larger than the limit of %1 bytes")
                        .arg(m_limits.maxEventBytes));
                return;
            }
            assignKeepingCapacity(m_eventType, value);
        } else if (name == "retry") {
            if (isAsciiDigits(value)) {
                m_handler.onRetry(parseMilliseconds(value));
            }
        }
        return;
    case 2:
        if (name == "id" && !value.contains('\0')) {
            assignKeepingCapacity(m_idBuffer, value);
            m_idBufferChanged = true;
        }
        return;
    default:
        return; // unknown fields are ignored
    }
}

void Parser::appendData(QByteArrayView value)
{
    const qsizetype newSize
        = m_data.size() + m_dataView.size() + value.size() + 1 + m_eventType.size();
    if (newSize > m_limits.maxEventBytes) {
        fail(ParseError::EventTooLarge,
            QStringLiteral("an event is larger than the limit of %1 bytes")
                .arg(m_limits.maxEventBytes));
        return;
    }
    if (!m_hasData) {
        m_hasData = true;
        m_dataView = value;
        m_dataIsView = true;
        return;
    }
    flushDataView();
    m_data.append(value.data(), value.size()).append('\n');
}

// Copies a single pending data line out of memory the parser does not own.
void Parser::flushDataView()
{
    if (!m_dataIsView) {
        return;
    }
    m_data.append(m_dataView).append('\n');
    m_dataView = {};
    m_dataIsView = false;
}

void Parser::dispatch()
{
    if (m_idBufferChanged) {
        m_idBufferChanged = false;
        QString id = QString::fromUtf8(m_idBuffer);
        if (id != m_lastEventId) {
            m_lastEventId = std::move(id);
            m_handler.onLastEventIdChanged(m_lastEventId);
        }
    }
    if (!m_hasData) {
        m_eventType.resize(0);
        return;
    }

    QString data;
    if (m_dataIsView) {
        data = QString::fromUtf8(m_dataView);
        m_dataView = {};
        m_dataIsView = false;
    } else {
        data = QString::fromUtf8(m_data.constData(), m_data.size() - 1); // drop the last LF
        releaseOrKeep(m_data);
    }
    m_hasData = false;

    if (m_eventType.isEmpty()) {
        m_handler.onEvent(defaultEventType(), data, m_lastEventId);
        return;
    }
    if (m_eventType != m_cachedTypeBytes) {
        m_cachedTypeBytes = m_eventType;
        m_cachedType = QString::fromUtf8(m_eventType);
    }
    m_eventType.resize(0);
    m_handler.onEvent(m_cachedType, data, m_lastEventId);
}

void Parser::fail(ParseError error, const QString &message)
{
    m_failed = true;
    releaseOrKeep(m_line);
    releaseOrKeep(m_data);
    m_dataView = {};
    m_dataIsView = false;
    m_hasData = false;
    m_handler.onError(error, message);
}

} // namespace sse
