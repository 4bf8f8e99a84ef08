// SPDX-License-Identifier: MIT
#pragma once

#include "invitelink.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace hibiki {

// What `hibiki [--server URL] [--profile NAME] [--user NAME] [--host-room [PORT]]
// [--lang CODE] [LINK]` asked for.
struct CommandLineOptions
{
    QUrl server; // empty: none
    QString profile;
    QString user;
    bool hostRoom = false;
    int hostPort = -1; // -1: the configured (or default) port; 0: any free port
    QString language; // empty: the system's
    std::optional<InviteLink> invite; // LINK: a hibiki://join?… link to join
};

struct CommandLineResult
{
    enum class Action {
        Run,
        ShowHelp, // print `text` on stdout, exit 0
        ShowVersion, // print `text` on stdout, exit 0
        Error, // print `text` on stderr, exit 2
    };
    Action action = Action::Run;
    CommandLineOptions options;
    QString text;
};

class CommandLine
{
    Q_DECLARE_TR_FUNCTIONS(hibiki::CommandLine)

public:
    static constexpr int UsageErrorExitCode = 2;

    // `arguments` as QCoreApplication::arguments() gives them (program name first). Needs a
    // QCoreApplication (for --help).
    static CommandLineResult parse(const QStringList &arguments);

    // A server address as a user may type it (see ServerAddress). Invalid: an empty URL
    // and in `error` a sentence that says why.
    static QUrl parseServerUrl(const QString &text, QString *error);
};

} // namespace hibiki
