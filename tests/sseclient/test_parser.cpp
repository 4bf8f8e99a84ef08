// SPDX-License-Identifier: MIT
// sse::Parser against the WHATWG HTML Standard, 9.2.5 "Parsing an event stream" and
// 9.2.6 "Interpreting an event stream". Almost every stream is fed whole, one byte at a
// time and in 50 seeded random chunkings, and all of them must report the same log.
#include "../fuzz/parser_invariant.h"

#include "sseclient/parser.h"

#include <QByteArray>
#include <QString>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <random>

using namespace Qt::StringLiterals;
using namespace sse::test;
using sse::ParseError;
using sse::Parser;
using sse::ParserLimits;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::SizeIs;

namespace {

// Whole, byte by byte, 50 seeded random chunkings: every log must equal the whole one,
// and (when no limit was hit) the model's. Returns the whole log.
Log parseAllWays(QByteArrayView stream, const ParseSetup &setup = {})
{
    const ParseResult whole = parseInChunks(stream, setup);

    QList<QList<qsizetype>> chunkings = {{1}};
    std::mt19937 random(20250501);
    for (int i = 0; i < 50; ++i) {
        // Half of them tiny pieces (splits inside line ends and characters), half coarse.
        const qsizetype largest = i % 2 ? std::max<qsizetype>(1, stream.size()) : 4;
        std::uniform_int_distribution<qsizetype> size(1, largest);
        QList<qsizetype> sizes;
        for (qsizetype covered = 0; covered < stream.size(); covered += sizes.last()) {
            sizes.append(size(random));
        }
        chunkings.append(sizes);
    }
    for (const QList<qsizetype> &sizes : chunkings) {
        const ParseResult chunked = parseInChunks(stream, setup, sizes);
        EXPECT_EQ(chunked.log, whole.log) << "chunk sizes " << ::testing::PrintToString(sizes);
        EXPECT_EQ(chunked.lastEventId, whole.lastEventId);
        EXPECT_EQ(chunked.failed, whole.failed);
    }
    if (!whole.failed) {
        QString modelLastEventId;
        const Log model
            = referenceParse(stream, setup.comments, setup.initialLastEventId, &modelLastEventId);
        EXPECT_EQ(withRetryClamped(whole.log), model) << "differs from the model";
        EXPECT_EQ(whole.lastEventId, modelLastEventId);
    }
    return whole.log;
}

ParseSetup withoutComments()
{
    ParseSetup setup;
    setup.comments = false;
    return setup;
}

ParseSetup withLimits(qsizetype maxLineBytes, qsizetype maxEventBytes)
{
    ParseSetup setup;
    setup.limits.maxLineBytes = maxLineBytes;
    setup.limits.maxEventBytes = maxEventBytes;
    return setup;
}

const QString bom = QString(QChar(0xFEFF));
const QString fffd = QString(QChar::ReplacementCharacter);

} // namespace

// --- the byte order mark ---

TEST(Parser, StripsOneLeadingByteOrderMark)
{
    EXPECT_THAT(parseAllWays("\xEF\xBB\xBF"
                             "data: x\n\n"_ba),
        ElementsAre(message(u"x"_s)));
}

TEST(Parser, StripsByteOrderMarkSplitOneByteAtATime)
{
    RecordingHandler handler;
    Parser parser(handler);
    parser.feed("\xEF"_ba);
    parser.feed("\xBB"_ba);
    EXPECT_EQ(parser.bufferedBytes(), 0);
    parser.feed("\xBF"_ba);
    parser.feed("data: x\n\n"_ba);
    EXPECT_THAT(handler.log, ElementsAre(message(u"x"_s)));
}

TEST(Parser, SecondByteOrderMarkBelongsToTheFirstFieldName)
{
    // The second BOM makes the first field "\uFEFFdata", an unknown field.
    EXPECT_THAT(parseAllWays("\xEF\xBB\xBF\xEF\xBB\xBF"
                             "data: x\n\n"
                             "data: y\n\n"_ba),
        ElementsAre(message(u"y"_s)));
}

TEST(Parser, ByteOrderMarkLaterInTheStreamIsNotStripped)
{
    EXPECT_THAT(parseAllWays("data: x\n\n\xEF\xBB\xBF"
                             "data: y\n\n"
                             "data: z\n\n"_ba),
        ElementsAre(message(u"x"_s), message(u"z"_s)));
}

