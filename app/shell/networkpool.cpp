// SPDX-License-Identifier: MIT
#include "networkpool.h"

#include <sseclient/certificatepinning.h>

#include <QNetworkAccessManager>
#include <QNetworkCookieJar>
#include <QNetworkReply>
#include <QPointer>

#include <algorithm>
#include <functional>

using namespace Qt::StringLiterals;

namespace hibiki {

namespace {

// A manager that says when one of its requests was answered over HTTP/2. QNetworkReply
// knows it once the response head is in (Http2WasUsedAttribute), for streams as for posts,
// so the pool learns it from the first answer without help from the requests' owners.
class WatchedManager : public QNetworkAccessManager
{
public:
    std::function<void()> onHttp2;

protected:
    QNetworkReply *createRequest(
        Operation operation, const QNetworkRequest &request, QIODevice *outgoingData) override
    {
        QNetworkReply *reply
            = QNetworkAccessManager::createRequest(operation, request, outgoingData);
        if (!m_http2Seen) {
            connect(reply, &QNetworkReply::metaDataChanged, this, [this, reply] {
                if (!m_http2Seen
                    && reply->attribute(QNetworkRequest::Http2WasUsedAttribute).toBool()) {
                    m_http2Seen = true;
                    if (onHttp2) {
                        onHttp2();
                    }
                }
            });
        }
        return reply;
    }

private:
    bool m_http2Seen = false;
};

} // namespace

NetworkPool::NetworkPool(QObject *parent)
    : QObject(parent)
    , m_cookies(new QNetworkCookieJar(this))
{ }

NetworkPool::~NetworkPool()
{
    // A manager still held somewhere outlives the pool: it gets a jar of its own, since
    // the shared one goes with the pool (and its deleter no longer reports here).
    for (const Entry &entry : m_entries) {
        entry.manager->setCookieJar(new QNetworkCookieJar);
    }
}

void NetworkPool::shareCookies(QNetworkAccessManager *manager)
{
    // One cookie jar for every room, as when the rooms shared one manager. The manager
    // takes the jar as its child: give it back to the pool.
    manager->setCookieJar(m_cookies);
    m_cookies->setParent(this);
}

QString NetworkPool::keyFor(const QUrl &url, QStringList trustedCertificates)
{
    for (QString &fingerprint : trustedCertificates) {
        fingerprint = QString::fromLatin1(sse::normalizedSha256Hex(fingerprint.toLatin1()));
    }
    trustedCertificates.sort();
    trustedCertificates.removeDuplicates();
    const QString scheme = url.scheme().toLower();
    const int port = url.port(scheme == u"https"_s ? 443 : 80);
    return u"%1://%2:%3 %4"_s.arg(scheme, url.host().toLower())
        .arg(port)
        .arg(trustedCertificates.join(u','));
}

std::shared_ptr<QNetworkAccessManager> NetworkPool::acquire(
    const QUrl &url, const QStringList &trustedCertificates)
{
    const QString key = keyFor(url, trustedCertificates);
    for (const Entry &entry : m_entries) {
        if (entry.key != key || !entry.http2) {
            continue;
        }
        std::shared_ptr<QNetworkAccessManager> shared = entry.handle.lock();
        // use_count() counts the rooms holding it, plus `shared` here.
        if (shared && shared.use_count() - 1 < MaxRoomsPerHttp2Manager) {
            return shared;
        }
    }

    auto *manager = new WatchedManager;
    shareCookies(manager);
    const QPointer<NetworkPool> pool(this);
    manager->onHttp2 = [pool, manager] {
        if (pool) {
            pool->noteHttp2(manager);
        }
    };
    // Deleted at once when the last room lets go: its replies are gone with the room's
    // session, and its connections close now rather than at the next event-loop turn.
    std::shared_ptr<QNetworkAccessManager> shared(manager, [pool](QNetworkAccessManager *gone) {
        if (pool) {
            pool->forget(gone);
        }
        delete gone;
    });
    m_entries.push_back(Entry {key, manager, shared, false});
    return shared;
}

QNetworkAccessManager *NetworkPool::oneOffManager()
{
    if (!m_oneOff) {
        m_oneOff = new QNetworkAccessManager(this);
        shareCookies(m_oneOff);
    }
    return m_oneOff;
}

void NetworkPool::noteHttp2(QNetworkAccessManager *manager)
{
    for (Entry &entry : m_entries) {
        if (entry.manager == manager) {
            entry.http2 = true;
        }
    }
}

int NetworkPool::managerCount() const
{
    return int(m_entries.size());
}

bool NetworkPool::isHttp2(const QNetworkAccessManager *manager) const
{
    return std::any_of(m_entries.cbegin(), m_entries.cend(),
        [&](const Entry &entry) { return entry.manager == manager && entry.http2; });
}

void NetworkPool::forget(QNetworkAccessManager *manager)
{
    std::erase_if(m_entries, [&](const Entry &entry) { return entry.manager == manager; });
}

} // namespace hibiki
