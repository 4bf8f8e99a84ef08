// SPDX-License-Identifier: MIT
#include "invitelink.h"

#include <sseclient/certificatepinning.h>

#include <QHash>

using namespace Qt::StringLiterals;

namespace hibiki {

namespace {

const QString Scheme = u"hibiki"_s;
const QString JoinHost = u"join"_s;

QString encoded(const QString &value)
{
    // Every character but A-Z a-z 0-9 - . _ ~, as the room server writes its links.
    return QString::fromLatin1(QUrl::toPercentEncoding(value));
}

// A link as pasted from a chat or a mail: surrounding space, quotes or angle brackets.
QString unwrapped(const QString &text)
{
    QString link = text.trimmed();
    static const QList<QPair<QChar, QChar>> wrappers
        = {{u'<', u'>'}, {u'"', u'"'}, {u'\'', u'\''}, {u'(', u')'}};
    for (const auto &[open, close] : wrappers) {
        if (link.size() >= 2 && link.front() == open && link.back() == close) {
            link = link.sliced(1, link.size() - 2).trimmed();
        }
    }
    return link;
}

bool isTokenCharacter(QChar c)
{
    // Printable ASCII without space: what can follow "Bearer " in a header.
    return c.unicode() > 0x20 && c.unicode() < 0x7f;
}

} // namespace

bool InviteLink::looksLikeInvite(const QString &text)
{
    return unwrapped(text).startsWith(Scheme + u':', Qt::CaseInsensitive);
}

std::optional<InviteLink> InviteLink::parse(const QString &text, QString *error)
{
    const auto fail = [error](const QString &problem) -> std::optional<InviteLink> {
        if (error) {
            *error = problem;
        }
        return std::nullopt;
    };
    const QString link = unwrapped(text);
    if (!looksLikeInvite(link)) {
        return fail(tr("This is not a Hibiki invite link: those start with hibiki://join?"));
    }
    if (link.size() > MaxLinkLength) {
        return fail(tr("This invite link is too long to be one; check what you pasted."));
    }
    if (std::any_of(link.begin(), link.end(), [](QChar c) { return c.isSpace(); })) {
        return fail(tr("This invite link contains a space: it may have been cut over two lines. "
                       "Copy it again in one piece."));
    }
    const QUrl url(link, QUrl::StrictMode);
    if (!url.isValid() || url.host() != JoinHost || (!url.path().isEmpty() && url.path() != u"/")
        || !url.hasQuery()) {
        return fail(tr("This invite link is damaged: it should look like "
                       "hibiki://join?url=…&name=…. Ask for the link again."));
    }

    // Split by hand on the encoded query, so that an encoded "&" or "=" inside a value stays
    // part of it.
    QHash<QString, QString> values;
    const QStringList items = url.query(QUrl::FullyEncoded).split(u'&', Qt::SkipEmptyParts);
    for (const QString &item : items) {
        const qsizetype equals = item.indexOf(u'=');
        const QString key = item.left(equals < 0 ? item.size() : equals);
        const QString value
            = equals < 0 ? QString() : QUrl::fromPercentEncoding(item.mid(equals + 1).toLatin1());
        if (values.contains(key)) {
            return fail(tr("This invite link is damaged: it names \"%1\" twice.").arg(key));
        }
        values.insert(key, value); // unknown keys are kept aside for later versions
    }

    InviteLink invite;
    const QString base = values.value(u"url"_s);
    if (base.isEmpty()) {
        return fail(tr("This invite link has no room address (url=…). Ask for the link again."));
    }
    invite.baseUrl = QUrl(base, QUrl::StrictMode);
    const QString scheme = invite.baseUrl.scheme();
    if (!invite.baseUrl.isValid() || (scheme != u"http"_s && scheme != u"https"_s)
        || invite.baseUrl.host().isEmpty() || !invite.baseUrl.userInfo().isEmpty()
        || invite.baseUrl.hasQuery() || invite.baseUrl.hasFragment()) {
        return fail(tr("The room address in this invite link (%1) is not an http:// or https:// "
                       "address. Ask for the link again.")
                        .arg(base.left(200)));
    }

    if (values.contains(u"sha256"_s)) {
        invite.sha256 = sse::normalizedSha256Hex(values.value(u"sha256"_s).toLatin1());
        if (invite.sha256.isEmpty()) {
            return fail(tr("The certificate fingerprint in this invite link is damaged (it should "
                           "be 64 hexadecimal digits). Ask for the link again."));
        }
        if (scheme != u"https"_s) {
            // A fingerprint only means something with TLS: an http:// address beside one is
            // a link someone changed to read the traffic, not one a room wrote.
            return fail(tr("This invite link names a certificate but an unencrypted (http://) "
                           "address: it was changed. Ask for the link again."));
        }
    }

    invite.token = values.value(u"token"_s);
    if (values.contains(u"token"_s)
        && (invite.token.isEmpty() || invite.token.size() > MaxTokenLength
            || !std::all_of(invite.token.begin(), invite.token.end(), isTokenCharacter))) {
        return fail(tr("The access token in this invite link is damaged. Ask for the link "
                       "again."));
    }

    // Shown in the room list as plain text: one line, no control characters.
    QString name = values.value(u"name"_s);
    for (QChar &c : name) {
        if (c.category() == QChar::Other_Control || c.category() == QChar::Other_Format) {
            c = u' ';
        }
    }
    invite.name = name.simplified().left(MaxNameLength);
    return invite;
}

QString InviteLink::toString() const
{
    QString link = u"hibiki://join?url="_s + encoded(baseUrl.toString(QUrl::FullyEncoded));
    if (!sha256.isEmpty()) {
        link += u"&sha256="_s + encoded(QString::fromLatin1(sha256));
    }
    if (!token.isEmpty()) {
        link += u"&token="_s + encoded(token);
    }
    link += u"&name="_s + encoded(name);
    return link;
}

Profile InviteLink::profile() const
{
    Profile profile = Profile::hibikiRoom(baseUrl, name);
    if (!sha256.isEmpty()) {
        profile.trustedCertificateSha256 = {QString::fromLatin1(sha256)};
    }
    return profile;
}

} // namespace hibiki
