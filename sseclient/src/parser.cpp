// SPDX-License-Identifier: MIT
#include "sseclient/parser.h"

#include <QStringDecoder>

#include <algorithm>
#include <bit>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace sse {

namespace {

constexpr QByteArrayView byteOrderMark("\xEF\xBB\xBF", 3);
// A carried-over line buffer larger than this is released after use instead of kept.
constexpr qsizetype keptCapacity = 64 * 1024;
// The same bound for the reused decoded data, in UTF-16 code units.
constexpr qsizetype keptCharacters = keptCapacity / qsizetype(sizeof(QChar));
// Measured: for strings up to this size an ASCII check, then Latin-1 widening (or, for
// other text, QString::fromUtf8 and a scan of the result for U+FFFD) is cheapest; for
// longer ones, the stateful decoder and its error flag.
constexpr qsizetype shortString = 256;

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

// Inline, unlike QByteArrayView's operator== (a library call even for two short ids).
bool sameBytes(QByteArrayView a, QByteArrayView b)
{
    return a.size() == b.size()
        && (a.isEmpty() || std::memcmp(a.data(), b.data(), size_t(a.size())) == 0);
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

// decodeUtf8() into `target`, reusing its buffer when no one else holds it: a stream's
// event data is then decoded into the same memory event after event, with no allocation.
// Returns true when the bytes were found to be ASCII (false: not known).
bool decodeUtf8Into(QString &target, QByteArrayView bytes)
{
    if (bytes.size() <= shortString) {
        if (isAscii(bytes)) {
            target = QLatin1StringView(bytes); // keeps the buffer when detached and big enough
            return true;
        }
        target = decodeUtf8(bytes);
        return false;
    }
    QStringDecoder decoder(QStringDecoder::Utf8,
        QStringDecoder::Flag::Stateless | QStringDecoder::Flag::ConvertInitialBom);
    if (!target.isDetached()) {
        target = QString(); // else resize() would first copy the shared, stale text
    }
    target.resize(decoder.requiredSpace(bytes.size()));
    const QChar *const end = decoder.appendToBuffer(target.data(), bytes);
    if (decoder.hasError()) {
        target = decodeUtf8Exactly(bytes);
        return false;
    }
    target.truncate(end - target.constData());
    return false;
}

// Finds the colon that ends a field name. Names are short, so a plain loop over the first
// bytes finds it sooner than a call to memchr would return; a long line falls back to it.
const char *findColon(const char *begin, const char *end)
{
    constexpr qsizetype probed = 16;
    const char *const probeEnd = end - begin > probed ? begin + probed : end;
    for (const char *p = begin; p != probeEnd; ++p) {
        if (*p == ':') {
            return p;
        }
    }
    if (probeEnd == end) {
        return nullptr;
    }
    return static_cast<const char *>(std::memchr(probeEnd, ':', size_t(end - probeEnd)));
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
#if defined(__SSE2__)
        // Most lines (`id:`, `event:`, the empty line) are short: a look at the next bytes
        // in registers finds their end sooner than a call to memchr would return.
        if (m_end - from >= probedBytes) {
            if (const char *hit = probe(from)) {
                return hit;
            }
            from += probedBytes; // the cached positions below stay valid: none was skipped
        }
#endif
        if (m_nextCr < from) {
            m_nextCr = find(from, '\r');
        }
        if (m_nextLf < from) {
            m_nextLf = find(from, '\n');
        }
        return std::min(m_nextCr, m_nextLf);
    }

private:
#if defined(__SSE2__)
    static constexpr qsizetype probedBytes = 32;

    // The first CR or LF in the probedBytes bytes at `from`, or null.
    static const char *probe(const char *from)
    {
        const __m128i lineFeed = _mm_set1_epi8('\n');
        const __m128i carriageReturn = _mm_set1_epi8('\r');
        for (qsizetype offset = 0; offset < probedBytes; offset += 16) {
            const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i *>(from + offset));
            const auto mask = uint(_mm_movemask_epi8(_mm_or_si128(
                _mm_cmpeq_epi8(bytes, lineFeed), _mm_cmpeq_epi8(bytes, carriageReturn))));
            if (mask != 0) {
                return from + offset + std::countr_zero(mask);
            }
        }
        return nullptr;
    }
#endif