TEST(Parser, ByteOrderMarkInsideValuesIsKept)
{
    // Only the stream's first BOM is stripped: inside values it is U+FEFF like any other
    // character (QString::fromUtf8 would drop it at the start of each value).
    EXPECT_THAT(parseAllWays("data:\xEF\xBB\xBF"
                             "a\n"
                             "data: \xEF\xBB\xBF\n\n"
                             "event: \xEF\xBB\xBF"
                             "t\n"
                             "id: \xEF\xBB\xBF"
                             "1\n"
                             "data: \xEF\xBB\xBF\xEF\xBB\xBF\n\n"
                             ":\xEF\xBB\xBF\n"_ba),
        ElementsAre(message(bom + u"a\n"_s + bom), idChanged(bom + u"1"_s),
            event(bom + u"t"_s, bom + bom, bom + u"1"_s), comment(bom)));
    // Long values take another decoding path.
    const QByteArray longValue = "\xEF\xBB\xBF"_ba + QByteArray(1000, 'x');
    EXPECT_THAT(parseAllWays("data: "_ba + longValue + "\n\n"_ba),
        ElementsAre(message(bom + QString(1000, u'x'))));
}

TEST(Parser, PartialByteOrderMarkIsOrdinaryInput)
{
    // "\xEF\xBB" then 'd' is not a BOM: the bytes are part of the first line, a truncated
    // sequence decoding to one U+FFFD, so the first field is "\uFFFDdata" and ignored.
    EXPECT_THAT(parseAllWays("\xEF\xBB"
                             "data: x\n\n"
                             "data: y\n\n"_ba),
        ElementsAre(message(u"y"_s)));
    EXPECT_THAT(parseAllWays("\xEF"
                             "data: x\n\n"
                             "data: y\n\n"_ba),
        ElementsAre(message(u"y"_s)));
    // A broken BOM can end the first line: the line is then a field, not a blank line.
    EXPECT_THAT(parseAllWays("\xEF\xBB\n"
                             "data: y\n\n"_ba),
        ElementsAre(message(u"y"_s)));
    EXPECT_THAT(parseAllWays("\xEF\xBB:x\n\n"_ba), IsEmpty());
    EXPECT_THAT(parseAllWays("\xEF\xBB\xBE:x\n"_ba), IsEmpty()); // not a comment either
}

TEST(Parser, ByteOrderMarkAloneOrBeforeBlankLine)
{
    EXPECT_THAT(parseAllWays("\xEF\xBB\xBF"_ba), IsEmpty());
    EXPECT_THAT(parseAllWays("\xEF\xBB\xBF\r\n"
                             "data: a\r\n\r\n"_ba),
        ElementsAre(message(u"a"_s)));
    EXPECT_THAT(parseAllWays("\xEF\xBB\xBF:c\n"_ba), ElementsAre(comment(u"c"_s)));
}

// --- line ends ---

TEST(Parser, AcceptsCrLfLfAndCrLineEnds)
{
    EXPECT_THAT(parseAllWays("data: a\r\n\r\n"_ba), ElementsAre(message(u"a"_s)));
    EXPECT_THAT(parseAllWays("data: a\n\n"_ba), ElementsAre(message(u"a"_s)));
    EXPECT_THAT(parseAllWays("data: a\r\r"_ba), ElementsAre(message(u"a"_s)));
    EXPECT_THAT(parseAllWays("data: a\r\n"
                             "data: b\n"
                             "data: c\r"
                             "\r"
                             "data: d\n"
                             "\r\n"
                             "data: e\r"
                             "\r\n"
                             "data: f\n"
                             "\r"
                             "data: g\r\n"
                             "\n"_ba),
        ElementsAre(message(u"a\nb\nc"_s), message(u"d"_s), message(u"e"_s), message(u"f"_s),
            message(u"g"_s)));
}

TEST(Parser, CrLfSplitBetweenChunksIsOneLineEnd)
{
    RecordingHandler handler;
    Parser parser(handler);
    parser.feed("data: a\r"_ba);
    parser.feed("\n"_ba); // not a blank line: the LF completes the CR
    parser.feed("data: b\r"_ba);
    parser.feed("\n"_ba);
    EXPECT_THAT(handler.log, IsEmpty());
    parser.feed("\r"_ba);
    EXPECT_THAT(handler.log, ElementsAre(message(u"a\nb"_s)));
    parser.feed("\n"_ba); // completes that CR: still no second dispatch
    parser.feed("\n"_ba); // a real blank line, with an empty data buffer
    EXPECT_THAT(handler.log, SizeIs(1));
}

TEST(Parser, CrAtTheEndOfAChunkDispatchesWithoutWaiting)
{
    RecordingHandler handler;
    Parser parser(handler);
    parser.feed("data: x\r\r"_ba);
    EXPECT_THAT(handler.log, ElementsAre(message(u"x"_s)));
    parser.feed("data: y\r"_ba);
    parser.feed("\r"_ba);
    EXPECT_THAT(handler.log, ElementsAre(message(u"x"_s), message(u"y"_s)));
    EXPECT_EQ(parser.bufferedBytes(), 0);
}

