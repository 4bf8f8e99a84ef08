// SPDX-License-Identifier: MIT
#pragma once

#include <QCoreApplication>
#include <QString>
#include <QUrl>

namespace hibiki {

// What the user typed or pasted as a server's address (the Add Room dialog, --server), read
// the one way the app reads addresses: "http://host:port/path", "https://...", or
// "host:port" (taken as http). What cannot be used is said in a sentence for the user,
// never in QUrl's own words.
//
// An invite link (hibiki://join?...) is not an address: interpret() says so, or what is
// wrong with it, and InviteLink reads it.
struct ServerAddress
{
    Q_DECLARE_TR_FUNCTIONS(hibiki::ServerAddress)

public:
    QUrl url; // an http:// or https:// URL with a host; empty when it cannot be used
    QString problem; // a sentence for the user when `url` is empty

    bool isValid() const { return !url.isEmpty(); }

    static ServerAddress interpret(const QString &text);

    // `url` written one way: scheme and host in lower case, no default port (80, 443),
    // "." and ".." resolved, no trailing slash, no fragment. Two stream URLs that are equal
    // after this reach the same stream.
    static QUrl normalized(const QUrl &url);
    static bool sameStream(const QUrl &a, const QUrl &b) { return normalized(a) == normalized(b); }
};

} // namespace hibiki
