// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>

namespace sse::tail {

enum class SourceKind { Url, File, Stdin };
enum class OutputFormat { Human, Json };
enum class ColorMode { Auto, Always, Never };

// Everything the command line says, validated.
struct TailOptions
{
    SourceKind sourceKind = SourceKind::Stdin;
    QUrl url; // SourceKind::Url
    QString path; // SourceKind::File

    OutputFormat format = OutputFormat::Human;
    ColorMode color = ColorMode::Auto;
    bool comments = false;
    bool quiet = false;
    bool stats = false;

    qint64 count = -1; // exit after this many events; negative: no limit
    qint64 timeoutMs = -1; // exit 3 after this long; negative: no limit
    qsizetype chunkSize = 64 * 1024; // file/stdin: bytes per Parser::feed()
    bool chunkSizeSet = false;

    // Network only.
    QList<QPair<QByteArray, QByteArray>> headers;
    QString lastEventId;
    int maxReconnects = -1;
    int idleTimeoutMs = 0;
    int reconnectDelayMs = -1; // negative: the library's default
    bool retryServerErrors = false;
    bool backoff = false;
    bool http1Only = false;
    // --pin-sha256: trust the server certificate with this SHA-256 fingerprint, and no
    // other (64 lowercase hex digits); empty: the system's certificate authorities.
    QByteArray pinnedSha256;
};

struct ParsedCommandLine
{
    std::optional<TailOptions> options; // set when the tool should run
    QString error; // a usage error (exit 2)
    QString output; // --help or --version text (exit 0)
};

ParsedCommandLine parseCommandLine(const QStringList &arguments);

// Splits "Name: value" into its parts; nullopt for anything that is not a valid header.
std::optional<QPair<QByteArray, QByteArray>> parseHeader(const QString &header);

} // namespace sse::tail