TEST(Parser, CrCrLfIsTwoLineEnds)
{
    EXPECT_THAT(parseAllWays("data: a\r\r\n"
                             "data: b\n\n"_ba),
        ElementsAre(message(u"a"_s), message(u"b"_s)));
    EXPECT_THAT(parseAllWays("data: a\n\r"
                             "data: b\n\n"_ba),
        ElementsAre(message(u"a"_s), message(u"b"_s)));
}

// --- comments ---

TEST(Parser, ReportsCommentsWhenEnabled)
{
    EXPECT_THAT(parseAllWays(":hello\n"
                             ": world\n"
                             ":\n"
                             "data: a\n"
                             ": between\n"
                             "data: b\n\n"
                             "::x\n"_ba),
        ElementsAre(comment(u"hello"_s), comment(u" world"_s), comment(QString()),
            comment(u" between"_s), message(u"a\nb"_s), comment(u":x"_s)));
}

TEST(Parser, IgnoresCommentsWhenDisabled)
{
    EXPECT_THAT(parseAllWays(":hello\n"
                             "data: a\n"
                             ": between\n"
                             "data: b\n\n"_ba,
                    withoutComments()),
        ElementsAre(message(u"a\nb"_s)));
    RecordingHandler handler;
    Parser parser(handler);
    EXPECT_FALSE(parser.commentsEnabled());
    parser.feed(": ping\n"_ba);
    EXPECT_THAT(handler.log, IsEmpty());
}

TEST(Parser, CommentIsNotABlankLine)
{
    EXPECT_THAT(parseAllWays("data: a\n:\n"_ba), ElementsAre(comment(QString())));
}

// --- fields ---

TEST(Parser, FieldWithoutColonHasEmptyValue)
{
    EXPECT_THAT(parseAllWays("data\n\n"_ba), ElementsAre(message(QString())));
    EXPECT_THAT(parseAllWays("data\ndata\n\n"_ba), ElementsAre(message(u"\n"_s)));
    EXPECT_THAT(parseAllWays("data:\n\n"_ba), ElementsAre(message(QString())));
    EXPECT_THAT(parseAllWays("data: \n\n"_ba), ElementsAre(message(QString())));
    EXPECT_THAT(parseAllWays("event\ndata: x\n\n"_ba), ElementsAre(message(u"x"_s)));
}

TEST(Parser, RemovesExactlyOneLeadingSpace)
{
    EXPECT_THAT(parseAllWays("data:x\n\n"
                             "data: x\n\n"
                             "data:  x\n\n"
                             "data:\tx\n\n"
                             "data: x \n\n"_ba),
        ElementsAre(message(u"x"_s), message(u"x"_s), message(u" x"_s), message(u"\tx"_s),
            message(u"x "_s)));
}

TEST(Parser, SplitsOnlyAtTheFirstColon)
{
    EXPECT_THAT(parseAllWays("data: a:b: c\n\n"
                             "data::\n\n"_ba),
        ElementsAre(message(u"a:b: c"_s), message(u":"_s)));
}

TEST(Parser, JoinsDataLinesWithLineFeedAndDropsOneTrailingLineFeed)
{
    EXPECT_THAT(
        parseAllWays("data: a\ndata: b\ndata: c\n\n"_ba), ElementsAre(message(u"a\nb\nc"_s)));
    EXPECT_THAT(parseAllWays("data: a\ndata\n\n"_ba), ElementsAre(message(u"a\n"_s)));
    EXPECT_THAT(parseAllWays("data\ndata\ndata\n\n"_ba), ElementsAre(message(u"\n\n"_s)));
}

TEST(Parser, EventFieldSetsTypeUntilDispatch)
{
    EXPECT_THAT(parseAllWays("event: add\n"
                             "data: 1\n\n"
                             "data: 2\n\n"
                             "event: a\n"
                             "event: b\n"
                             "data: 3\n\n"
                             "data: 4\n"
                             "event: late\n\n"
                             "event:\n"
                             "data: 5\n\n"_ba),
        ElementsAre(event(u"add"_s, u"1"_s), message(u"2"_s), event(u"b"_s, u"3"_s),
            event(u"late"_s, u"4"_s), message(u"5"_s)));
    // The type is the field's value exactly, not a known name.
    EXPECT_THAT(
        parseAllWays("event:  Message\ndata: x\n\n"_ba), ElementsAre(event(u" Message"_s, u"x"_s)));
}