    const char *find(const char *from, char c) const
    {
        const void *hit = std::memchr(from, c, size_t(m_end - from));
        return hit ? static_cast<const char *>(hit) : m_end;
    }

    const char *m_end;
    const char *m_nextCr;
    const char *m_nextLf;
};

// A byte string kept between lines (an `event:` or `id:` value). These are assigned for
// almost every event: with inline storage for short values, an assignment is a size check
// and a memcpy (QByteArray::resize and QVarLengthArray::resize are calls).
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
    void release()
    {
        m_heap.reset();
        m_data = m_inline;
        m_size = 0;
        m_capacity = inlineBytes;
    }
    void clear() { m_size = 0; }
    bool isEmpty() const { return m_size == 0; }
    qsizetype size() const { return m_size; }
    QByteArrayView view() const { return QByteArrayView(m_data, m_size); }

private:
    void grow(qsizetype size)
    {
        // The old contents are never needed: every use replaces them.
        m_heap = std::make_unique_for_overwrite<char[]>(size_t(size));
        m_data = m_heap.get();
        m_capacity = size;
    }

    static constexpr qsizetype inlineBytes = 32;
    char m_inline[inlineBytes];
    std::unique_ptr<char[]> m_heap;
    char *m_data = m_inline;
    qsizetype m_size = 0;
    qsizetype m_capacity = inlineBytes;
};

} // namespace

// Hidden: a nested class of an exported class is exported too, and calls to exported
// functions of a shared library go through the PLT and are never inlined (they could be
// interposed). Hidden, Parser::feed() jumps straight into the inlined byte loop.
class Q_DECL_HIDDEN Parser::Private
{
public:
    Private(ParserHandler &handler, ParserLimits limits)
        : m_handler(handler)
        , m_limits(limits)
    { }

    void feed(QByteArrayView chunk);
    void reset(const QString &lastEventId);

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

private:
    void feedBody(const char *begin, const char *end);
    bool skipByteOrderMark(QByteArrayView &chunk);
    void processLine(const char *begin, const char *end);
    void processField(QByteArrayView name, QByteArrayView value);
    void appendData(QByteArrayView value);
    void dispatch();
    void updateLastEventId();
    void flushDataView();
    void fail(ParseError error, const QString &message);
};

Parser::Parser(ParserHandler &handler, ParserLimits limits)
    : d(std::make_unique<Private>(handler, limits))
{ }

Parser::~Parser() = default;

void Parser::feed(QByteArrayView chunk)
{
    d->feed(chunk);
}

void Parser::reset(const QString &lastEventId)
{
    d->reset(lastEventId);
}

void Parser::interrupt()
{
    d->m_interrupted = true;
}

void Parser::setCommentsEnabled(bool enabled)
{
    d->m_commentsEnabled = enabled;
}

bool Parser::commentsEnabled() const
{
    return d->m_commentsEnabled;
}

const ParserLimits &Parser::limits() const
{
    return d->m_limits;
}

bool Parser::hasFailed() const
{
    return d->m_failed;
}

QString Parser::lastEventId() const
{
    return d->m_lastEventId;
}

qsizetype Parser::bufferedBytes() const
{
    return d->m_line.size() + d->m_data.size();
}

void Parser::Private::reset(const QString &lastEventId)
{
    releaseOrKeep(m_line);
    releaseOrKeep(m_data);
    m_dataView = {};
    m_dataIsView = false;
    m_hasData = false;
    m_eventType.release();
    m_idBuffer.release(); // a huge ID of the previous stream is not kept
    m_idBuffer.assign(lastEventId.toUtf8());
    m_idBufferChanged = false;
    m_lastEventIdBytes.release();
    m_lastEventId = lastEventId;
    // toUtf8() is not always undone by the decoder (lone surrogates): the next `id:` is
    // decoded and compared, whatever its bytes.
    m_lastEventIdBytesKnown = false;
    m_bomProbe.clear();
    m_atStreamStart = true;
    m_skipLeadingLineFeed = false;
    m_failed = false;
    // A reset from inside a handler ends the feed in progress: the rest of that chunk
    // belongs to the old stream. feed() clears the flag on entry.
    m_interrupted = true;
}

