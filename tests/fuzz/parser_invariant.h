// SPDX-License-Identifier: MIT
// Shared by the libFuzzer target, the corpus test and test_parser: a handler that records
// everything sse::Parser reports in one ordered log, helpers that feed a stream in chunks,
// a deliberately naive model of the specification's algorithm to compare against, and the
// invariant check the fuzzer runs on every input.
#pragma once

#include "sseclient/parser.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <limits>
#include <ostream>
#include <string>

namespace sse::test {

struct LogEntry
{
    enum class Kind { Event, Retry, LastEventId, Comment, Error };

    Kind kind = Kind::Event;
    QString type; // Event
    QString data; // Event; the text of a Comment
    QString id; // Event (its lastEventId); LastEventId (the new value)
    qint64 retry = 0; // Retry
    ParseError error = ParseError::LineTooLong; // Error

    friend bool operator==(const LogEntry &, const LogEntry &) = default;
};

using Log = QList<LogEntry>;

inline LogEntry event(const QString &type, const QString &data, const QString &lastEventId = {})
{
    LogEntry entry;
    entry.kind = LogEntry::Kind::Event;
    entry.type = type;
    entry.data = data;
    entry.id = lastEventId;
    return entry;
}

inline LogEntry message(const QString &data, const QString &lastEventId = {})
{
    return event(QStringLiteral("message"), data, lastEventId);
}

inline LogEntry retry(qint64 milliseconds)
{
    LogEntry entry;
    entry.kind = LogEntry::Kind::Retry;
    entry.retry = milliseconds;
    return entry;
}

inline LogEntry idChanged(const QString &lastEventId)
{
    LogEntry entry;
    entry.kind = LogEntry::Kind::LastEventId;
    entry.id = lastEventId;
    return entry;
}

inline LogEntry comment(const QString &text)
{
    LogEntry entry;
    entry.kind = LogEntry::Kind::Comment;
    entry.data = text;
    return entry;
}

inline LogEntry error(ParseError error)
{
    LogEntry entry;
    entry.kind = LogEntry::Kind::Error;
    entry.error = error;
    return entry;
}

// Printable ASCII stays, everything else becomes \uXXXX so that failures show exact strings.
inline std::string escaped(const QString &text)
{
    std::string out;
    for (const QChar c : text) {
        const char16_t unit = c.unicode();
        if (unit >= 0x20 && unit < 0x7F && unit != '\\') {
            out += char(unit);
        } else {
            static const char hex[] = "0123456789ABCDEF";
            out += "\\u";
            for (int shift = 12; shift >= 0; shift -= 4) {
                out += hex[(unit >> shift) & 0xF];
            }
        }
    }
    return out;
}

inline std::string describe(const LogEntry &entry)
{
    switch (entry.kind) {
    case LogEntry::Kind::Event:
        return "event(\"" + escaped(entry.type) + "\", \"" + escaped(entry.data) + "\", id \""
            + escaped(entry.id) + "\")";
    case LogEntry::Kind::Retry:
        return "retry(" + std::to_string(entry.retry) + ")";
    case LogEntry::Kind::LastEventId:
        return "idChanged(\"" + escaped(entry.id) + "\")";
    case LogEntry::Kind::Comment:
        return "comment(\"" + escaped(entry.data) + "\")";
    case LogEntry::Kind::Error:
        return entry.error == ParseError::LineTooLong ? "error(LineTooLong)"
                                                      : "error(EventTooLarge)";
    }
    return "?";
}

inline std::string describe(const Log &log)
{
    std::string out = "[";
    for (qsizetype i = 0; i < log.size(); ++i) {
        out += (i ? ", " : "") + describe(log[i]);
    }
    return out + "]";
}

// GoogleTest finds this by argument-dependent lookup.
inline void PrintTo(const LogEntry &entry, std::ostream *os)
{
    *os << describe(entry);
}

class RecordingHandler : public ParserHandler
{
public:
    void onEvent(const QString &type, const QString &data, const QString &lastEventId) override
    {
        record(event(type, data, lastEventId));
    }
    void onRetry(qint64 milliseconds) override { record(retry(milliseconds)); }
    void onLastEventIdChanged(const QString &lastEventId) override
    {
        record(idChanged(lastEventId));
    }
    void onComment(const QString &text) override { record(comment(text)); }
    void onError(ParseError parseError, const QString &message) override
    {
        errorMessage = message;
        record(error(parseError));
    }

