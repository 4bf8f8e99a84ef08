// SPDX-License-Identifier: MIT
#include "options.h"

#include <QCommandLineParser>

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
    if (!parser.isSet(name))
        return true;
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
    if (text == "localhost"_L1)
        return QHostAddress(QHostAddress::LocalHost);
    if (text == "any"_L1 || text == "*"_L1)
        return QHostAddress(QHostAddress::Any);
    QHostAddress address;
    if (!address.setAddress(text))
        return std::nullopt;
    return address;
}

} // namespace

std::optional<RoomServerConfig> parseOptions(const QStringList &arguments)
{
    RoomServerConfig config;
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
    });
    if (!parser.parse(arguments)) {
        printError(parser.errorText());
        return std::nullopt;
    }
    if (parser.isSet(u"help"_s))
        parser.showHelp(0);
    if (parser.isSet(u"version"_s))
        parser.showVersion();
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
    constexpr qint64 intMax = std::numeric_limits<int>::max();
    const bool ok = readNumber(parser, u"port"_s, 0, 65535, &config.port)
        && readNumber(parser, u"history"_s, 1, 1000000, &config.history)
        && readNumber(parser, u"heartbeat-ms"_s, 0, intMax, &config.heartbeatMs)
        && readNumber(parser, u"max-clients"_s, 1, intMax, &config.maxClients)
        && readNumber(parser, u"max-body"_s, 1, 1024 * 1024 * 1024, &config.maxBodyBytes);
    if (!ok)
        return std::nullopt;
    return config;
}

} // namespace hibiki