TEST(Parser, BlankLineWithoutDataResetsTypeAndDispatchesNothing)
{
    EXPECT_THAT(parseAllWays("event: foo\n\n"
                             "data: x\n\n"
                             "\n\n\n"_ba),
        ElementsAre(message(u"x"_s)));
}

TEST(Parser, IdSetsTheLastEventIdAndPersists)
{
    EXPECT_THAT(parseAllWays("id: 1\n"
                             "data: a\n\n"
                             "data: b\n\n"
                             "id:  2 \n"
                             "data: c\n\n"_ba),
        ElementsAre(idChanged(u"1"_s), message(u"a"_s, u"1"_s), message(u"b"_s, u"1"_s),
            idChanged(u" 2 "_s), message(u"c"_s, u" 2 "_s)));
}

TEST(Parser, EmptyIdResetsTheLastEventId)
{
    EXPECT_THAT(parseAllWays("id: 1\ndata: a\n\n"
                             "id\ndata: b\n\n"
                             "id: 2\ndata: c\n\n"
                             "id:\ndata: d\n\n"_ba),
        ElementsAre(idChanged(u"1"_s), message(u"a"_s, u"1"_s), idChanged(QString()),
            message(u"b"_s), idChanged(u"2"_s), message(u"c"_s, u"2"_s), idChanged(QString()),
            message(u"d"_s)));
}

TEST(Parser, IdContainingNulIsIgnored)
{
    const QByteArray stream = "id: 1\ndata: a\n\n"
                              "id: x\0y\ndata: b\n\n"
                              "id: \0\ndata: c\n\n"
                              "id: 2\nid: z\0\ndata: d\n\n"_ba;
    EXPECT_THAT(parseAllWays(stream),
        ElementsAre(idChanged(u"1"_s), message(u"a"_s, u"1"_s), message(u"b"_s, u"1"_s),
            message(u"c"_s, u"1"_s), idChanged(u"2"_s), message(u"d"_s, u"2"_s)));
    // NUL elsewhere is an ordinary character.
    EXPECT_THAT(parseAllWays("data: \0\n\n"_ba), ElementsAre(message(QString(QChar()))));
}

TEST(Parser, IdIsCommittedOnlyByABlankLine)
{
    RecordingHandler handler;
    Parser parser(handler);
    parser.feed("id: 5\n"_ba);
    EXPECT_THAT(handler.log, IsEmpty());
    EXPECT_EQ(parser.lastEventId(), QString());
    parser.feed("\n"_ba); // no data: no event, but the ID is now the event source's
    EXPECT_THAT(handler.log, ElementsAre(idChanged(u"5"_s)));
    EXPECT_EQ(parser.lastEventId(), u"5"_s);
    parser.feed("data: x\n\n"_ba);
    EXPECT_THAT(handler.log, ElementsAre(idChanged(u"5"_s), message(u"x"_s, u"5"_s)));

    EXPECT_THAT(parseAllWays("id: 7\n\nid: 7\n\n"_ba), ElementsAre(idChanged(u"7"_s)));
    // An ID in an unfinished block never becomes the event source's.
    EXPECT_THAT(parseAllWays("id: 9\ndata: x\n"_ba), IsEmpty());
    // The id line may come after the data lines.
    EXPECT_THAT(parseAllWays("data: x\nid: 3\n\n"_ba),
        ElementsAre(idChanged(u"3"_s), message(u"x"_s, u"3"_s)));
}

TEST(Parser, RetryAcceptsOnlyAsciiDigits)
{
    EXPECT_THAT(parseAllWays("retry: 10\n"
                             "retry: 10a\n"
                             "retry: -1\n"
                             "retry: +1\n"
                             "retry:\n"
                             "retry\n"
                             "retry: 1.5\n"
                             "retry: 1e3\n"
                             "retry:  5\n"
                             "retry: 5 \n"
                             "retry: 0x10\n"
                             "retry: \xEF\xBC\x95\n" // FULLWIDTH DIGIT FIVE
                             "retry:0\n"
                             "retry: 007\n"_ba),
        ElementsAre(retry(10), retry(0), retry(7)));
}

TEST(Parser, RetryTakesEffectWithoutDispatch)
{
    EXPECT_THAT(parseAllWays("data: a\nretry: 250\n\n"
                             "retry: 1000\n"_ba),
        ElementsAre(retry(250), message(u"a"_s), retry(1000)));
}

