// SPDX-License-Identifier: MIT
#include "sseclient/parser.h"

#include <QStringDecoder>

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
    buffer.resize(value.size()); // never shrinks the capacity
    if (!value.isEmpty()) {
        std::memcpy(buffer.data(), value.data(), size_t(value.size()));
    }
}

// The Encoding Standard's UTF-8 decoder, error mode "replacement": one U+FFFD for each
// maximal ill-formed subsequence ("\xE6\x97x" is U+FFFD x), a BOM kept as U+FEFF.
QString decodeUtf8Exactly(QByteArrayView bytes)
{
    QString text;
    text.reserve(bytes.size());
    char32_t codePoint = 0;
    int needed = 0;
    int seen = 0;
    uchar lower = 0x80;
    uchar upper = 0xBF;
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        const auto byte = uchar(bytes[i]);
        if (needed == 0) {
            if (byte < 0x80) {
                text.append(QChar(char16_t(byte)));
            } else if (byte >= 0xC2 && byte <= 0xDF) {
                needed = 1;
                codePoint = byte & 0x1F;
            } else if (byte >= 0xE0 && byte <= 0xEF) {
                lower = byte == 0xE0 ? 0xA0 : 0x80;
                upper = byte == 0xED ? 0x9F : 0xBF;
                needed = 2;
                codePoint = byte & 0x0F;
            } else if (byte >= 0xF0 && byte <= 0xF4) {
                lower = byte == 0xF0 ? 0x90 : 0x80;
                upper = byte == 0xF4 ? 0x8F : 0xBF;
                needed = 3;
                codePoint = byte & 0x07;
            } else {
                text.append(QChar::ReplacementCharacter);
            }
            continue;
        }
        if (byte < lower || byte > upper) {
            // The sequence ends here; the byte is decoded again as the start of the next.
            text.append(QChar::ReplacementCharacter);
            needed = 0;
            seen = 0;
            lower = 0x80;
            upper = 0xBF;
            --i;
            continue;
        }
        lower = 0x80;
        upper = 0xBF;
        codePoint = (codePoint << 6) | (byte & 0x3F);
        if (++seen == needed) {
            if (QChar::requiresSurrogates(codePoint)) {
                text.append(QChar(QChar::highSurrogate(codePoint)));
                text.append(QChar(QChar::lowSurrogate(codePoint)));
            } else {
                text.append(QChar(char16_t(codePoint)));
            }
            needed = 0;
            seen = 0;
        }
    }
    if (needed != 0) {
        text.append(QChar::ReplacementCharacter); // truncated at the end
    }
    return text;
}

bool isAscii(QByteArrayView bytes)
{
    // Branch-free, eight bytes at a time: short strings are checked in a few instructions.
    quint64 bits = 0;
    qsizetype i = 0;
    for (; i + 8 <= bytes.size(); i += 8) {
        quint64 word;
        std::memcpy(&word, bytes.data() + i, sizeof word);
        bits |= word;
    }
    for (; i < bytes.size(); ++i) {
        bits |= uchar(bytes[i]);
    }
    return (bits & 0x8080808080808080ULL) == 0;
}

// Qt's own decoders drop a leading BOM (QString::fromUtf8) and write one U+FFFD per byte
// of a truncated sequence, where the specification keeps U+FEFF (only the stream's first
// BOM goes, and feed() strips that one) and writes one U+FFFD per sequence. Qt's fast
// result is used whenever it cannot differ: ASCII, or no leading BOM and no invalid input.
QString decodeUtf8(QByteArrayView bytes)
{
    // Measured: for short strings an ASCII check, then scanning the result for U+FFFD, is
    // cheapest; for long ones the stateful decoder's error flag.
    constexpr qsizetype shortString = 256;
    if (bytes.size() <= shortString) {
        if (isAscii(bytes)) {
            return QString::fromLatin1(bytes); // the same for ASCII, and faster
        }
        if (!bytes.startsWith(byteOrderMark)) {
            QString text = QString::fromUtf8(bytes);
            if (!text.contains(QChar::ReplacementCharacter)) {
                return text;
            }
        }
        return decodeUtf8Exactly(bytes);
    }
    QStringDecoder decoder(QStringDecoder::Utf8,
        QStringDecoder::Flag::Stateless | QStringDecoder::Flag::ConvertInitialBom);
    QString text = decoder(bytes);
    return decoder.hasError() ? decodeUtf8Exactly(bytes) : text;
}

// The size of the specification's data buffer. A pending single line counts with its LF,
// as it will once flushed into `data`: the event limit must not depend on where the
// chunks were split.
qsizetype dataBufferBytes(const QByteArray &data, QByteArrayView view, bool dataIsView)
{
    return data.size() + (dataIsView ? view.size() + 1 : 0);
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
    // A reset from inside a handler ends the feed in progress: the rest of that chunk
    // belongs to the old stream. feed() clears the flag on entry.
    m_interrupted = true;
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
            m_handler.onComment(decodeUtf8(QByteArrayView(begin + 1, length - 1)));
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
    // The switch has checked the size: each name compares inline, with no call per line.
    switch (name.size()) {
    case 4:
        if (std::memcmp(name.data(), "data", 4) == 0) {
            appendData(value);
        }
        return;
    case 5:
        if (std::memcmp(name.data(), "event", 5) == 0) {
            if (dataBufferBytes(m_data, m_dataView, m_dataIsView) + value.size()
                > m_limits.maxEventBytes) {
                fail(ParseError::EventTooLarge,
                    QStringLiteral("an event is larger than the limit of %1 bytes")
                        .arg(m_limits.maxEventBytes));
                return;
            }
            assignKeepingCapacity(m_eventType, value);
        } else if (std::memcmp(name.data(), "retry", 5) == 0) {
            if (isAsciiDigits(value)) {
                m_handler.onRetry(parseMilliseconds(value));
            }
        }
        return;
    case 2:
        if (name[0] == 'i' && name[1] == 'd' && !value.contains('\0')) {
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
        = dataBufferBytes(m_data, m_dataView, m_dataIsView) + value.size() + 1 + m_eventType.size();
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
        QString id = decodeUtf8(m_idBuffer);
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
        data = decodeUtf8(m_dataView);
        m_dataView = {};
        m_dataIsView = false;
    } else {
        data = decodeUtf8(QByteArrayView(m_data).chopped(1)); // drop the last LF
        releaseOrKeep(m_data);
    }
    m_hasData = false;

    if (m_eventType.isEmpty()) {
        m_handler.onEvent(defaultEventType(), data, m_lastEventId);
        return;
    }
    if (m_eventType != m_cachedTypeBytes) {
        m_cachedTypeBytes = m_eventType;
        m_cachedType = decodeUtf8(m_eventType);
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
