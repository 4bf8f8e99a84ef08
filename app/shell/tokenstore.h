// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>
#include <QString>

#include <functional>

namespace hibiki {

// Auth tokens of rooms, kept in the system keychain (Secret Service, KWallet, macOS
// Keychain, Windows Credential Manager) through QtKeychain, one entry per room id. Never in
// the room list file. All calls are asynchronous: the keychain may ask the user.
class TokenStore : public QObject
{
    Q_OBJECT

public:
    static constexpr const char *Service = "Hibiki";

    explicit TokenStore(QObject *parent = nullptr);

    // `done(token, error)`: an empty error and the token (empty when none is stored), or
    // the keychain's error in words. Virtual for a keychain of another kind (tests).
    virtual void read(const QString &roomId, std::function<void(QString, QString)> done);
    // `done(error)`: empty on success. An empty token removes the entry.
    virtual void write(
        const QString &roomId, const QString &token, std::function<void(QString)> done);
};

// "Bearer <token>", unless the token already names its scheme ("Basic ...", "Bearer ...").
QByteArray authorizationHeader(const QString &token);

} // namespace hibiki
