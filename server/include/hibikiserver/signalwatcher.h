// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QObject>

#include <csignal>
#include <initializer_list>

class QSocketNotifier;

namespace hibiki {

// Turns Unix signals into a Qt signal, so that a program can end the normal way when it is
// told to (SIGTERM from `kill` or the session manager, SIGINT from Ctrl+C, SIGHUP when the
// terminal or the desktop session goes). The handler only writes the signal number to a
// socket pair (async-signal-safe); a QSocketNotifier reads it in the event loop. One
// instance per process; when it goes, the signals get their earlier handling back. Used by
// hibiki-server and by the desktop app.
class SignalWatcher : public QObject
{
    Q_OBJECT
public:
    explicit SignalWatcher(std::initializer_list<int> signalNumbers, QObject *parent = nullptr);
    ~SignalWatcher() override;

Q_SIGNALS:
    void received(int signalNumber);

private:
    struct Previous
    {
        int signalNumber;
        struct sigaction action;
    };

    void readPipe();

    QSocketNotifier *m_notifier = nullptr;
    QList<Previous> m_previous; // what the signals did before, given back on destruction
};

} // namespace hibiki
