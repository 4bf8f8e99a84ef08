// SPDX-License-Identifier: MIT
#include "serverprocess.h"

#include <QTest>

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
    m_process.setArguments(QStringList {u"--port"_s, QString::number(port), u"--data"_s, m_dataDir}
        + m_extraArguments);
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
