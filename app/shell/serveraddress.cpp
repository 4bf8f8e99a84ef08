// SPDX-License-Identifier: MIT
#include "serveraddress.h"

#include "invitelink.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace hibiki {

namespace {

// The part between "://" and the path: [user@]host[:port].
QString authorityOf(const QString &withScheme)
{
    const qsizetype start = withScheme.indexOf(u"://"_s) + 3;
    qsizetype end = start;
    while (end < withScheme.size() && withScheme.at(end) != u'/' && withScheme.at(end) != u'?'
        && withScheme.at(end) != u'#') {
        ++end;
    }
    QString authority = withScheme.mid(start, end - start);
    const qsizetype at = authority.lastIndexOf(u'@');
    return at >= 0 ? authority.mid(at + 1) : authority;
}

// What follows the host's last ':' (not inside an IPv6 literal's brackets), or a null
// string when there is no port.
QString portOf(const QString &authority)
{
    const qsizetype colon = authority.lastIndexOf(u':');
    if (colon < 0 || colon < authority.lastIndexOf(u']')) {
        return {};
    }
    return authority.mid(colon + 1);
}

} // namespace

ServerAddress ServerAddress::interpret(const QString &text)
{
    ServerAddress result;
    const QString trimmed = text.trimmed();
    const auto fail = [&result](const QString &problem) {
        result.problem = problem;
        return result;
    };
    if (trimmed.isEmpty()) {
        return fail(tr("The address is empty."));
    }
    if (std::any_of(trimmed.begin(), trimmed.end(), [](QChar c) { return c.isSpace(); })) {
        return fail(tr("The address contains a space; check what you typed."));
    }
    static const QRegularExpression schemePattern(u"^([A-Za-z][A-Za-z0-9+.-]*)://"_s);
    const QRegularExpressionMatch scheme = schemePattern.match(trimmed);
    QString withScheme = trimmed;
    if (scheme.hasMatch()) {
        const QString name = scheme.captured(1).toLower();
        if (name == u"hibiki"_s) {
            // An invite is more than an address (a pinned certificate, a token): it is
            // joined through InviteLink, never read as a plain address.
            QString problem;
            if (!InviteLink::parse(trimmed, &problem)) {
                return fail(problem);
            }
            return fail(tr("This is an invite link, not a room's address: paste it into Add "
                           "Room, or open it with: hibiki \"LINK\""));
        }
        if (name != u"http"_s && name != u"https"_s) {
            return fail(tr("Addresses that start with \"%1://\" cannot be opened; use http:// "
                           "or https://.")
                            .arg(scheme.captured(1)));
        }
    } else {
        static const QRegularExpression oneSlash(
            u"^https?:/?(?!/)"_s, QRegularExpression::CaseInsensitiveOption);
        if (oneSlash.match(trimmed).hasMatch() && !trimmed.contains(u"://"_s)) {
            return fail(tr("Write two slashes after \"http:\", as in http://127.0.0.1:8787."));
        }
        withScheme = u"http://"_s + trimmed;
    }

    const QString authority = authorityOf(withScheme);
    if (authority.isEmpty() || authority.startsWith(u':')) {
        return fail(tr("The address has no server name; for example http://127.0.0.1:8787."));
    }
    const QString port = portOf(authority);
    if (!port.isNull()) {
        bool ok = false;
        const int number = port.toInt(&ok);
        if (!ok || number < 1 || number > 65535 || port.startsWith(u'+')) {
            return fail(tr("The port (after the \":\") must be a number from 1 to 65535."));
        }
    }
    const QUrl url(withScheme, QUrl::StrictMode);
    if (!url.isValid()) {
        const QUrl tolerant(withScheme, QUrl::TolerantMode);
        if (tolerant.host().isEmpty()) {
            return fail(tr("\"%1\" is not a server name: a name has only letters, digits, dots "
                           "and dashes.")
                            .arg(port.isNull() ? authority : authority.chopped(port.size() + 1)));
        }
        return fail(tr("The address contains characters an address cannot have; check what "
                       "you typed."));
    }
    if (url.host().isEmpty()) {
        return fail(tr("The address has no server name; for example http://127.0.0.1:8787."));
    }
    result.url = url;
    return result;
}

QUrl ServerAddress::normalized(const QUrl &url)
{
    QUrl normal = url.adjusted(
        QUrl::StripTrailingSlash | QUrl::NormalizePathSegments | QUrl::RemoveFragment);
    normal.setScheme(normal.scheme().toLower());
    normal.setHost(normal.host().toLower());
    if ((normal.scheme() == u"http"_s && normal.port() == 80)
        || (normal.scheme() == u"https"_s && normal.port() == 443)) {
        normal.setPort(-1);
    }
    if (normal.path().isEmpty()) {
        normal.setPath(u"/"_s);
    }
    return normal;
}

} // namespace hibiki
