// SPDX-License-Identifier: MIT
// hibiki: the desktop chat app. Parses the command line, picks the language, opens the
// configured rooms (or, on the first run, hosts one) and shows the window over them. A
// second `hibiki LINK` hands the invite link to the Hibiki already running and exits.
// Told to end (SIGTERM, SIGINT, SIGHUP), it closes the window as the user would and exits 0.
#include <hibikiserver/signalwatcher.h>
#include <shell/commandline.h>
#include <shell/preferences.h>
#include <shell/roomconfig.h>
#include <shell/rooms.h>
#include <shell/singleinstance.h>
#include <shell/tokenstore.h>
#include <shell/translations.h>
#include <ui/composeedit.h>
#include <ui/mainwindow.h>
#include <ui/roomwidget.h>

#include <QApplication>
#include <QSettings>

#include <csignal>
#include <cstdio>
#include <memory>

using namespace Qt::StringLiterals;

namespace {

// How long a second start waits for the running Hibiki to take its link.
constexpr int HandOverTimeoutMs = 10000;

void setApplicationNames()
{
    QCoreApplication::setOrganizationName(u"Hibiki"_s);
    QCoreApplication::setApplicationName(u"hibiki"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(HIBIKI_VERSION));
    QGuiApplication::setApplicationDisplayName(u"Hibiki"_s);
    QGuiApplication::setDesktopFileName(u"org.hibiki.Hibiki"_s);
}

QString languageArgument(int argc, char **argv)
{
    for (int i = 1; i < argc; ++i) {
        const QString argument = QString::fromLocal8Bit(argv[i]);
        if (argument == u"--lang"_s && i + 1 < argc) {
            return QString::fromLocal8Bit(argv[i + 1]);
        }
        if (argument.startsWith(u"--lang="_s)) {
            return argument.mid(7);
        }
    }
    return {};
}

void print(FILE *stream, const QString &text)
{
    const QByteArray bytes = text.toLocal8Bit();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stream);
    if (!text.endsWith(u'\n')) {
        std::fputc('\n', stream);
    }
}

} // namespace