    Log log;
    QString errorMessage;
    // Called after each entry is recorded, e.g. to interrupt the parser.
    std::function<void(const LogEntry &)> afterEntry;

private:
    void record(const LogEntry &entry)
    {
        log.append(entry);
        if (afterEntry) {
            afterEntry(entry);
        }
    }
};

struct ParseSetup
{
    ParserLimits limits;
    bool comments = true;
    // Not null: reset(initialLastEventId) before the first byte, as for a reconnection.
    QString initialLastEventId;
};

struct ParseResult
{
    Log log;
    QString lastEventId; // Parser::lastEventId() at the end
    bool failed = false;
    qsizetype maxBufferedBytes = 0; // the largest bufferedBytes() seen after a feed()
};

// Feeds `stream` in chunks whose sizes cycle through `chunkSizes` (each at least 1);
// no sizes: the whole stream in one feed().
inline ParseResult parseInChunks(
    QByteArrayView stream, const ParseSetup &setup, const QList<qsizetype> &chunkSizes = {})
{
    RecordingHandler handler;
    Parser parser(handler, setup.limits);
    parser.setCommentsEnabled(setup.comments);
    if (!setup.initialLastEventId.isNull()) {
        parser.reset(setup.initialLastEventId);
    }
    ParseResult result;
    qsizetype position = 0;
    qsizetype sizeIndex = 0;
    while (position < stream.size()) {
        qsizetype size = stream.size() - position;
        if (!chunkSizes.isEmpty()) {
            size = std::min(size, std::max<qsizetype>(1, chunkSizes[sizeIndex]));
            sizeIndex = (sizeIndex + 1) % chunkSizes.size();
        }
        parser.feed(stream.sliced(position, size));
        position += size;
        result.maxBufferedBytes = std::max(result.maxBufferedBytes, parser.bufferedBytes());
    }
    result.log = handler.log;
    result.lastEventId = parser.lastEventId();
    result.failed = parser.hasFailed();
    return result;
}

// --- The model: the specification's text, step by step, on the whole stream at once ---

// The Encoding Standard's "UTF-8 decode": one leading BOM skipped, then every maximal
// ill-formed subsequence (Unicode's "maximal subpart") replaced by one U+FFFD.
inline QString referenceDecodeUtf8(QByteArrayView bytes, bool skipByteOrderMark)
{
    QString text;
    qsizetype i = 0;
    if (skipByteOrderMark && bytes.startsWith(QByteArrayView("\xEF\xBB\xBF", 3))) {
        i = 3;
    }
    const auto byteAt = [&](qsizetype index) { return uint8_t(bytes[index]); };
    while (i < bytes.size()) {
        const uint8_t lead = byteAt(i);
        if (lead < 0x80) {
            text.append(QChar(char16_t(lead)));
            ++i;
            continue;
        }
        // Unicode Table 3-7, well-formed UTF-8 byte sequences.
        int length = 0;
        uint8_t secondLow = 0x80;
        uint8_t secondHigh = 0xBF;
        if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
        } else if (lead == 0xE0) {
            length = 3;
            secondLow = 0xA0;
        } else if (lead == 0xED) {
            length = 3;
            secondHigh = 0x9F;
        } else if (lead >= 0xE1 && lead <= 0xEF) {
            length = 3;
        } else if (lead == 0xF0) {
            length = 4;
            secondLow = 0x90;
        } else if (lead == 0xF4) {
            length = 4;
            secondHigh = 0x8F;
        } else if (lead >= 0xF1 && lead <= 0xF3) {
            length = 4;
        }
        if (length == 0) {
            text.append(QChar::ReplacementCharacter);
            ++i;
            continue;
        }
        int valid = 1; // bytes of the sequence that are right so far
        while (valid < length && i + valid < bytes.size()) {
            const uint8_t next = byteAt(i + valid);
            const uint8_t low = valid == 1 ? secondLow : 0x80;
            const uint8_t high = valid == 1 ? secondHigh : 0xBF;
            if (next < low || next > high) {
                break;
            }
            ++valid;
        }
        if (valid < length) {
            text.append(QChar::ReplacementCharacter);
            i += valid;
            continue;
        }
        char32_t codePoint = lead & (0xFF >> (length + 1));
        for (int k = 1; k < length; ++k) {
            codePoint = (codePoint << 6) | (byteAt(i + k) & 0x3F);
        }
        if (codePoint > 0xFFFF) {
            text.append(QChar(QChar::highSurrogate(codePoint)));
            text.append(QChar(QChar::lowSurrogate(codePoint)));
        } else {
            text.append(QChar(char16_t(codePoint)));
        }
        i += length;
    }
    return text;
}

