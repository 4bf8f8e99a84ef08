// SPDX-License-Identifier: MIT
// Throughput of sse::Parser on one core, decode to QString included.
// Targets (issue 2): >= 1.5 GB/s with 4 KiB events, >= 8 M events/s with 64-byte events.
#include <sseclient/parser.h>

#include <QByteArray>
#include <QString>

#include <benchmark/benchmark.h>

namespace {

constexpr qsizetype chunkBytes = 64 * 1024;

// Every event has `id:`, `event:` and `data:` lines, like a chat server's messages.
QByteArray buildStream(qsizetype dataBytes, qsizetype targetBytes, const QByteArray &alphabet,
    qsizetype characterBytes, qint64 *events)
{
    QByteArray stream;
    stream.reserve(targetBytes + dataBytes + 64);
    qint64 count = 0;
    while (stream.size() < targetBytes) {
        ++count;
        stream.append("id: ").append(QByteArray::number(count)).append('\n');
        stream.append("event: message\n");
        stream.append("data: ");
        // Starts and ends on whole characters, so that multibyte text stays valid UTF-8.
        const qsizetype start = stream.size();
        qsizetype offset = (count * characterBytes) % alphabet.size();
        while (stream.size() - start < dataBytes) {
            stream.append(alphabet.mid(offset));
            offset = 0;
        }
        stream.truncate(start + dataBytes);
        stream.append("\n\n");
    }
    *events = count;
    return stream;
}

// Touches every string it gets so that no decode can be skipped.
class CountingHandler final : public sse::ParserHandler
{
public:
    void onEvent(const QString &type, const QString &data, const QString &lastEventId) override
    {
        ++events;
        characters += type.size() + data.size() + lastEventId.size();
        if (!data.isEmpty()) {
            checksum += data.front().unicode() + data.back().unicode();
        }
        benchmark::DoNotOptimize(checksum);
    }
    void onLastEventIdChanged(const QString &lastEventId) override
    {
        characters += lastEventId.size();
    }

    qint64 events = 0;
    qint64 characters = 0;
    quint64 checksum = 0;
};

void feedStream(benchmark::State &state, const QByteArray &stream, qint64 eventsPerStream)
{
    CountingHandler handler;
    sse::Parser parser(handler);
    for (auto _ : state) {
        for (qsizetype offset = 0; offset < stream.size(); offset += chunkBytes) {
            parser.feed(QByteArrayView(stream).sliced(
                offset, std::min(chunkBytes, stream.size() - offset)));
        }
    }
    if (handler.events != eventsPerStream * qint64(state.iterations())) {
        state.SkipWithError("the parser dispatched a wrong number of events");
    }
    state.SetBytesProcessed(qint64(state.iterations()) * stream.size());
    state.SetItemsProcessed(handler.events);
}

const QByteArray ascii = "The quick brown fox jumps over the lazy dog. 0123456789 {\"k\":\"v\"} ";
// Japanese chat text: three-byte UTF-8 sequences only, often split between chunks.
const QByteArray japanese = "こんにちは、世界！今日はいい天気ですね。サーバー送信イベント。";

void BM_Parser_4KiB(benchmark::State &state)
{
    qint64 events = 0;
    const QByteArray stream = buildStream(4096, 8 << 20, ascii, 1, &events);
    feedStream(state, stream, events);
}
BENCHMARK(BM_Parser_4KiB);

void BM_Parser_64B(benchmark::State &state)
{
    qint64 events = 0;
    const QByteArray stream = buildStream(64, 8 << 20, ascii, 1, &events);
    feedStream(state, stream, events);
}
BENCHMARK(BM_Parser_64B);

void BM_Parser_4KiB_Japanese(benchmark::State &state)
{
    qint64 events = 0;
    const QByteArray stream = buildStream(4095, 8 << 20, japanese, 3, &events);
    feedStream(state, stream, events);
}
BENCHMARK(BM_Parser_4KiB_Japanese);

// One big event arriving a byte at a time must cost linear time: bytes/s stays flat as
// the event grows (a quadratic parser would slow down 4x per step).
void BM_Parser_BigEvent_1ByteChunks(benchmark::State &state)
{
    const qsizetype dataBytes = state.range(0);
    QByteArray stream = "data: " + QByteArray(dataBytes, 'x') + "\n\n";
    CountingHandler handler;
    sse::ParserLimits limits;
    limits.maxLineBytes = 64 << 20;
    limits.maxEventBytes = 64 << 20;
    sse::Parser parser(handler, limits);
    for (auto _ : state) {
        for (const char &byte : std::as_const(stream)) {
            parser.feed(QByteArrayView(&byte, 1));
        }
    }
    if (handler.events != qint64(state.iterations())) {
        state.SkipWithError("the parser dispatched a wrong number of events");
    }
    state.SetBytesProcessed(qint64(state.iterations()) * stream.size());
    state.SetItemsProcessed(handler.events);
}
BENCHMARK(BM_Parser_BigEvent_1ByteChunks)
    ->Arg(256 << 10)
    ->Arg(1 << 20)
    ->Arg(4 << 20)
    ->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
