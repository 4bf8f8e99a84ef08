// SPDX-License-Identifier: MIT
#pragma once

#include "sseclient/parser.h"
#include "sseclient/sseclient_export.h"

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QPair>
#include <QString>
#include <QUrl>

class QNetworkAccessManager;

namespace sse {

// One dispatched event, as the browser's MessageEvent carries it.
struct MessageEvent
{
    QString type; // "message" unless the stream set `event:`
    QString data;
    QString lastEventId;
    QUrl origin; // scheme://host:port of the response that carried the event
};

struct Error
{
    enum class Kind {
        Network, // connection refused, reset, host not found, TLS, end of stream...
        HttpStatus, // a status other than 200
        ContentType, // 200 but not text/event-stream
        Protocol, // a parser limit was exceeded
        IdleTimeout, // no bytes for longer than Options::idleTimeoutMs
        Redirect, // too many redirects, or a redirect without a usable Location
        ServerShutdown, // 204 No Content: the server asks the client to stop
        GaveUp, // Options::maxReconnectAttempts reached
    };

    Kind kind = Kind::Network;
    QString message; // a sentence a user can understand
    int httpStatus = 0; // when the server answered
    QString contentType; // when the server answered
    bool willRetry = false; // true: readyState is Connecting and a reconnect is scheduled
    int retryInMs = -1; // when willRetry
    // A TLS certificate that was refused as untrusted: its SHA-256 fingerprint (64
    // lowercase hex digits), so that a user can choose to trust exactly it.
    QByteArray untrustedCertificateSha256;
};

struct Options
{
    // Sent with every request, also on reconnects. Accept and Last-Event-ID are set by
    // the event source and cannot be overridden here.
    QList<QPair<QByteArray, QByteArray>> headers;
    // Use this manager instead of a private one (not owned). Lets many event sources to
    // one host share an HTTP/2 connection.
    QNetworkAccessManager *networkAccessManager = nullptr;

    // The method and body of the request, resent on every reconnect (GET has no body).
    QByteArray method = "GET";
    QByteArray body;
    QByteArray bodyContentType;

    // The initial Last-Event-ID (e.g. saved by the application across restarts).
    QString lastEventId;
    // The reconnection time until the server sends `retry:` (the spec's default is
    // implementation-defined; browsers use about 3 s).
    int initialReconnectDelayMs = 3000;

    // Exponential backoff with full jitter (sse::Backoff): the n-th consecutive failed
    // attempt waits a random time in [0, min(maxReconnectDelayMs, reconnectionTime * 2^(n-1))].
    // Off: every reconnect waits exactly the reconnection time, as browsers do.
    bool exponentialBackoff = false;
    int maxReconnectDelayMs = 60000;
    // A connection that stayed open this long resets the backoff.
    int backoffResetAfterMs = 60000;
    // Give up (Closed, Error::Kind::GaveUp) after this many reconnects in a row without a
    // successful open. Negative: never.
    int maxReconnectAttempts = -1;

    // Reconnect instead of failing on 5xx and 429, waiting at least Retry-After (see
    // retryafter.h), but never longer than maxRetryAfterMs because of it.
    bool retryOnServerErrors = false;
    int maxRetryAfterMs = 3600 * 1000;
    // No bytes at all (not even a comment) for this long: drop and reconnect. 0: off.
    int idleTimeoutMs = 0;

    bool http2Allowed = true;
    // Server certificates trusted although they cannot be verified (self-signed), by
    // SHA-256 fingerprint in hex ("AB:CD:…" or "abcd…"). Only a handshake whose peer
    // certificate is exactly one of these has its TLS errors ignored. See
    // certificatepinning.h.
    QList<QByteArray> trustedCertificateSha256;
    // Redirects are followed by the event source itself so that Authorization, Cookie and
    // Proxy-Authorization never reach another origin. 0 refuses every redirect.
    int maxRedirects = 10;

    ParserLimits limits;
    // Report comment lines through EventSource::comment().
    bool reportComments = false;
};

struct Statistics
{
    qint64 bytesReceived = 0; // decoded body bytes, all connections
    qint64 eventsDispatched = 0;
    int reconnects = 0; // connection attempts after the first
    int consecutiveFailures = 0;
    int currentReconnectDelayMs = 0; // the delay chosen for the pending or last reconnect
};

} // namespace sse

Q_DECLARE_METATYPE(sse::MessageEvent)
Q_DECLARE_METATYPE(sse::Error)
