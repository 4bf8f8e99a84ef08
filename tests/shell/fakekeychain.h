// SPDX-License-Identifier: MIT
#pragma once

#include <shell/tokenstore.h>

#include <QHash>
#include <QTimer>

namespace hibiki::test {

// A keychain that answers on the next event-loop turn, as a real one answers later.
class FakeKeychain : public hibiki::TokenStore
{
public:
    void read(const QString &roomId, std::function<void(QString, QString)> done) override
    {
        QTimer::singleShot(0, this, [this, roomId, done = std::move(done)] {
            done(readError.isEmpty() ? tokens.value(roomId) : QString(), readError);
        });
    }
    void write(
        const QString &roomId, const QString &token, std::function<void(QString)> done) override
    {
        if (writeError.isEmpty() && token.isEmpty()) {
            tokens.remove(roomId);
        } else if (writeError.isEmpty()) {
            tokens.insert(roomId, token);
        }
        QTimer::singleShot(0, this, [this, done = std::move(done)] {
            if (done) {
                done(writeError);
            }
        });
    }

    QHash<QString, QString> tokens;
    QString readError;
    QString writeError; // not empty: nothing is written, and write() reports this
};

} // namespace hibiki::test
