// SPDX-License-Identifier: MIT
#include "cluster.h"

#include <QDir>
#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTest>

using namespace Qt::StringLiterals;

namespace hibiki::interop {

Cluster::Cluster(const QString &workDir)
    : Cluster(workDir, Options {})
{ }

Cluster::Cluster(const QString &workDir, Options options)
    : m_workDir(workDir)
    , m_options(options)
{
    QDir(workDir).mkpath(u"redis"_s);
    m_redis = Peer::create(PeerKind::Redis, m_workDir + u"/redis"_s);
}

QString Cluster::unavailableReason() const
{
    if (const QString reason = m_redis->unavailableReason(); !reason.isEmpty()) {
        return reason;
    }
    return Peer::create(PeerKind::Nchan, m_workDir)->unavailableReason();
}

bool Cluster::start()
{
    if (!m_redis->start()) {
        m_error = u"redis: "_s + m_redis->errorString();
        return false;
    }
    m_nodes.clear();
    for (int i = 0; i < m_options.nodes; ++i) {
        const QString name = u"node-%1"_s.arg(QChar(u'a' + i));
        QDir(m_workDir).mkpath(name);
        Peer::Options options;
        options.pingMs = m_options.pingMs;
        options.redisPort = m_redis->port();
        options.redisUrlSpelling = m_options.redisUrlSpelling;
        m_nodes.push_back(Peer::create(PeerKind::Nchan, m_workDir + u'/' + name, options));
        if (!startNode(i)) {
            return false;
        }
    }
    return true;
}

bool Cluster::startNode(int index)
{
    Peer &peer = node(index);
    if (!peer.start()) {
        m_error = u"node %1: %2"_s.arg(index).arg(peer.errorString());
        return false;
    }
    return waitUntilReady(index);
}

bool Cluster::waitUntilReady(int index, int timeoutMs)
{
    // A publisher's GET asks for a channel's state, which lives in Redis: 503 while the
    // node has no Redis connection, 404 (no such channel) once it has.
    QUrl probe = node(index).baseUrl();
    probe.setPath(u"/pub/cluster_readiness_probe"_s);
    QNetworkAccessManager manager;
    QElapsedTimer clock;
    clock.start();
    int status = 0;
    while (clock.elapsed() < timeoutMs && node(index).isRunning()) {
        QNetworkReply *reply = manager.get(QNetworkRequest(probe));
        const bool answered = QTest::qWaitFor([&] { return reply->isFinished(); }, 5000);
        status = answered ? reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() : 0;
        delete reply;
        if (status != 0 && status != 503) {
            return true;
        }
        QTest::qWait(20); // the next poll
    }
    m_error = u"node %1 did not get its Redis connection in time (last answer: HTTP %2); its "
              "output:\n%3"_s.arg(index)
                  .arg(status)
                  .arg(node(index).output().right(3000));
    return false;
}

QString Cluster::label(int index) const
{
    return u"127.0.0.1:%1"_s.arg(m_nodes.at(size_t(index))->port());
}

Profile Cluster::profile(const QString &room, QList<int> order) const
{
    if (order.isEmpty()) {
        for (int i = 0; i < nodeCount(); ++i) {
            order.append(i);
        }
    }
    QList<QUrl> bases;
    for (const int index : std::as_const(order)) {
        bases.append(m_nodes.at(size_t(index))->baseUrl());
    }
    return Profile::nchanChannel(bases, room);
}

bool Cluster::restartNode(int index)
{
    Peer &peer = node(index);
    peer.prepareRestart();
    peer.kill();
    return startNode(index);
}

bool Cluster::restartRedis()
{
    if (!m_redis->stop()) {
        m_error = u"redis did not stop on SIGTERM within 10 s"_s;
        return false;
    }
    if (!m_redis->start()) {
        m_error = u"redis did not come back: "_s + m_redis->errorString();
        return false;
    }
    return true;
}

} // namespace hibiki::interop
