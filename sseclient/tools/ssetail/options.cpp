// SPDX-License-Identifier: MIT
#include "options.h"

#include <sseclient/certificatepinning.h>

#include <QCommandLineParser>
#include <QRegularExpression>

#include <cmath>

using namespace Qt::StringLiterals;

namespace sse::tail {

namespace {

const QString helpText = uR"(Usage: sse-tail [options] SOURCE

Prints the events of a Server-Sent Events stream as they arrive.
SOURCE is an http:// or https:// URL, a file, or - for standard input.
A URL is followed like a browser's EventSource does (reconnects with Last-Event-ID);
a file or standard input is parsed as one stream up to its end.

Output:
      --json                one JSON object per line: {"kind":"event",...}, "retry",
                            "open", "error" (and "comment" with --comments)
      --comments            also print comment lines
  -q, --quiet               print nothing per event (errors still go to stderr)
      --stats               print counts and throughput as the last line on stderr
      --color WHEN          auto (default), always or never

Stopping:
  -n, --count N             exit 0 after N events
      --timeout SECONDS     exit 3 if not done after this long

Network:
  -H, --header 'NAME: VALUE'  extra request header (repeatable)
      --last-event-id ID    initial Last-Event-ID
      --max-reconnects N    give up (exit 1) after N reconnects in a row without success
      --reconnect-delay MS  reconnection time until the server sends retry: (3000)
      --backoff             exponential backoff with jitter between reconnects
      --retry-server-errors reconnect on 5xx and 429 instead of failing
      --idle-timeout MS     reconnect when no byte arrived for this long
      --http1               do not try HTTP/2
      --pin-sha256 HEX      trust the server certificate with this SHA-256 fingerprint
                            (64 hex digits, colons allowed, as printed by
                            openssl x509 -noout -fingerprint -sha256), and no
                            other: a different certificate exits 1

File and standard input:
      --chunk-size N        feed the parser N bytes at a time (to test chunking)

  -h, --help                show this help
      --version             show the version

Exit status: 0 done (end of file, --count reached, or HTTP 204 from the server),
1 connection failed or gave up, 2 usage error, 3 timeout.
)"_s;

bool isTokenChar(QChar c)
{
    static const QString separators = u"!#$%&'*+-.^_`|~"_s;
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9')
        || separators.contains(c);
}

// Parses a whole-number option value in [minimum, maximum]; writes an error otherwise.
std::optional<qint64> integerValue(const QCommandLineParser &parser, const QString &name,
    qint64 minimum, qint64 maximum, QString &error)
{
    bool ok = false;
    const qint64 value = parser.value(name).toLongLong(&ok);
    if (!ok || value < minimum || value > maximum) {
        error = u"--%1 expects a whole number from %2 to %3, not \"%4\""_s.arg(name)
                    .arg(minimum)
                    .arg(maximum)
                    .arg(parser.value(name));
        return std::nullopt;
    }
    return value;
}

bool parseSource(const QString &source, TailOptions &options, QString &error)
{
    if (source == u"-"_s) {
        options.sourceKind = SourceKind::Stdin;
        return true;
    }
    static const QRegularExpression schemePattern(u"^([A-Za-z][A-Za-z0-9+.-]*)://"_s);
    const QRegularExpressionMatch match = schemePattern.match(source);
    if (!match.hasMatch()) {
        options.sourceKind = SourceKind::File;
        options.path = source;
        return true;
    }
    const QString scheme = match.captured(1).toLower();
    const QUrl url(source, QUrl::StrictMode);
    if (scheme == u"file"_s && url.isValid()) {
        options.sourceKind = SourceKind::File;
        options.path = url.toLocalFile();
        return true;
    }
    if (scheme != u"http"_s && scheme != u"https"_s) {
        error = u"unsupported URL scheme \"%1\" (use http, https, a file or -)"_s.arg(scheme);
        return false;
    }
    if (!url.isValid() || url.host().isEmpty()) {
        error = u"invalid URL \"%1\""_s.arg(source);
        return false;
    }
    options.sourceKind = SourceKind::Url;
    options.url = url;
    return true;
}

} // namespace

std::optional<QPair<QByteArray, QByteArray>> parseHeader(const QString &header)
{
    const qsizetype colon = header.indexOf(u':');
    if (colon <= 0) {
        return std::nullopt;
    }
    const QString name = header.left(colon);
    if (!std::all_of(name.begin(), name.end(), isTokenChar)) {
        return std::nullopt;
    }
    const QString value = header.mid(colon + 1).trimmed();
    if (value.contains(u'\r') || value.contains(u'\n') || value.contains(QChar(0))) {
        return std::nullopt;
    }
    return qMakePair(name.toLatin1(), value.toUtf8());
}

