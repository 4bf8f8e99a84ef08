// SPDX-License-Identifier: MIT
#include "accesstoken.h"

#include "tlsidentity.h"

#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>

#include <openssl/crypto.h>

#include <array>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace hibiki::token {

QString generate()
{
    std::array<quint32, 8> bits {}; // 256 bits
    QRandomGenerator::system()->fillRange(bits.data(), bits.size());
    const QByteArray raw(reinterpret_cast<const char *>(bits.data()), sizeof bits);
    return QString::fromLatin1(
        raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

std::optional<QString> loadOrCreate(const QString &path, QString *error)
{
    if (!QFileInfo::exists(path)) {
        const QString token = generate();
        if (!writePrivateFile(path, (token + u'\n').toLatin1(), error)) {
            return std::nullopt;
        }
        return token;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = u"cannot read the token file %1"_s.arg(path);
        return std::nullopt;
    }
    const QString token = QString::fromUtf8(file.readLine(4096)).trimmed();
    const bool printable = std::all_of(token.cbegin(), token.cend(),
        [](QChar c) { return c.unicode() > 0x20 && c.unicode() < 0x7f; });
    if (token.isEmpty() || !printable) {
        *error = u"the token file %1 has no token on its first line"_s.arg(path);
        return std::nullopt;
    }
    return token;
}

bool store(const QString &path, const QString &token, QString *error)
{
    const QString temporary = path + u".new"_s;
    QFile::remove(temporary);
    if (!writePrivateFile(temporary, (token + u'\n').toLatin1(), error)) {
        return false;
    }
    if (std::rename(QFile::encodeName(temporary).constData(), QFile::encodeName(path).constData())
        != 0) {
        *error = u"cannot replace %1"_s.arg(path);
        QFile::remove(temporary);
        return false;
    }
    return true;
}

bool authorizes(QByteArrayView authorization, const QString &token)
{
    const QByteArrayView value = authorization.trimmed();
    if (value.size() < 7 || value.first(7).compare("Bearer ", Qt::CaseInsensitive) != 0) {
        return false;
    }
    const QByteArrayView presented = value.sliced(7).trimmed();
    const QByteArray expected = token.toLatin1();
    if (presented.size() != expected.size()) {
        // Still one comparison of the same length, so the time says nothing either way.
        CRYPTO_memcmp(expected.constData(), expected.constData(), size_t(expected.size()));
        return false;
    }
    return CRYPTO_memcmp(presented.data(), expected.constData(), size_t(expected.size())) == 0;
}

} // namespace hibiki::token