TEST(Parser, HugeRetrySaturatesWithoutOverflow)
{
    const Log log = parseAllWays("retry: 123456789012345678\n"
                                 "retry: 9223372036854775807\n"
                                 "retry: 9223372036854775808\n"
                                 "retry: 99999999999999999999999999999999999999999999\n"_ba);
    ASSERT_THAT(log, SizeIs(4));
    EXPECT_EQ(log[0], retry(123456789012345678));
    for (qsizetype i = 1; i < log.size(); ++i) {
        EXPECT_EQ(log[i].kind, LogEntry::Kind::Retry);
        EXPECT_GE(log[i].retry, 100'000'000'000'000'000) << "entry " << i;
    }
}

TEST(Parser, UnknownFieldsAreIgnored)
{
    EXPECT_THAT(parseAllWays("Data: x\n"
                             "DATA: x\n"
                             "dat: x\n"
                             "datas: x\n"
                             "data : x\n"
                             " data: x\n"
                             "Event: e\n"
                             "ID: 1\n"
                             "Retry: 5\n"
                             "foo: bar\n\n"_ba),
        IsEmpty());
}

TEST(Parser, DiscardsTheUnfinishedEventAtTheEnd)
{
    EXPECT_THAT(parseAllWays("data: x\n"_ba), IsEmpty());
    EXPECT_THAT(parseAllWays("data: x"_ba), IsEmpty());
    EXPECT_THAT(parseAllWays("data: x\n\ndata: y\n"_ba), ElementsAre(message(u"x"_s)));
    EXPECT_THAT(parseAllWays("retry: 5"_ba), IsEmpty()); // an unterminated line is never read
}

// --- UTF-8 ---

TEST(Parser, DecodesUtf8)
{
    EXPECT_THAT(parseAllWays("event: 日本\nid: ü\ndata: 日本語 😀\n\n:é\n"_ba),
        ElementsAre(idChanged(u"ü"_s), event(u"日本"_s, u"日本語 😀"_s, u"ü"_s), comment(u"é"_s)));
    // Noncharacters are valid UTF-8.
    EXPECT_THAT(parseAllWays("data: \xEF\xBF\xBF\xF4\x8F\xBF\xBF\n\n"_ba),
        ElementsAre(message(u"\uFFFF\U0010FFFF"_s)));
}

TEST(Parser, MultibyteCharacterSplitAtEveryOffset)
{
    const QByteArray stream = "data: 日本😀\n\n"_ba;
    for (qsizetype split = 1; split < stream.size(); ++split) {
        RecordingHandler handler;
        Parser parser(handler);
        parser.feed(QByteArrayView(stream).first(split));
        parser.feed(QByteArrayView(stream).sliced(split));
        EXPECT_THAT(handler.log, ElementsAre(message(u"日本😀"_s))) << "split at " << split;
    }
    EXPECT_THAT(parseAllWays(stream), ElementsAre(message(u"日本😀"_s)));
}

TEST(Parser, ReplacesInvalidUtf8)
{
    // One U+FFFD per maximal ill-formed subsequence, as the Encoding Standard decodes.
    EXPECT_THAT(parseAllWays("data: a\xFF"
                             "b\n\n"
                             "data: \xC0\x80\n\n"
                             "data: \xED\xA0\x80\n\n"
                             "data: \xE6\x97x\n\n"
                             "data: \xF0\x9F\x98\n\n"
                             "data: \x80\x80\n\n"
                             "data: \xE6\xC3\xA9\n\n"
                             "data: \xF4\x90\x80\x80\n\n"_ba),
        ElementsAre(message(u"a\uFFFDb"_s), message(fffd + fffd), message(fffd + fffd + fffd),
            message(fffd + u"x"_s), message(fffd), message(fffd + fffd), message(fffd + u"é"_s),
            message(fffd + fffd + fffd + fffd)));
    EXPECT_THAT(parseAllWays("event: \xFF\nid: \xE6\x97\ndata: \xE6\x97\ndata: \xE6\x97\n\n"
                             ":\xE6\x97\n"
                             "d\xFF"
                             "ata: x\n\n"_ba),
        ElementsAre(idChanged(fffd), event(fffd, fffd + u"\n"_s + fffd, fffd), comment(fffd)));
    // A long value takes another decoding path.
    EXPECT_THAT(parseAllWays("data: "_ba + QByteArray(1000, 'x') + "\xE6\x97\n\n"_ba),
        ElementsAre(message(QString(1000, u'x') + fffd)));
    // A legitimate U+FFFD in the stream is not an error.
    EXPECT_THAT(parseAllWays("data: \xEF\xBF\xBD\n\n"_ba), ElementsAre(message(fffd)));
}

// --- reset() and interrupt() ---

TEST(Parser, ResetStartsANewStream)
{
    RecordingHandler handler;
    Parser parser(handler);
    parser.setCommentsEnabled(true);
    parser.feed("id: 1\n\nevent: e\nid: 2\ndata: unfinished\ndata: line"_ba);
    EXPECT_GT(parser.bufferedBytes(), 0);
    parser.reset(u"42"_s);
    EXPECT_EQ(parser.bufferedBytes(), 0);
    EXPECT_EQ(parser.lastEventId(), u"42"_s);
    EXPECT_TRUE(parser.commentsEnabled());
    // A new stream: its BOM is stripped, the old type and data are gone, and an event
    // without id keeps the ID given to reset() (reset itself reports no change).
    parser.feed("\xEF\xBB\xBF"
                ": c\ndata: x\n\n"_ba);
    EXPECT_THAT(
        handler.log, ElementsAre(idChanged(u"1"_s), comment(u" c"_s), message(u"x"_s, u"42"_s)));
}

TEST(Parser, ResetWithoutIdClearsIt)
{
    RecordingHandler handler;
    Parser parser(handler);
    parser.feed("id: 1\n\n"_ba);
    parser.reset();
    EXPECT_EQ(parser.lastEventId(), QString());
    parser.feed("data: x\n\n"_ba);
    EXPECT_THAT(handler.log, ElementsAre(idChanged(u"1"_s), message(u"x"_s)));
}

TEST(Parser, ResetToIdThenSameIdReportsNoChange)
{
    ParseSetup setup;
    setup.initialLastEventId = u"7"_s;
    EXPECT_THAT(parseAllWays("id: 7\ndata: a\n\nid: 8\ndata: b\n\nid\n\n"_ba, setup),
        ElementsAre(message(u"a"_s, u"7"_s), idChanged(u"8"_s), message(u"b"_s, u"8"_s),
            idChanged(QString())));
}

TEST(Parser, ResetClearsAFailure)
{
    RecordingHandler handler;
    Parser parser(handler, ParserLimits {8, 64});
    parser.feed("data: 123456789\n\n"_ba);
    EXPECT_TRUE(parser.hasFailed());
    parser.reset();
    EXPECT_FALSE(parser.hasFailed());
    parser.feed("data: 1\n\n"_ba);
    EXPECT_THAT(handler.log, ElementsAre(error(ParseError::LineTooLong), message(u"1"_s)));
}

TEST(Parser, InterruptStopsTheCurrentFeed)
{
    RecordingHandler handler;
    Parser parser(handler);
    handler.afterEntry = [&](const LogEntry &entry) {
        if (entry.kind == LogEntry::Kind::Event) {
            parser.interrupt();
        }
    };
    parser.feed("data: 1\n\ndata: 2\n\n"_ba);
    EXPECT_THAT(handler.log, ElementsAre(message(u"1"_s)));
    EXPECT_FALSE(parser.hasFailed());
    // The next feed() runs normally (what was left of the interrupted chunk is gone).
    parser.feed("data: 3\n\n"_ba);
    EXPECT_THAT(handler.log, ElementsAre(message(u"1"_s), message(u"3"_s)));
}

TEST(Parser, InterruptStopsAFeedCompletingALineFromAnEarlierChunk)
{
    RecordingHandler handler;
    Parser parser(handler);
    handler.afterEntry = [&](const LogEntry &) { parser.interrupt(); };
    parser.feed("ret"_ba);
    parser.feed("ry: 5\ndata: x\n\n"_ba);
    EXPECT_THAT(handler.log, ElementsAre(retry(5)));
    EXPECT_EQ(parser.bufferedBytes(), 0);
}

TEST(Parser, InterruptFromAnyCallback)
{
    for (const QByteArray &first : {"retry: 1\n"_ba, ":c\n"_ba, "id: 1\n\n"_ba}) {
        RecordingHandler handler;
        Parser parser(handler);
        parser.setCommentsEnabled(true);
        handler.afterEntry = [&](const LogEntry &) { parser.interrupt(); };
        parser.feed(first + "data: x\n\n"_ba);
        EXPECT_THAT(handler.log, SizeIs(1)) << first.constData();
    }
}

TEST(Parser, InterruptOutsideFeedDoesNotAffectTheNextFeed)
{
    RecordingHandler handler;
    Parser parser(handler);
    parser.interrupt();
    parser.feed("data: 1\n\ndata: 2\n\n"_ba);
    EXPECT_THAT(handler.log, ElementsAre(message(u"1"_s), message(u"2"_s)));
}

// --- limits ---

TEST(Parser, LineOverTheLimitFailsOnce)
{
    const QByteArray stream = "data: a\n\n"
                              "data: 0123456789\n\n" // 16 bytes: over a limit of 15
                              "data: b\n\n"_ba;
    EXPECT_THAT(parseAllWays(stream, withLimits(15, 1024)),
        ElementsAre(message(u"a"_s), error(ParseError::LineTooLong)));
    // Exactly at the limit passes, however split.
    EXPECT_THAT(parseAllWays(stream, withLimits(16, 1024)),
        ElementsAre(message(u"a"_s), message(u"0123456789"_s), message(u"b"_s)));

    RecordingHandler handler;
    Parser parser(handler, ParserLimits {15, 1024});
    parser.feed(stream);
    EXPECT_TRUE(parser.hasFailed());
    EXPECT_EQ(parser.bufferedBytes(), 0);
    EXPECT_TRUE(handler.errorMessage.contains(u"15"_s)) << handler.errorMessage.toStdString();
    parser.feed("data: c\n\n"_ba);
    EXPECT_THAT(handler.log, SizeIs(2)); // nothing more after the error
}

TEST(Parser, UnterminatedLineOverTheLimitFailsWithoutWaitingForItsEnd)
{
    RecordingHandler handler;
    Parser parser(handler, ParserLimits {16, 1024});
    parser.feed("data: 0123456789"_ba); // 16 bytes, could still end here
    EXPECT_THAT(handler.log, IsEmpty());
    parser.feed("x"_ba);
    EXPECT_THAT(handler.log, ElementsAre(error(ParseError::LineTooLong)));
    // Comments and unknown fields count too: a line is a line.
    EXPECT_THAT(parseAllWays(":0123456789abcdefgh\n"_ba, withLimits(16, 1024)),
        ElementsAre(error(ParseError::LineTooLong)));
}

TEST(Parser, HugeLineKeepsMemoryBounded)
{
    constexpr qsizetype maxLine = 1 << 20;
    constexpr qsizetype chunk = 64 << 10;
    RecordingHandler handler;
    Parser parser(handler, ParserLimits {maxLine, 16 << 20});
    const QByteArray piece(chunk, 'x');
    parser.feed("data: "_ba);
    qsizetype maxBuffered = 0;
    for (qsizetype fed = 0; fed < (64 << 20); fed += chunk) {
        parser.feed(piece);
        maxBuffered = std::max(maxBuffered, parser.bufferedBytes());
        if (!parser.hasFailed()) {
            EXPECT_LE(parser.bufferedBytes(), maxLine);
        }
    }
    EXPECT_LE(maxBuffered, maxLine + chunk);
    EXPECT_EQ(parser.bufferedBytes(), 0);
    EXPECT_THAT(handler.log, ElementsAre(error(ParseError::LineTooLong)));
}

TEST(Parser, LineJustUnderTheLimitPasses)
{
    constexpr qsizetype maxLine = 1 << 20;
    const QByteArray value(maxLine - 6, 'v');
    const QByteArray stream = "data: "_ba + value + "\r\n\r\n"_ba;
    for (const QList<qsizetype> &sizes : QList<QList<qsizetype>> {{}, {1}, {4096}, {maxLine}}) {
        const ParseResult result = parseInChunks(stream, withLimits(maxLine, 16 << 20), sizes);
        ASSERT_THAT(result.log, SizeIs(1));
        EXPECT_EQ(result.log[0].data.size(), value.size());
        EXPECT_EQ(result.log[0].data, QString::fromLatin1(value));
        EXPECT_LE(result.maxBufferedBytes, maxLine);
    }
}

TEST(Parser, EventOverTheLimitFails)
{
    QByteArray stream = "data: ok\n\n"_ba;
    for (int i = 0; i < 100; ++i) {
        stream += "data: 0123456789\n"_ba; // 11 bytes of data buffer each
    }
    stream += "\ndata: after\n\n"_ba;
    EXPECT_THAT(parseAllWays(stream, withLimits(1024, 500)),
        ElementsAre(message(u"ok"_s), error(ParseError::EventTooLarge)));

    RecordingHandler handler;
    Parser parser(handler, ParserLimits {1024, 500});
    parser.feed(stream);
    EXPECT_TRUE(handler.errorMessage.contains(u"500"_s)) << handler.errorMessage.toStdString();
    EXPECT_EQ(parser.bufferedBytes(), 0);
}

TEST(Parser, EventLimitCountsDataBufferAndTypeWhereverTheChunksSplit)
{
    // The data buffer "12345\n12345\n" is 12 bytes; with the type "e" the event is 13.
    EXPECT_THAT(parseAllWays("data: 12345\ndata: 12345\n\n"_ba, withLimits(64, 12)),
        ElementsAre(message(u"12345\n12345"_s)));
    EXPECT_THAT(parseAllWays("data: 12345\ndata: 12345\n\n"_ba, withLimits(64, 11)),
        ElementsAre(error(ParseError::EventTooLarge)));
    EXPECT_THAT(parseAllWays("event: e\ndata: 12345\ndata: 12345\n\n"_ba, withLimits(64, 13)),
        ElementsAre(event(u"e"_s, u"12345\n12345"_s)));
    EXPECT_THAT(parseAllWays("event: e\ndata: 12345\ndata: 12345\n\n"_ba, withLimits(64, 12)),
        ElementsAre(error(ParseError::EventTooLarge)));
    EXPECT_THAT(parseAllWays("data: 12345\ndata: 12345\nevent: e\n\n"_ba, withLimits(64, 12)),
        ElementsAre(error(ParseError::EventTooLarge)));
    // A later event: its first line takes another path than the stream's first line.
    EXPECT_THAT(parseAllWays("data: x\n\ndata: 12345\ndata: 1234\n\n"_ba, withLimits(64, 11)),
        ElementsAre(message(u"x"_s), message(u"12345\n1234"_s)));
    EXPECT_THAT(parseAllWays("data: x\n\ndata: 12345\ndata: 1234\n\n"_ba, withLimits(64, 10)),
        ElementsAre(message(u"x"_s), error(ParseError::EventTooLarge)));
    // The limit is per event: many events each under it pass.
    QByteArray many;
    for (int i = 0; i < 50; ++i) {
        many += "data: 12345\ndata: 12345\n\n"_ba;
    }
    EXPECT_THAT(parseAllWays(many, withLimits(64, 12)), SizeIs(50));
}

TEST(Parser, OneMegabyteEventByteByByteIsLinear)
{
    // Quadratic copying would make these take minutes; they run in well under a second.
    const QByteArray value(1 << 20, 'z');
    const ParseResult oneLine
        = parseInChunks("data: "_ba + value + "\n\n"_ba, withLimits(4 << 20, 16 << 20), {1});
    ASSERT_THAT(oneLine.log, SizeIs(1));
    EXPECT_EQ(oneLine.log[0].data, QString::fromLatin1(value));

    QByteArray manyLines;
    QString expected;
    for (int i = 0; i < (1 << 14); ++i) {
        manyLines += "data: "_ba + QByteArray::number(i).rightJustified(57, '.') + "\n"_ba;
        expected += QString::number(i).rightJustified(57, u'.') + u'\n';
    }
    expected.chop(1);
    const ParseResult lines = parseInChunks(manyLines + "\n"_ba, {}, {1});
    ASSERT_THAT(lines.log, SizeIs(1));
    EXPECT_EQ(lines.log[0].data, expected);
}

// --- everything at once, and inputs the fuzzer found ---

TEST(Parser, KitchenSinkIsTheSameHoweverSplit)
{
    const Log log = parseAllWays("\xEF\xBB\xBF: hello\r\n"
                                 "retry: 3000\r"
                                 "id: 1\n"
                                 "event: chat\r\n"
                                 "data: {\"text\":\"日本\"}\r"
                                 "data:  second\n"
                                 "\r\n"
                                 "data: \xF0\x9F\x98\x80\xE6\x97\n"
                                 "id\n\r"
                                 "event: x\n\n"
                                 "data\n\n"
                                 "data: unfinished"_ba);
    EXPECT_THAT(log,
        ElementsAre(comment(u" hello"_s), retry(3000), idChanged(u"1"_s),
            event(u"chat"_s, u"{\"text\":\"日本\"}\n second"_s, u"1"_s), idChanged(QString()),
            message(u"😀"_s + fffd), message(QString())));
}

TEST(Parser, FuzzInvariantHoldsForHandWrittenInputs)
{
    // Each input: 4 header bytes (see checkParserInvariants), then the stream.
    const QList<QByteArray> inputs = {
        // maxEventBytes 10: the data buffer "12345\n1234\n" is 11 bytes. The event limit
        // once counted a pending single line without its LF, so only some splits failed.
        "\x3D\x01\x02\x03"
        "data: x\n\n"
        "data: 12345\ndata: 1234\n\n"_ba,
        "\x01\x00\x00\x00\xEF\xBB\xBF\xEF\xBB\xBF:x\n"_ba,
        "\x03\xC0\xC1\xFF"
        "id: a\r\r\nid\r\n\n"_ba,
        "\x7F\x05\x05\x05"
        "event: abcdefghijklmnopqrstuvwxyz\n"_ba,
    };
    for (const QByteArray &input : inputs) {
        EXPECT_EQ(checkParserInvariants(input), std::string());
    }
}