ParsedCommandLine parseCommandLine(const QStringList &arguments)
{
    ParsedCommandLine result;
    QCommandLineParser parser;
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsCompactedShortOptions);
    parser.addOptions({
        {u"json"_s, QString()},
        {u"comments"_s, QString()},
        {{u"q"_s, u"quiet"_s}, QString()},
        {u"stats"_s, QString()},
        {u"color"_s, QString(), u"WHEN"_s},
        {{u"n"_s, u"count"_s}, QString(), u"N"_s},
        {u"timeout"_s, QString(), u"SECONDS"_s},
        {{u"H"_s, u"header"_s}, QString(), u"HEADER"_s},
        {u"last-event-id"_s, QString(), u"ID"_s},
        {u"max-reconnects"_s, QString(), u"N"_s},
        {u"reconnect-delay"_s, QString(), u"MS"_s},
        {u"backoff"_s, QString()},
        {u"retry-server-errors"_s, QString()},
        {u"idle-timeout"_s, QString(), u"MS"_s},
        {u"http1"_s, QString()},
        {u"pin-sha256"_s, QString(), u"HEX"_s},
        {u"chunk-size"_s, QString(), u"N"_s},
        {{u"h"_s, u"help"_s}, QString()},
        {u"version"_s, QString()},
    });
    parser.addPositionalArgument(u"SOURCE"_s, QString());

    if (!parser.parse(arguments)) {
        result.error = parser.errorText();
        return result;
    }
    if (parser.isSet(u"help"_s)) {
        result.output = helpText;
        return result;
    }
    if (parser.isSet(u"version"_s)) {
        result.output = u"sse-tail %1\n"_s.arg(QStringLiteral(HIBIKI_VERSION));
        return result;
    }

    TailOptions options;
    QString &error = result.error;
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1) {
        error = positional.isEmpty() ? u"missing SOURCE (a URL, a file, or - for stdin)"_s
                                     : u"expected one SOURCE, got %1"_s.arg(positional.size());
        return result;
    }
    if (!parseSource(positional.constFirst(), options, error)) {
        return result;
    }

    options.format = parser.isSet(u"json"_s) ? OutputFormat::Json : OutputFormat::Human;
    options.comments = parser.isSet(u"comments"_s);
    options.quiet = parser.isSet(u"quiet"_s);
    options.stats = parser.isSet(u"stats"_s);
    if (parser.isSet(u"color"_s)) {
        const QString when = parser.value(u"color"_s);
        if (when == u"auto"_s) {
            options.color = ColorMode::Auto;
        } else if (when == u"always"_s) {
            options.color = ColorMode::Always;
        } else if (when == u"never"_s) {
            options.color = ColorMode::Never;
        } else {
            error = u"--color expects auto, always or never, not \"%1\""_s.arg(when);
            return result;
        }
    }

    constexpr qint64 intMax = std::numeric_limits<int>::max();
    if (parser.isSet(u"count"_s)) {
        const auto count
            = integerValue(parser, u"count"_s, 1, std::numeric_limits<qint64>::max(), error);
        if (!count) {
            return result;
        }
        options.count = *count;
    }
    if (parser.isSet(u"timeout"_s)) {
        bool ok = false;
        const double seconds = parser.value(u"timeout"_s).toDouble(&ok);
        if (!ok || !std::isfinite(seconds) || seconds <= 0 || seconds > intMax / 1000.0) {
            error = u"--timeout expects a positive number of seconds, not \"%1\""_s.arg(
                parser.value(u"timeout"_s));
            return result;
        }
        options.timeoutMs = std::max<qint64>(1, qint64(std::llround(seconds * 1000)));
    }
    if (parser.isSet(u"chunk-size"_s)) {
        const auto size = integerValue(parser, u"chunk-size"_s, 1, 64 << 20, error);
        if (!size) {
            return result;
        }
        options.chunkSize = *size;
        options.chunkSizeSet = true;
    }

    for (const QString &header : parser.values(u"header"_s)) {
        const auto parsed = parseHeader(header);
        if (!parsed) {
            error = u"-H expects 'Name: value', not \"%1\""_s.arg(header);
            return result;
        }
        options.headers.append(*parsed);
    }
    options.lastEventId = parser.value(u"last-event-id"_s);
    if (parser.isSet(u"max-reconnects"_s)) {
        const auto value = integerValue(parser, u"max-reconnects"_s, 0, intMax, error);
        if (!value) {
            return result;
        }
        options.maxReconnects = int(*value);
    }
    if (parser.isSet(u"reconnect-delay"_s)) {
        const auto value = integerValue(parser, u"reconnect-delay"_s, 0, intMax, error);
        if (!value) {
            return result;
        }
        options.reconnectDelayMs = int(*value);
    }
    if (parser.isSet(u"idle-timeout"_s)) {
        const auto value = integerValue(parser, u"idle-timeout"_s, 0, intMax, error);
        if (!value) {
            return result;
        }
        options.idleTimeoutMs = int(*value);
    }
    options.backoff = parser.isSet(u"backoff"_s);
    options.retryServerErrors = parser.isSet(u"retry-server-errors"_s);
    options.http1Only = parser.isSet(u"http1"_s);
    if (parser.isSet(u"pin-sha256"_s)) {
        const QString value = parser.value(u"pin-sha256"_s);
        // What `openssl x509 -fingerprint -sha256` prints may be pasted whole:
        // "sha256 Fingerprint=AB:CD:...".
        const QString hex = value.mid(value.lastIndexOf(u'=') + 1);
        options.pinnedSha256 = normalizedSha256Hex(hex.toLatin1());
        if (options.pinnedSha256.isEmpty()) {
            error = u"--pin-sha256 expects a SHA-256 fingerprint (64 hex digits, colons "
                    "allowed), not \"%1\""_s.arg(value);
            return result;
        }
    }

    // Options that cannot apply to the source are mistakes worth pointing out.
    static const QStringList networkOnly
        = {u"header"_s, u"last-event-id"_s, u"max-reconnects"_s, u"reconnect-delay"_s, u"backoff"_s,
            u"retry-server-errors"_s, u"idle-timeout"_s, u"http1"_s, u"pin-sha256"_s};
    if (options.sourceKind != SourceKind::Url) {
        for (const QString &name : networkOnly) {
            if (parser.isSet(name)) {
                error = u"--%1 applies to a URL source only"_s.arg(name);
                return result;
            }
        }
    } else if (options.chunkSizeSet) {
        error = u"--chunk-size applies to a file or standard input only"_s;
        return result;
    }

    result.options = options;
    return result;
}

} // namespace sse::tail
