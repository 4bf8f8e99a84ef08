// SPDX-License-Identifier: MIT
#pragma once

#include "peers.h"

#include <QList>
#include <QString>

#include <memory>
#include <vector>

namespace hibiki::interop {

// A deployment that outgrew one machine, on loopback: one redis-server (append-only file
// on) and several nginx + nchan nodes sharing their channels through it
// (tests/interop/nginx/cluster.conf.in), each a child process with its own temporary
// directory and port. Nodes and Redis can be killed and started again on the same port.
class Cluster
{
public:
    struct Options
    {
        int nodes = 2;
        int pingMs = 1000; // nchan's heartbeat (whole seconds)
        // "nchan_use_redis on" + "nchan_redis_url" instead of "nchan_redis_pass".
        bool redisUrlSpelling = false;
    };

    explicit Cluster(const QString &workDir);
    Cluster(const QString &workDir, Options options);

    // Empty when Redis, nginx and nchan can run here; else what is missing.
    QString unavailableReason() const;
    // Starts Redis, then every node. False: see errorString().
    bool start();
    QString errorString() const { return m_error; }

    Peer &redis() { return *m_redis; }
    Peer &node(int index) { return *m_nodes.at(size_t(index)); }
    int nodeCount() const { return int(m_nodes.size()); }
    // "127.0.0.1:<port>", as ConnectionStatus::endpoint names the node.
    QString label(int index) const;

    // The room `room` with one endpoint per node, in `order` (the nodes' indexes, the
    // preferred first); empty `order`: every node, first to last.
    Profile profile(const QString &room = QStringLiteral("lobby"), QList<int> order = {}) const;

    // Starts node `index` (again, after a kill: same port) and waits until it has its Redis
    // connection; until then nchan answers 503 to whatever needs Redis. False: see
    // errorString().
    bool startNode(int index);
    // Waits until node `index` answers without 503: connected to Redis.
    bool waitUntilReady(int index, int timeoutMs = 20000);
    // SIGKILL, as a crash; then startNode().
    bool restartNode(int index);
    // SIGTERM, as `systemctl restart redis-server` does (Redis writes its append-only file
    // out), then the same Redis again on the same port and directory.
    bool restartRedis();

private:
    QString m_workDir;
    Options m_options;
    std::unique_ptr<Peer> m_redis;
    std::vector<std::unique_ptr<Peer>> m_nodes;
    QString m_error;
};

} // namespace hibiki::interop
