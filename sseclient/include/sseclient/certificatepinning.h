// SPDX-License-Identifier: MIT
#pragma once

#include "sseclient/sseclient_export.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

class QNetworkReply;
class QSslCertificate;
class QSslError;

namespace sse {

// Trusting one self-signed (or otherwise unverifiable) server certificate by its SHA-256
// fingerprint, the way a user pins it in a server dialog. Never "ignore all TLS errors":
// only a handshake whose peer certificate is exactly a pinned one gets its errors ignored.

// The SHA-256 fingerprint of `certificate` as 64 lowercase hex digits.
SSECLIENT_EXPORT QByteArray certificateSha256Hex(const QSslCertificate &certificate);

// A fingerprint as a user may type or paste it ("AB:CD:…", "ab cd …", "abcd…") as 64
// lowercase hex digits; empty when it is not a SHA-256 fingerprint.
SSECLIENT_EXPORT QByteArray normalizedSha256Hex(QByteArrayView fingerprint);

// "AB:CD:…": how a fingerprint is shown to a user.
SSECLIENT_EXPORT QString displaySha256(QByteArrayView hexFingerprint);

// For QNetworkReply::sslErrors. When the reply's peer certificate is one of
// `trustedSha256` (in any form normalizedSha256Hex() accepts), ignores exactly `errors`
// and returns true. Otherwise ignores nothing, records on the reply what was refused
// (see refusedCertificateMessage()) and returns false.
SSECLIENT_EXPORT bool acceptPinnedCertificate(
    QNetworkReply *reply, const QList<QSslError> &errors, const QList<QByteArray> &trustedSha256);

// After acceptPinnedCertificate() refused the certificate: a sentence for the user naming
// the host, what is wrong and the fingerprint to trust; else empty.
SSECLIENT_EXPORT QString refusedCertificateMessage(const QNetworkReply &reply);
// ... and the refused certificate's fingerprint (64 lowercase hex digits); else empty.
SSECLIENT_EXPORT QByteArray refusedCertificateSha256(const QNetworkReply &reply);

} // namespace sse
