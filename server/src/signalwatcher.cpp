// SPDX-License-Identifier: MIT
#include <hibikiserver/signalwatcher.h>

#include <QCoreApplication>
#include <QSocketNotifier>

#include <cerrno>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace hibiki {

namespace {

int pipeFds[2] = {-1, -1}; // [0] read end (event loop), [1] write end (signal handler)

void onSignal(int signalNumber)
{
    const int savedErrno = errno;
    const char byte = char(signalNumber);
    // Non-blocking: if the pipe is full, a wake-up is already pending.
    [[maybe_unused]] const auto written = ::write(pipeFds[1], &byte, 1);
    errno = savedErrno;
}

} // namespace

SignalWatcher::SignalWatcher(std::initializer_list<int> signalNumbers, QObject *parent)
    : QObject(parent)
{
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pipeFds) != 0) {
        qWarning("%s: cannot create the signal socket pair; signals end it at once",
            qPrintable(QCoreApplication::applicationName()));
        return;
    }
    ::fcntl(pipeFds[1], F_SETFL, O_NONBLOCK);
    m_notifier = new QSocketNotifier(pipeFds[0], QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &SignalWatcher::readPipe);
    for (const int signalNumber : signalNumbers) {
        struct sigaction action = {};
        action.sa_handler = onSignal;
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_RESTART;
        Previous previous {signalNumber, {}};
        if (::sigaction(signalNumber, &action, &previous.action) == 0) {
            m_previous.append(previous);
        }
    }
}

SignalWatcher::~SignalWatcher()
{
    // Signals arriving from now on are handled as before the watcher (by default: the end).
    for (const Previous &previous : std::as_const(m_previous)) {
        ::sigaction(previous.signalNumber, &previous.action, nullptr);
    }
    delete m_notifier;
    for (int fd : pipeFds) {
        if (fd >= 0) {
            ::close(fd);
        }
    }
    pipeFds[0] = pipeFds[1] = -1;
}

void SignalWatcher::readPipe()
{
    char byte = 0;
    if (::read(pipeFds[0], &byte, 1) == 1) {
        Q_EMIT received(int(byte));
    }
}

} // namespace hibiki