int main(int argc, char **argv)
{
    setApplicationNames();
    // --lang for this run, else the language chosen in Settings, else the system's.
    const QString languageOverride = languageArgument(argc, argv);
    QString language = languageOverride;

    // First without a display: --help, --version and argument errors must work on a
    // terminal without one, and a wrong argument must never get as far as a window.
    hibiki::CommandLineResult command;
    {
        QCoreApplication console(argc, argv);
        if (language.isEmpty()) {
            language = hibiki::Preferences::load(QSettings()).language;
        }
        hibiki::Translations::install(console, language);
        command = hibiki::CommandLine::parse(QCoreApplication::arguments());
        switch (command.action) {
        case hibiki::CommandLineResult::Action::ShowHelp:
        case hibiki::CommandLineResult::Action::ShowVersion:
            print(stdout, command.text);
            return 0;
        case hibiki::CommandLineResult::Action::Error:
            print(stderr, command.text);
            return hibiki::CommandLine::UsageErrorExitCode;
        case hibiki::CommandLineResult::Action::Run:
            break;
        }
        hibiki::RoomConfigStore store;
        QString error;
        if (!store.load(&error)) {
            print(stderr, QCoreApplication::translate("main", "hibiki: %1").arg(error));
        }
        if (!command.options.profile.isEmpty() && !store.findByName(command.options.profile)) {
            QStringList names;
            for (const hibiki::RoomConfig &room : store.rooms()) {
                names.append(room.profile.name);
            }
            print(stderr,
                names.isEmpty() ? QCoreApplication::translate("main",
                    "hibiki: there is no room called "
                    "'%1': no rooms are configured yet.")
                                      .arg(command.options.profile)
                                : QCoreApplication::translate("main",
                                    "hibiki: there is no room called "
                                    "'%1'. Configured rooms: %2")
                                      .arg(command.options.profile, names.join(u", "_s)));
            return hibiki::CommandLine::UsageErrorExitCode;
        }
        if (command.options.invite) {
            // Handed over before any window: a second start needs no display of its own.
            hibiki::SingleInstance running;
            QString problem;
            const QString link = command.options.invite->toString();
            switch (running.start(link, HandOverTimeoutMs, &problem)) {
            case hibiki::SingleInstance::Outcome::HandedOver:
                return 0;
            case hibiki::SingleInstance::Outcome::Failed:
                print(stderr,
                    QCoreApplication::translate("main", "hibiki: %1 Opening the room here.")
                        .arg(problem));
                break;
            default:
                break; // nobody runs yet: this one will
            }
        }
    }

    QApplication app(argc, argv);
    hibiki::Translations::install(app, language);

    // The one Hibiki that takes links from later starts (unless one started meanwhile). A
    // plain `hibiki` while one runs (the launcher clicked again) shows the running window:
    // a second window would find every room locked by the first.
    const hibiki::CommandLineOptions &wanted = command.options;
    const bool plainStart
        = !wanted.invite && wanted.server.isEmpty() && wanted.profile.isEmpty() && !wanted.hostRoom;
    hibiki::SingleInstance instance;
    QString instanceProblem;
    const hibiki::SingleInstance::Outcome outcome = plainStart
        ? instance.startOrShowRunning(HandOverTimeoutMs, &instanceProblem)
        : instance.start(wanted.invite ? wanted.invite->toString() : QString(), HandOverTimeoutMs,
            &instanceProblem);
    if (outcome == hibiki::SingleInstance::Outcome::HandedOver) {
        if (plainStart) {
            print(stdout,
                QCoreApplication::translate(
                    "main", "hibiki: Hibiki is already running; its window is shown."));
        }
        return 0;
    }
    if (outcome == hibiki::SingleInstance::Outcome::Failed && plainStart) {
        print(stderr,
            QCoreApplication::translate("main", "hibiki: %1 Opening another window.")
                .arg(instanceProblem));
    }

    hibiki::RoomConfigStore store;
    QString error;
    store.load(&error);
    hibiki::TokenStore tokens;
    hibiki::Rooms::Options roomOptions;
    roomOptions.userOverride = command.options.user;
    roomOptions.tokens = &tokens;
    hibiki::Rooms rooms(&store, roomOptions);
    hibiki::MainWindow::Options windowOptions;
    windowOptions.languageOverride = languageOverride;
    hibiki::MainWindow window(&rooms, windowOptions);
    // The desktop session ending, `kill` or Ctrl+C: the window closes the normal way (drafts
    // and window settings saved), every event loop ends (an open dialog's too), and the rooms
    // close their stores and locks as `rooms` goes. Handled in the event loop, so a signal
    // that comes while the rooms open waits for it.
    hibiki::SignalWatcher endSignals({SIGTERM, SIGINT, SIGHUP});
    QObject::connect(&endSignals, &hibiki::SignalWatcher::received, &window, [&window] {
        window.close();
        QCoreApplication::exit(0);
    });
    window.openConfiguredRooms();
    QObject::connect(&instance, &hibiki::SingleInstance::showRequested, &window,
        &hibiki::MainWindow::showInFront);
    QObject::connect(
        &instance, &hibiki::SingleInstance::linkReceived, &window, [&window](const QString &link) {
            QString problem;
            if (const std::optional<hibiki::InviteLink> invite
                = hibiki::InviteLink::parse(link, &problem)) {
                window.joinInvite(*invite);
            } else {
                window.showStatus(problem);
                window.showInFront();
            }
        });

    if (wanted.hostRoom) {
        window.hostRoom(wanted.hostPort);
    }
    if (!wanted.server.isEmpty()) {
        window.openServer(wanted.server);
    } else if (!wanted.profile.isEmpty()) {
        window.openRoomNamed(wanted.profile);
    }
    if (wanted.invite) {
        window.joinInvite(*wanted.invite);
    } else {
        window.ensureARoom();
    }
    window.show();
    window.activateWindow();
    if (hibiki::RoomWidget *room = window.currentRoom()) {
        room->composeEdit()->setFocus(Qt::OtherFocusReason);
    }
    return app.exec();
}
