// SPDX-License-Identifier: MIT
#include "serverprocess.h"

#include <QTest>

#include <sys/resource.h>

using namespace Qt::StringLiterals;

namespace hibiki::test {

ServerProcess::ServerProcess(QString program, QString dataDir, QStringList extraArguments)
    : m_program(std::move(program))
    , m_dataDir(std::move(dataDir))
    , m_extraArguments(std::move(extraArguments))
{ }

ServerProcess::~ServerProcess()
{
    kill();
}

bool ServerProcess::start(quint16 port, int timeoutMs)
{
    m_process.setProgram(m_program);
    QStringList arguments {u"--port"_s, QString::number(port)};
    if (!m_dataDir.isEmpty()) {
        arguments << u"--data"_s << m_dataDir;
    }
    m_process.setArguments(arguments + m_extraArguments);
    if (m_descriptorLimit > 0) {
        const rlim_t limit = rlim_t(m_descriptorLimit);
        // Runs in the child between fork and exec: only async-signal-safe calls.
        m_process.setChildProcessModifier([limit] {
            const rlimit both {limit, limit};
            ::setrlimit(RLIMIT_NOFILE, &both);
        });
    } else {
        m_process.setChildProcessModifier({});
    }
    m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_process.start();
    if (!m_process.waitForStarted(timeoutMs)) {
        return false;
    }
    QByteArray output;
    const bool ready = QTest::qWaitFor(
        [&] {
            output += m_process.readAllStandardOutput();
            return output.contains('\n') || m_process.state() == QProcess::NotRunning;
        },
        timeoutMs);
    const qsizetype at = output.indexOf("http://");
    if (!ready || at < 0) {
        return false;
    }
    const qsizetype end = output.indexOf('\n', at);
    m_url = QUrl(QString::fromUtf8(output.mid(at, end - at).trimmed()));
    return m_url.isValid();
}

void ServerProcess::kill()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(20000);
    }
}

} // namespace hibiki::test
