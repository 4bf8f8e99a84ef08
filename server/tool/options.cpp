// SPDX-License-Identifier: MIT
#include "options.h"

#include <QCommandLineParser>
#include <QUrl>

#include <cstdio>
#include <limits>

using namespace Qt::StringLiterals;

namespace hibiki {

namespace {

void printError(const QString &message)
{
    std::fprintf(stderr, "hibiki-server: %s\n", qPrintable(message));
}

// Reads an integer option within [minimum, maximum]; the default when absent.
template<typename T>
bool readNumber(
    const QCommandLineParser &parser, const QString &name, qint64 minimum, qint64 maximum, T *value)
{
    if (!parser.isSet(name)) {
        return true;
    }
    bool ok = false;
    const qint64 number = parser.value(name).toLongLong(&ok);
    if (!ok || number < minimum || number > maximum) {
        printError(
            u"--%1 must be a whole number from %2 to %3"_s.arg(name).arg(minimum).arg(maximum));
        return false;
    }
    *value = T(number);
    return true;
}

std::optional<QHostAddress> parseAddress(const QString &text)
{
    if (text == "localhost"_L1) {
        return QHostAddress(QHostAddress::LocalHost);
    }
    if (text == "any"_L1 || text == "*"_L1) {
        return QHostAddress(QHostAddress::Any);
    }
    QHostAddress address;
    if (!address.setAddress(text)) {
        return std::nullopt;
    }
    return address;
}

// "scheme://host[:port]" as browsers send it in Origin, or "*".
bool isOrigin(const QString &text)
{
    if (text == "*"_L1) {
        return true;
    }
    const QUrl url(text, QUrl::StrictMode);
    return url.isValid() && !url.scheme().isEmpty() && !url.host().isEmpty()
        && (url.path().isEmpty() || url.path() == "/"_L1) && !url.hasQuery() && !url.hasFragment()
        && url.userInfo().isEmpty();
}

} // namespace

std::optional<ServerOptions> parseOptions(const QStringList &arguments)
{
    ServerOptions options;
    RoomServerConfig &config = options.room;
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Hibiki room server: a chat room over Server-Sent Events.\n"
        "GET /sse streams messages, POST /messages stores one, GET /health reports."_s);
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOptions({
        {u"listen"_s, u"Address to listen on (IP, localhost or any). Default 127.0.0.1."_s,
            u"ADDR"_s},
        {u"port"_s, u"TCP port; 0 picks a free one. Default %1."_s.arg(config.port), u"N"_s},
        {u"data"_s, u"Keep messages in SQLite in DIR (default: memory only)."_s, u"DIR"_s},
        {u"history"_s,
            u"Messages kept in memory and sent to new clients. Default %1."_s.arg(config.history),
            u"N"_s},
        {u"heartbeat-ms"_s,
            u"Interval of ': ping' comments; 0 disables. Default %1."_s.arg(config.heartbeatMs),
            u"MS"_s},
        {u"max-clients"_s,
            u"Open event streams allowed; more get 503. Default %1."_s.arg(config.maxClients),
            u"N"_s},
        {u"max-body"_s,
            u"Largest POST body in bytes; larger gets 413. Default %1."_s.arg(config.maxBodyBytes),
            u"BYTES"_s},
        {u"server-name"_s,
            u"Also answer to this host name (repeatable); other Host headers get 421."_s,
            u"NAME"_s},
        {u"allow-origin"_s,
            u"Let web pages of this origin read and post, e.g. https://chat.example.org "
            "(repeatable; * for any). Default: none."_s,
            u"ORIGIN"_s},
        {u"max-connections"_s,
            u"Open connections of every kind; more get 503. Default: the descriptor limit "
            "less 64, at most 4096."_s,
            u"N"_s},
        {u"head-timeout-ms"_s,
            u"Time for a request head to arrive. Default %1."_s.arg(config.headTimeoutMs), u"MS"_s},
        {u"body-timeout-ms"_s,
            u"Time for a request body to arrive. Default %1."_s.arg(config.bodyTimeoutMs), u"MS"_s},
        {u"keepalive-timeout-ms"_s,
            u"Idle keep-alive connections close after this. Default %1."_s.arg(
                config.keepAliveTimeoutMs),
            u"MS"_s},
        {u"max-header-bytes"_s,
            u"Largest request head; larger gets 431. Default %1."_s.arg(config.maxHeaderBytes),
            u"BYTES"_s},
        {u"max-url-bytes"_s,
            u"Longest request target; longer gets 414. Default %1."_s.arg(config.maxUrlBytes),
            u"BYTES"_s},
        {u"max-stream-queue"_s,
            u"Unsent bytes after which a stream is cut off. Default %1."_s.arg(
                config.maxQueueBytes),
            u"BYTES"_s},
        {u"max-queued-total"_s,
            u"Unsent bytes of all streams together; past it the slowest are cut. Default %1."_s.arg(
                config.maxQueuedBytesTotal),
            u"BYTES"_s},
        {u"linger-ms"_s,
            u"Closing after an early answer reads and drops input this long. Default %1."_s.arg(
                config.lingerMs),
            u"MS"_s},
        {u"linger-bytes"_s, u"... and at most this much. Default %1."_s.arg(config.lingerBytes),
            u"BYTES"_s},
        {u"tls"_s,
            u"Serve HTTPS from DIR/cert.pem and DIR/key.pem; a self-signed pair is made when "
            "both are missing."_s,
            u"DIR"_s},
        {u"token-file"_s,
            u"Require 'Authorization: Bearer <token>' with the token in FILE (made with a new "
            "random token when missing)."_s,
            u"FILE"_s},
        {u"name"_s, u"The room's name in invite links. Default: the host name."_s, u"NAME"_s},
        {u"public-url"_s,
            u"The base URL others reach the room at, for invite links. Default: the listen "
            "address (with 'any': this machine's first network address)."_s,
            u"URL"_s},
        {u"print-invite"_s,
            u"Once listening, print the invite link (hibiki://join?...) on a second line."_s},
    });
    if (!parser.parse(arguments)) {
        printError(parser.errorText());
        return std::nullopt;
    }
    if (parser.isSet(u"help"_s)) {
        parser.showHelp(0);
    }
    if (parser.isSet(u"version"_s)) {
        parser.showVersion();
    }
    if (!parser.positionalArguments().isEmpty()) {
        printError(u"unexpected argument %1"_s.arg(parser.positionalArguments().first()));
        return std::nullopt;
    }
    if (parser.isSet(u"listen"_s)) {
        const auto address = parseAddress(parser.value(u"listen"_s));
        if (!address) {
            printError(u"--listen needs an IP address, localhost or any"_s);
            return std::nullopt;
        }
        config.listenAddress = *address;
    }
    config.dataDir = parser.value(u"data"_s);
    config.tlsDirectory = parser.value(u"tls"_s);
    config.tokenFile = parser.value(u"token-file"_s);
    config.roomName = parser.value(u"name"_s);
    options.printInvite = parser.isSet(u"print-invite"_s);
    if (parser.isSet(u"public-url"_s)) {
        config.inviteBaseUrl = QUrl(parser.value(u"public-url"_s), QUrl::StrictMode);
        const QString scheme = config.inviteBaseUrl.scheme();
        if (!config.inviteBaseUrl.isValid() || config.inviteBaseUrl.host().isEmpty()
            || (scheme != "http"_L1 && scheme != "https"_L1)) {
            printError(u"--public-url needs an http or https URL"_s);
            return std::nullopt;
        }
    }
    config.serverNames = parser.values(u"server-name"_s);
    config.allowedOrigins = parser.values(u"allow-origin"_s);
    for (const QString &origin : std::as_const(config.allowedOrigins)) {
        if (!isOrigin(origin)) {
            printError(u"--allow-origin needs scheme://host[:port] or *, not %1"_s.arg(origin));
            return std::nullopt;
        }
    }
    constexpr qint64 intMax = std::numeric_limits<int>::max();
    constexpr qint64 gib = 1024 * 1024 * 1024;
    // Qt 6.4's request parser refuses heads over 80 KiB on its own (and then hangs the
    // connection): the head limits stay below that.
    constexpr qint64 maxHead = 64 * 1024;
    const bool ok = readNumber(parser, u"port"_s, 0, 65535, &config.port)
        && readNumber(parser, u"history"_s, 1, 1000000, &config.history)
        && readNumber(parser, u"heartbeat-ms"_s, 0, intMax, &config.heartbeatMs)
        && readNumber(parser, u"max-clients"_s, 1, intMax, &config.maxClients)
        && readNumber(parser, u"max-body"_s, 1, gib, &config.maxBodyBytes)
        && readNumber(parser, u"max-connections"_s, 1, intMax, &config.maxConnections)
        && readNumber(parser, u"head-timeout-ms"_s, 1, intMax, &config.headTimeoutMs)
        && readNumber(parser, u"body-timeout-ms"_s, 1, intMax, &config.bodyTimeoutMs)
        && readNumber(parser, u"keepalive-timeout-ms"_s, 1, intMax, &config.keepAliveTimeoutMs)
        && readNumber(parser, u"max-header-bytes"_s, 256, maxHead, &config.maxHeaderBytes)
        && readNumber(parser, u"max-url-bytes"_s, 16, maxHead, &config.maxUrlBytes)
        && readNumber(parser, u"max-stream-queue"_s, 1024, gib, &config.maxQueueBytes)
        && readNumber(parser, u"max-queued-total"_s, 1024, 64 * gib, &config.maxQueuedBytesTotal)
        && readNumber(parser, u"linger-ms"_s, 0, intMax, &config.lingerMs)
        && readNumber(parser, u"linger-bytes"_s, 0, 64 * gib, &config.lingerBytes);
    if (!ok) {
        return std::nullopt;
    }
    return options;
}

} // namespace hibiki
