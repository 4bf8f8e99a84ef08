// SPDX-License-Identifier: MIT
#include "sseclient/certificatepinning.h"

#include <QCryptographicHash>
#include <QNetworkReply>
#include <QStringList>

#if QT_CONFIG(ssl)
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslError>
#endif

using namespace Qt::StringLiterals;

namespace sse {

namespace {

// Reply properties: the refusal is recorded on the reply itself, so that whoever reports
// the failed request (EventSource, an outbox) can say why without extra state.
constexpr char refusedMessageProperty[] = "sse_refusedCertificateMessage";
constexpr char refusedSha256Property[] = "sse_refusedCertificateSha256";

} // namespace

QByteArray certificateSha256Hex(const QSslCertificate &certificate)
{
#if QT_CONFIG(ssl)
    return certificate.digest(QCryptographicHash::Sha256).toHex();
#else
    Q_UNUSED(certificate);
    return {};
#endif
}

QByteArray normalizedSha256Hex(QByteArrayView fingerprint)
{
    QByteArray hex;
    hex.reserve(64);
    for (const char c : fingerprint) {
        if (c == ':' || c == ' ' || c == '\t' || c == '-') {
            continue;
        }
        const char lower = (c >= 'A' && c <= 'F') ? char(c - 'A' + 'a') : c;
        if (!((lower >= '0' && lower <= '9') || (lower >= 'a' && lower <= 'f'))) {
            return {};
        }
        hex.append(lower);
    }
    return hex.size() == 64 ? hex : QByteArray();
}

QString displaySha256(QByteArrayView hexFingerprint)
{
    QStringList pairs;
    for (qsizetype i = 0; i + 1 < hexFingerprint.size(); i += 2) {
        pairs.append(QString::fromLatin1(hexFingerprint.sliced(i, 2)).toUpper());
    }
    return pairs.join(u':');
}

bool acceptPinnedCertificate(
    QNetworkReply *reply, const QList<QSslError> &errors, const QList<QByteArray> &trustedSha256)
{
#if QT_CONFIG(ssl)
    if (!reply) {
        return false;
    }
    QSslCertificate peer = reply->sslConfiguration().peerCertificate();
    if (peer.isNull()) {
        for (const QSslError &error : errors) {
            if (!error.certificate().isNull()) {
                peer = error.certificate();
                break;
            }
        }
    }
    const QByteArray peerSha256 = certificateSha256Hex(peer);
    if (!peer.isNull()) {
        for (const QByteArray &trusted : trustedSha256) {
            if (normalizedSha256Hex(trusted) == peerSha256) {
                // Exactly the errors of this handshake with this certificate.
                reply->ignoreSslErrors(errors);
                return true;
            }
        }
    }
    QStringList problems;
    for (const QSslError &error : errors) {
        if (!problems.contains(error.errorString())) {
            problems.append(error.errorString());
        }
    }
    const QString host = reply->url().host();
    QString message
        = u"the certificate of %1 is not trusted (%2)"_s.arg(host, problems.join("; "_L1));
    if (!peer.isNull()) {
        message += u"; if it is really this server's, trust it by its SHA-256 fingerprint %1"_s.arg(
            displaySha256(peerSha256));
    }
    reply->setProperty(refusedMessageProperty, message);
    reply->setProperty(refusedSha256Property, peerSha256);
    return false;
#else
    Q_UNUSED(reply);
    Q_UNUSED(errors);
    Q_UNUSED(trustedSha256);
    return false;
#endif
}

QString refusedCertificateMessage(const QNetworkReply &reply)
{
    return reply.property(refusedMessageProperty).toString();
}

QByteArray refusedCertificateSha256(const QNetworkReply &reply)
{
    return reply.property(refusedSha256Property).toByteArray();
}

} // namespace sse
