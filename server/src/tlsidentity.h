// SPDX-License-Identifier: MIT
#pragma once

#include <QSslCertificate>
#include <QSslKey>
#include <QString>
#include <QStringList>

#include <optional>

namespace hibiki {

// The room's TLS certificate and key: DIR/cert.pem and DIR/key.pem. When both are missing,
// a self-signed certificate is created through OpenSSL's C API (an EC P-256 key, SHA-256,
// valid for ten years, subject alternative names: the given names and addresses) and the
// key is written readable by its owner only (mode 0600). Clients trust it by its SHA-256
// fingerprint, as the invite link carries it.
struct TlsIdentity
{
    QSslCertificate certificate;
    QSslKey key;

    // SHA-256 of the certificate (DER), lower-case hex.
    QString fingerprint() const;

    // Loads DIR/cert.pem and DIR/key.pem, or creates both when neither exists (one without
    // the other is an error: nothing is overwritten). `names` are DNS names, `addresses`
    // IP literals, for the subject alternative names of a new certificate.
    static std::optional<TlsIdentity> loadOrCreate(const QString &directory,
        const QStringList &names, const QStringList &addresses, QString *error);
};

// Writes `bytes` to a new file `path` readable and writable by its owner only (0600),
// failing if it exists. Created with that mode, never widened in between.
bool writePrivateFile(const QString &path, QByteArrayView bytes, QString *error);

} // namespace hibiki