void Parser::Private::feed(QByteArrayView chunk)
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
bool Parser::Private::skipByteOrderMark(QByteArrayView &chunk)
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

void Parser::Private::feedBody(const char *begin, const char *end)
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

void Parser::Private::processLine(const char *begin, const char *end)
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
    // Nearly every line is one of these three fields: recognised by their prefix, with
    // no search for the colon.
    const char *colon = nullptr;
    if (length >= 5 && std::memcmp(begin, "data:", 5) == 0) {
        colon = begin + 4;
    } else if (length >= 3 && begin[0] == 'i' && begin[1] == 'd' && begin[2] == ':') {
        colon = begin + 2;
    } else if (length >= 6 && std::memcmp(begin, "event:", 6) == 0) {
        colon = begin + 5;
    } else {
        colon = findColon(begin, end);
    }
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

void Parser::Private::processField(QByteArrayView name, QByteArrayView value)
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
            m_eventType.assign(value);
        } else if (std::memcmp(name.data(), "retry", 5) == 0) {
            if (isAsciiDigits(value)) {
                m_handler.onRetry(parseMilliseconds(value));
            }
        }
        return;
    case 2:
        if (name[0] == 'i' && name[1] == 'd'
            && (value.isEmpty() || !std::memchr(value.data(), '\0', size_t(value.size())))) {
            m_idBuffer.assign(value);
            m_idBufferChanged = true;
        }
        return;
    default:
        return; // unknown fields are ignored
    }
}

void Parser::Private::appendData(QByteArrayView value)
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
void Parser::Private::flushDataView()
{
    if (!m_dataIsView) {
        return;
    }
    m_data.append(m_dataView).append('\n');
    m_dataView = {};
    m_dataIsView = false;
}

// The specification sets the last event ID string from the buffer on every dispatch;
// the handler hears of it when the string changes.
void Parser::Private::updateLastEventId()
{
    m_idBufferChanged = false;
    const QByteArrayView bytes = m_idBuffer.view();
    if (m_lastEventIdBytesKnown && sameBytes(bytes, m_lastEventIdBytes.view())) {
        return; // the same bytes decode to the same string
    }
    const bool ascii = decodeUtf8Into(m_idScratch, bytes);
    // Other bytes can still decode to the same string (invalid UTF-8 becomes U+FFFD), but
    // not when the new ones are ASCII and the old ones are known: ASCII decodes one to one,
    // and any other byte to a character outside ASCII.
    const bool changed = (ascii && m_lastEventIdBytesKnown) || m_idScratch != m_lastEventId;
    m_lastEventIdBytes.assign(bytes);
    m_lastEventIdBytesKnown = true;
    if (changed) {
        m_lastEventId.swap(m_idScratch); // the old string's buffer is reused next time
        m_handler.onLastEventIdChanged(m_lastEventId);
    }
}

void Parser::Private::dispatch()
{
    if (m_idBufferChanged) {
        updateLastEventId();
    }
    if (!m_hasData) {
        m_eventType.clear();
        return;
    }

    if (m_dataIsView) {
        decodeUtf8Into(m_dataText, m_dataView);
        m_dataView = {};
        m_dataIsView = false;
    } else {
        decodeUtf8Into(m_dataText, QByteArrayView(m_data).chopped(1)); // drop the last LF
        releaseOrKeep(m_data);
    }
    m_hasData = false;

    if (m_eventType.isEmpty()) {
        m_handler.onEvent(defaultEventType(), m_dataText, m_lastEventId);
    } else {
        if (!sameBytes(m_eventType.view(), m_cachedTypeBytes.view())) {
            m_cachedTypeBytes.assign(m_eventType.view());
            m_cachedType = decodeUtf8(m_eventType.view());
        }
        m_eventType.clear();
        m_handler.onEvent(m_cachedType, m_dataText, m_lastEventId);
    }
    if (m_dataText.capacity() > keptCharacters) {
        m_dataText = QString(); // a big event's text is not kept until the next one
    }
}

void Parser::Private::fail(ParseError error, const QString &message)
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