// Retry values the parser may saturate are compared as "huge" only.
constexpr qint64 hugeRetry = 100'000'000'000'000'000;

// "Interpreting an event stream", without any limit. Returns the log and, through
// `lastEventId`, the event source's last event ID string at the end.
inline Log referenceParse(QByteArrayView stream, bool comments, const QString &initialLastEventId,
    QString *lastEventId = nullptr)
{
    const QString text = referenceDecodeUtf8(stream, true);
    Log log;
    QString dataBuffer;
    QString eventTypeBuffer;
    QString lastEventIdBuffer = initialLastEventId;
    QString lastEventIdString = initialLastEventId;

    const auto dispatch = [&] {
        if (lastEventIdString != lastEventIdBuffer) {
            log.append(idChanged(lastEventIdBuffer));
        }
        lastEventIdString = lastEventIdBuffer;
        if (dataBuffer.isEmpty()) {
            eventTypeBuffer.clear();
            return;
        }
        if (dataBuffer.endsWith(u'\n')) {
            dataBuffer.chop(1);
        }
        log.append(event(eventTypeBuffer.isEmpty() ? QStringLiteral("message") : eventTypeBuffer,
            dataBuffer, lastEventIdString));
        dataBuffer.clear();
        eventTypeBuffer.clear();
    };

    const auto processField = [&](const QString &field, QString value) {
        if (field == u"event") {
            eventTypeBuffer = value;
        } else if (field == u"data") {
            dataBuffer += value + u'\n';
        } else if (field == u"id") {
            if (!value.contains(QChar(u'\0'))) {
                lastEventIdBuffer = value;
            }
        } else if (field == u"retry") {
            const bool digits = !value.isEmpty()
                && std::all_of(
                    value.cbegin(), value.cend(), [](QChar c) { return c >= u'0' && c <= u'9'; });
            if (digits) {
                qint64 milliseconds = 0;
                for (const QChar c : value) {
                    milliseconds = std::min(hugeRetry, milliseconds * 10 + (c.unicode() - '0'));
                }
                log.append(retry(milliseconds));
            }
        }
    };

    qsizetype position = 0;
    while (true) {
        qsizetype end = position;
        while (end < text.size() && text[end] != u'\r' && text[end] != u'\n') {
            ++end;
        }
        if (end == text.size()) {
            break; // an unterminated last line is never processed
        }
        const QString line = text.mid(position, end - position);
        position = end + 1;
        if (text[end] == u'\r' && position < text.size() && text[position] == u'\n') {
            ++position;
        }

        if (line.isEmpty()) {
            dispatch();
        } else if (line.startsWith(u':')) {
            if (comments) {
                log.append(comment(line.mid(1)));
            }
        } else if (const qsizetype colon = line.indexOf(u':'); colon >= 0) {
            QString value = line.mid(colon + 1);
            if (value.startsWith(u' ')) {
                value.remove(0, 1);
            }
            processField(line.left(colon), value);
        } else {
            processField(line, QString());
        }
    }
    if (lastEventId) {
        *lastEventId = lastEventIdString;
    }
    return log;
}

// --- The fuzz invariant ---

inline Log withRetryClamped(Log log)
{
    for (LogEntry &entry : log) {
        if (entry.kind == LogEntry::Kind::Retry) {
            entry.retry = std::min(entry.retry, hugeRetry);
        }
    }
    return log;
}

