// SPDX-License-Identifier: MIT
#include "tokenstore.h"

#include <qt6keychain/keychain.h>

using namespace Qt::StringLiterals;

namespace hibiki {

TokenStore::TokenStore(QObject *parent)
    : QObject(parent)
{ }

void TokenStore::read(const QString &roomId, std::function<void(QString, QString)> done)
{
    auto *job = new QKeychain::ReadPasswordJob(QLatin1StringView(Service), this);
    job->setAutoDelete(true);
    job->setKey(roomId);
    connect(job, &QKeychain::Job::finished, this, [job, done = std::move(done)] {
        if (job->error() == QKeychain::NoError) {
            done(job->textData(), {});
        } else if (job->error() == QKeychain::EntryNotFound) {
            done({}, {});
        } else {
            done({}, job->errorString());
        }
    });
    job->start();
}

void TokenStore::write(
    const QString &roomId, const QString &token, std::function<void(QString)> done)
{
    QKeychain::Job *job = nullptr;
    if (token.isEmpty()) {
        job = new QKeychain::DeletePasswordJob(QLatin1StringView(Service), this);
    } else {
        auto *write = new QKeychain::WritePasswordJob(QLatin1StringView(Service), this);
        write->setTextData(token);
        job = write;
    }
    job->setAutoDelete(true);
    job->setKey(roomId);
    connect(job, &QKeychain::Job::finished, this, [job, token, done = std::move(done)] {
        const bool ok = job->error() == QKeychain::NoError
            || (token.isEmpty() && job->error() == QKeychain::EntryNotFound);
        if (done) {
            done(ok ? QString() : job->errorString());
        }
    });
    job->start();
}

QByteArray authorizationHeader(const QString &token)
{
    const QString trimmed = token.trimmed();
    if (trimmed.isEmpty()) {
        return {};
    }
    const qsizetype space = trimmed.indexOf(u' ');
    if (space > 0) {
        return trimmed.toUtf8(); // "Basic abc", "Bearer abc", "Token abc"...
    }
    return "Bearer " + trimmed.toUtf8();
}

} // namespace hibiki
