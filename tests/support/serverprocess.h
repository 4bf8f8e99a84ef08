// SPDX-License-Identifier: MIT
#pragma once

#include <QProcess>
#include <QStringList>
#include <QUrl>

namespace hibiki::test {

// hibiki-server as a real child process, so that a test can kill it (SIGKILL: no goodbye
// to its clients) and start it again on the same port and data directory.
class ServerProcess
{
public:
    // `extraArguments` come after --port and --data, e.g. {"--heartbeat-ms", "1000"}. An
    // empty `dataDir` runs a memory-only room (no --data).
    ServerProcess(QString program, QString dataDir, QStringList extraArguments = {});
    ~ServerProcess();
    ServerProcess(const ServerProcess &) = delete;
    ServerProcess &operator=(const ServerProcess &) = delete;

    // Starts it and waits (with a deadline) for its "listening on http://…" line.
    // Port 0 picks an ephemeral port; url() tells which.
    bool start(quint16 port = 0, int timeoutMs = 20000);
    void kill();
    QUrl url() const { return m_url; }
    qint64 processId() const { return m_process.processId(); }
    // The child's RLIMIT_NOFILE (soft and hard) for the next start(); 0: inherited.
    void setDescriptorLimit(int limit) { m_descriptorLimit = limit; }

private:
    QString m_program;
    QString m_dataDir;
    QStringList m_extraArguments;
    QProcess m_process;
    QUrl m_url;
    int m_descriptorLimit = 0;
};

} // namespace hibiki::test