// Input layout: byte 0 holds flags, bytes 1-3 seed the chunk sizes, the rest is the
// stream. Inputs shorter than 4 bytes are a stream with default settings.
//   flags bit 0: comments reported; bit 1: reset("seed") first;
//   bit 2: small limits, bits 3-4 pick maxLineBytes and bits 5-6 maxEventBytes.
// Checks: whole == one byte at a time == seeded chunks (log, last event ID, failure);
// an error is reported at most once and last; buffered bytes stay within the limits;
// and the log equals the model's (or, after an error, is a prefix of it).
// Returns an empty string when everything holds, else what went wrong.
inline std::string checkParserInvariants(QByteArrayView input)
{
    ParseSetup setup;
    QList<qsizetype> seededSizes = {7};
    QByteArrayView stream = input;
    if (input.size() >= 4) {
        const uint8_t flags = uint8_t(input[0]);
        setup.comments = flags & 0x01;
        if (flags & 0x02) {
            setup.initialLastEventId = QStringLiteral("seed");
        }
        if (flags & 0x04) {
            static constexpr qsizetype lineLimits[] = {1, 7, 32, 300};
            static constexpr qsizetype eventLimits[] = {1, 10, 64, 500};
            setup.limits.maxLineBytes = lineLimits[(flags >> 3) & 3];
            setup.limits.maxEventBytes = eventLimits[(flags >> 5) & 3];
        }
        seededSizes.clear();
        for (qsizetype i = 1; i < 4; ++i) {
            const uint8_t seed = uint8_t(input[i]);
            // Mostly tiny chunks, where splits land inside line ends and characters.
            seededSizes.append(seed < 192 ? seed % 5 + 1 : seed - 190);
        }
        stream = input.sliced(4);
    }

    const ParseResult whole = parseInChunks(stream, setup);
    const ParseResult bytes = parseInChunks(stream, setup, {1});
    const ParseResult chunked = parseInChunks(stream, setup, seededSizes);

    const auto sameAsWhole = [&](const ParseResult &other, const char *name) -> std::string {
        if (other.log != whole.log) {
            return std::string(name) + " log " + describe(other.log) + " != whole log "
                + describe(whole.log);
        }
        if (other.lastEventId != whole.lastEventId || other.failed != whole.failed) {
            return std::string(name) + ": final state differs from whole";
        }
        return {};
    };
    if (std::string problem = sameAsWhole(bytes, "byte-by-byte"); !problem.empty()) {
        return problem;
    }
    if (std::string problem = sameAsWhole(chunked, "chunked"); !problem.empty()) {
        return problem;
    }

    const auto errors = std::count_if(whole.log.cbegin(), whole.log.cend(),
        [](const LogEntry &e) { return e.kind == LogEntry::Kind::Error; });
    if (errors > 1 || (errors == 1 && whole.log.last().kind != LogEntry::Kind::Error)
        || whole.failed != (errors == 1)) {
        return "error not reported exactly once and last: " + describe(whole.log);
    }
    for (const ParseResult *result : {&whole, &bytes, &chunked}) {
        if (result->maxBufferedBytes > setup.limits.maxLineBytes + setup.limits.maxEventBytes) {
            return "buffered " + std::to_string(result->maxBufferedBytes) + " bytes";
        }
    }

    QString modelLastEventId;
    Log model = referenceParse(stream, setup.comments, setup.initialLastEventId, &modelLastEventId);
    Log actual = withRetryClamped(whole.log);
    if (whole.failed) {
        actual.removeLast();
        if (model.size() < actual.size() || model.mid(0, actual.size()) != actual) {
            return "log before the error " + describe(actual) + " is not a prefix of the model's "
                + describe(model);
        }
        return {};
    }
    if (actual != model) {
        return "log " + describe(actual) + " != model " + describe(model);
    }
    if (whole.lastEventId != modelLastEventId) {
        return "last event ID \"" + escaped(whole.lastEventId) + "\" != model's \""
            + escaped(modelLastEventId) + "\"";
    }
    return {};
}

} // namespace sse::test
