// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>
#include <QStringList>
#include <QUrl>

#include <memory>
#include <vector>

class QNetworkAccessManager;
class QNetworkCookieJar;

namespace hibiki {

// The network managers of the rooms, so that any number of rooms can live on one host.
//
// Qt 6.4's QNetworkAccessManager opens at most 6 HTTP/1.1 connections per host and port and
// queues every further request until one of them ends, and an event stream never ends:
// with one manager for every room, the 7th room on a host would stay "Connecting" and a
// post would wait forever behind the streams. So each room gets a manager of its own: its
// stream takes one of the manager's connections and its posts have the other five.
//
// HTTP/2 carries every request of a manager over one connection, side by side. Once a
// manager has been answered over HTTP/2 by an origin, rooms added later on that origin
// share it (at most MaxRoomsPerHttp2Manager each, within the streams servers commonly
// allow on one connection), instead of opening a connection each.
class NetworkPool : public QObject
{
    Q_OBJECT

public:
    // Servers commonly allow 100 or more concurrent streams on an HTTP/2 connection (nginx
    // 128, Node 100); Qt queues the ones beyond the limit. 32 rooms leave room for their
    // posts and for servers that allow fewer.
    static constexpr int MaxRoomsPerHttp2Manager = 32;

    explicit NetworkPool(QObject *parent = nullptr);
    ~NetworkPool() override;

    // The manager for one room's stream and posts to `url`'s origin. The room keeps the
    // pointer as long as it runs; the manager goes when the last room using it lets go.
    // `trustedCertificates` are the room's pinned certificates: rooms share a connection
    // only when they trust the same ones, or a room could ride on a connection whose
    // certificate only another room accepted.
    std::shared_ptr<QNetworkAccessManager> acquire(
        const QUrl &url, const QStringList &trustedCertificates = {});

    // For short one-off requests (a connection test): never for a room's stream.
    QNetworkAccessManager *oneOffManager();

    // `manager` (one of this pool's) was answered over HTTP/2 by `url`'s origin: rooms of
    // that origin acquired from now on share it. The pool sees this itself on every reply
    // of its managers; public for callers that learn it otherwise.
    void noteHttp2(QNetworkAccessManager *manager);

    // Managers that rooms hold now (for tests and benchmarks).
    int managerCount() const;
    // Whether `manager` is known to talk HTTP/2 to its origin.
    bool isHttp2(const QNetworkAccessManager *manager) const;

private:
    struct Entry
    {
        QString key; // origin and trusted certificates
        QNetworkAccessManager *manager = nullptr;
        std::weak_ptr<QNetworkAccessManager> handle;
        bool http2 = false;
    };

    static QString keyFor(const QUrl &url, QStringList trustedCertificates);
    void forget(QNetworkAccessManager *manager);
    void shareCookies(QNetworkAccessManager *manager);

    std::vector<Entry> m_entries;
    QNetworkCookieJar *m_cookies; // child, shared by every manager
    QNetworkAccessManager *m_oneOff = nullptr; // child
};

} // namespace hibiki
