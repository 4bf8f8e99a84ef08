// SPDX-License-Identifier: MIT
// shell_instanceprobe SOCKET [LINK]: starts hibiki::SingleInstance on SOCKET as `hibiki`
// does, in a process of its own, and prints on one line what happened:
//   running             this process is the one; then one line "link <LINK>" per link
//                       handed to it, until standard input closes (or a kill)
//   handed-over         another process took LINK (exit 0)
//   already-running     another runs and no LINK was given (exit 0)
//   failed <why>        (exit 1)
//   unavailable <why>   (exit 1)
#include <shell/singleinstance.h>

#include <QCoreApplication>
#include <QSocketNotifier>
#include <QStringList>

#include <cstdio>
#include <unistd.h>

namespace {

void printLine(const QByteArray &line)
{
    std::fwrite(line.constData(), 1, size_t(line.size()), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList arguments = QCoreApplication::arguments();
    if (arguments.size() < 2) {
        std::fputs("usage: shell_instanceprobe SOCKET [LINK]\n", stderr);
        return 2;
    }
    hibiki::SingleInstance instance(arguments.at(1));
    QString error;
    switch (instance.start(arguments.value(2), 20000, &error)) {
    case hibiki::SingleInstance::Outcome::Running:
        break;
    case hibiki::SingleInstance::Outcome::HandedOver:
        printLine("handed-over");
        return 0;
    case hibiki::SingleInstance::Outcome::AlreadyRunning:
        printLine("already-running");
        return 0;
    case hibiki::SingleInstance::Outcome::Failed:
        printLine("failed " + error.toUtf8());
        return 1;
    case hibiki::SingleInstance::Outcome::Unavailable:
        printLine("unavailable " + error.toUtf8());
        return 1;
    }
    QObject::connect(&instance, &hibiki::SingleInstance::linkReceived, &app,
        [](const QString &link) { printLine("link " + link.toUtf8()); });
    // Runs until the test closes our standard input.
    QSocketNotifier input(STDIN_FILENO, QSocketNotifier::Read);
    QObject::connect(&input, &QSocketNotifier::activated, &app, [&] {
        char buffer[64];
        if (::read(STDIN_FILENO, buffer, sizeof buffer) <= 0) {
            app.quit();
        }
    });
    printLine("running");
    return app.exec();
}
