// SPDX-License-Identifier: MIT
#pragma once

#include <core/profile.h>

#include <QByteArray>
#include <QCoreApplication>
#include <QString>
#include <QUrl>

#include <optional>

namespace hibiki {

// An invitation to a Hibiki room in one link, as hibiki-server --print-invite and a hosted
// room print it:
//
//   hibiki://join?url=<base URL>&sha256=<certificate SHA-256, hex>&token=<token>&name=<name>
//
// every value percent-encoded; sha256 is there when the room serves HTTPS with a
// certificate no authority vouches for (the link is what makes it trusted), token when the
// room needs one. Read strictly: a link that was cut or changed is refused with a sentence
// for the user, never half-used.
struct InviteLink
{
    Q_DECLARE_TR_FUNCTIONS(hibiki::InviteLink)

public:
    static constexpr int MaxLinkLength = 4096;
    static constexpr int MaxTokenLength = 512;
    static constexpr int MaxNameLength = 100;

    QUrl baseUrl; // http(s)://host:port[/path] of the room
    QByteArray sha256; // the certificate's fingerprint, 64 lower-case hex digits; or empty
    QString token; // the room's access token; empty when it needs none
    QString name; // the room's name as its host calls it; may be empty

    // True when `text` is meant as an invite (it starts with "hibiki:"), valid or not.
    static bool looksLikeInvite(const QString &text);
    // The invite in `text`; nullopt and in `error` a sentence for the user when it is not
    // a usable invite link.
    static std::optional<InviteLink> parse(const QString &text, QString *error = nullptr);

    // The link, written exactly as the room server writes it.
    QString toString() const;
    QUrl toUrl() const { return QUrl(toString(), QUrl::StrictMode); }
    // The room as the app joins it: a Hibiki room at baseUrl, pinned to sha256.
    Profile profile() const;

    bool operator==(const InviteLink &) const = default;
};

} // namespace hibiki
