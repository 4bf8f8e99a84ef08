// SPDX-License-Identifier: MIT
#include "commandline.h"

#include "serveraddress.h"

#include <QCommandLineParser>

using namespace Qt::StringLiterals;

namespace hibiki {

namespace {

bool isPort(const QString &text, int *port)
{
    bool ok = false;
    const int value = text.toInt(&ok);
    if (!ok || value < 0 || value > 65535 || text.startsWith(u'+')) {
        return false;
    }
    *port = value;
    return true;
}

} // namespace

QUrl CommandLine::parseServerUrl(const QString &text, QString *error)
{
    const ServerAddress address = ServerAddress::interpret(text);
    if (error && !address.isValid()) {
        *error = address.problem;
    }
    return address.url;
}

CommandLineResult CommandLine::parse(const QStringList &arguments)
{
    CommandLineResult result;

    // `--host-room [PORT]` takes an optional value, which QCommandLineParser cannot
    // express: take the port out first.
    QStringList args;
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString &argument = arguments.at(i);
        if (argument == u"--host-room"_s) {
            result.options.hostRoom = true;
            int port = 0;
            if (i + 1 < arguments.size() && isPort(arguments.at(i + 1), &port)) {
                result.options.hostPort = port;
                ++i;
            }
            continue;
        }
        if (argument.startsWith(u"--host-room="_s)) {
            result.options.hostRoom = true;
            int port = 0;
            if (!isPort(argument.mid(12), &port)) {
                result.action = CommandLineResult::Action::Error;
                result.text
                    = tr("hibiki: '%1' is not a port number (0-65535).").arg(argument.mid(12));
                return result;
            }
            result.options.hostPort = port;
            continue;
        }
        args.append(argument);
    }

    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Hibiki: a desktop chat client for Server-Sent Events chat rooms.\n"
           "Without options it opens the rooms you configured, or on the first run hosts a "
           "room on this computer so that you can chat at once."));
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption version = parser.addVersionOption();
    const QCommandLineOption server(u"server"_s,
        tr("Open the room at URL: a Hibiki room's address (http://127.0.0.1:8787) or any event "
           "stream URL."),
        tr("URL"));
    const QCommandLineOption profile(
        u"profile"_s, tr("Open the configured room called NAME."), tr("NAME"));
    const QCommandLineOption user(
        u"user"_s, tr("Chat as NAME in every room (this run only)."), tr("NAME"));
    const QCommandLineOption hostRoom(u"host-room"_s,
        tr("Host a room on this computer (loopback only) and open it; an optional PORT "
           "follows (default 8787, 0 for any free port)."));
    const QCommandLineOption language(u"lang"_s,
        tr("Use the language CODE (for example en or ja) instead of the system's."), tr("CODE"));
    parser.addOptions({server, profile, user, hostRoom, language});
    parser.addPositionalArgument(u"LINK"_s,
        tr("An invite link (hibiki://join?…) to join: the room is added and opened, in the "
           "Hibiki that is already running if there is one."),
        tr("[LINK]"));

    if (!parser.parse(args)) {
        result.action = CommandLineResult::Action::Error;
        result.text
            = tr("hibiki: %1\nTry 'hibiki --help' for more information.").arg(parser.errorText());
        return result;
    }
    if (parser.isSet(help)) {
        result.action = CommandLineResult::Action::ShowHelp;
        result.text = parser.helpText();
        return result;
    }
    if (parser.isSet(version)) {
        result.action = CommandLineResult::Action::ShowVersion;
        result.text = u"%1 %2\n"_s.arg(
            QCoreApplication::applicationName(), QCoreApplication::applicationVersion());
        return result;
    }
    const auto fail = [&](const QString &message) {
        result.action = CommandLineResult::Action::Error;
        result.text = message;
        return result;
    };
    const QStringList positional = parser.positionalArguments();
    if (positional.size() > 1) {
        return fail(tr("hibiki: unexpected argument '%1'.\nTry 'hibiki --help' for more "
                       "information.")
                        .arg(positional.at(1)));
    }
    const auto readInvite = [&](const QString &text) {
        QString error;
        result.options.invite = InviteLink::parse(text, &error);
        if (!result.options.invite) {
            fail(tr("hibiki: %1").arg(error));
        }
        return result.options.invite.has_value();
    };
    if (!positional.isEmpty()) {
        const QString &argument = positional.constFirst();
        if (!InviteLink::looksLikeInvite(argument)) {
            return fail(tr("hibiki: unexpected argument '%1': only an invite link "
                           "(hibiki://join?…) can be given without an option; open a room's "
                           "address with --server.\nTry 'hibiki --help' for more information.")
                            .arg(argument));
        }
        if (!readInvite(argument)) {
            return result;
        }
    }
    if (parser.isSet(server) && InviteLink::looksLikeInvite(parser.value(server))) {
        // An invite where an address was asked for: what the user means is plain.
        if (result.options.invite) {
            return fail(tr("hibiki: give one invite link at a time."));
        }
        if (!readInvite(parser.value(server))) {
            return result;
        }
    } else if (parser.isSet(server)) {
        QString error;
        result.options.server = parseServerUrl(parser.value(server), &error);
        if (result.options.server.isEmpty()) {
            return fail(tr("hibiki: '%1' cannot be opened. %2\n"
                           "Give an http:// or https:// URL, for example "
                           "http://127.0.0.1:8787")
                            .arg(parser.value(server), error));
        }
    }
    result.options.profile = parser.value(profile).trimmed();
    if (parser.isSet(profile) && result.options.profile.isEmpty()) {
        return fail(tr("hibiki: --profile needs the name of a room."));
    }
    if (parser.isSet(user)) {
        result.options.user = parser.value(user).trimmed();
        if (result.options.user.isEmpty()
            || std::any_of(result.options.user.begin(), result.options.user.end(),
                [](QChar c) { return c.category() == QChar::Other_Control; })) {
            return fail(tr("hibiki: '%1' cannot be a user name.").arg(parser.value(user)));
        }
    }
    if (parser.isSet(language)) {
        result.options.language = parser.value(language).trimmed();
        if (result.options.language.isEmpty()) {
            return fail(tr("hibiki: --lang needs a language code such as en or ja."));
        }
    }
    if (parser.isSet(hostRoom)) {
        result.options.hostRoom = true;
    }
    return result;
}

} // namespace hibiki
