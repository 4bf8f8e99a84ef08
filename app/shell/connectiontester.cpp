// SPDX-License-Identifier: MIT
#include "connectiontester.h"

#include <core/messagedecoder.h>
#include <sseclient/parser.h>

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

using namespace Qt::StringLiterals;

namespace hibiki {

namespace {

constexpr int MaxShownText = 120;
constexpr int MaxShownNames = 5;

QString oneLine(const QString &text)
{
    QString line = text.simplified();
    return line.size() > MaxShownText ? line.left(MaxShownText) + u'…' : line;
}

} // namespace

// Reads the stream the way the room would: each event through the profile's decoder.
class ConnectionTester::Handler : public sse::ParserHandler
{
public:
    Handler(ConnectionTester *tester, const Profile &profile)
        : m_tester(tester)
        , m_decoder(profile)
    { }

    void onEvent(const QString &type, const QString &data, const QString &lastEventId) override
    {
        Result &result = m_tester->m_result;
        const std::optional<ChatMessage> message
            = m_decoder.decode(sse::MessageEvent {type, data, lastEventId, {}}, false);
        if (!message) {
            ++result.otherEvents;
            if (!result.otherEventTypes.contains(type)) {
                result.otherEventTypes.append(type);
            }
            return;
        }
        const bool textMissing = message->kind == ChatMessage::Kind::Chat && message->text == data
            && data.trimmed().startsWith(u'{');
        if (textMissing) {
            // JSON without the text field where this kind of server puts it: the room would
            // show the raw JSON, which is what the test must point out.
            ++result.otherEvents;
            if (!result.otherEventTypes.contains(type)) {
                result.otherEventTypes.append(type);
            }
            return;
        }
        switch (message->kind) {
        case ChatMessage::Kind::Chat:
            ++result.messages;
            result.newestAuthor = message->author;
            result.newestText = oneLine(message->text);
            break;
        case ChatMessage::Kind::Join:
            if (!message->author.isEmpty() && !result.present.contains(message->author)) {
                result.present.append(message->author);
            }
            break;
        case ChatMessage::Kind::Leave:
            result.present.removeAll(message->author);
            break;
        case ChatMessage::Kind::System:
        case ChatMessage::Kind::Gap:
            break;
        }
    }

private:
    ConnectionTester *m_tester;
    MessageDecoder m_decoder;
};

ConnectionTester::ConnectionTester(QNetworkAccessManager *manager, QObject *parent)
    : QObject(parent)
    , m_manager(manager)
{
    qRegisterMetaType<hibiki::ConnectionTester::Result>();
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        finish(tr("The server did not answer within %n s.", nullptr, m_timeout.interval() / 1000));
    });
    m_quiet.setSingleShot(true);
    m_quiet.setInterval(600);
    m_listening.setSingleShot(true);
    m_listening.setInterval(3000);
    // An open stream is a success, whether the room said much or nothing at all.
    connect(&m_quiet, &QTimer::timeout, this, [this] { finish(); });
    connect(&m_listening, &QTimer::timeout, this, [this] { finish(); });
}

ConnectionTester::~ConnectionTester()
{
    cancel();
}

void ConnectionTester::start(const Profile &profile, const QByteArray &authorization, int timeoutMs)
{
    cancel();
    m_result = {};
    m_result.preset = profile.preset;
    m_streamOpen = false;
    m_handler = std::make_unique<Handler>(this, profile);
    m_parser = std::make_unique<sse::Parser>(*m_handler);

    QNetworkRequest request(profile.streamUrl);
    request.setRawHeader("Accept", "text/event-stream");
    request.setRawHeader("Cache-Control", "no-store");
    for (const auto &[name, value] : profile.headers) {
        request.setRawHeader(name, value);
    }
    if (!authorization.isEmpty()) {
        request.setRawHeader("Authorization", authorization);
    }
    request.setAttribute(
        QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setAttribute(
        QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    m_reply = m_manager->get(request);
    connect(m_reply, &QNetworkReply::metaDataChanged, this, &ConnectionTester::onMetaData);
    connect(m_reply, &QNetworkReply::readyRead, this, &ConnectionTester::onReadyRead);
    connect(m_reply, &QNetworkReply::finished, this, &ConnectionTester::onFinished);
    m_timeout.start(timeoutMs);
}

void ConnectionTester::cancel()
{
    m_timeout.stop();
    m_quiet.stop();
    m_listening.stop();
    if (QNetworkReply *reply = m_reply) {
        m_reply = nullptr;
        reply->disconnect(this);
        const bool answeredWithError = m_result.httpStatus != 0 && m_result.httpStatus != 200;
        if (reply->isRunning() && answeredWithError) {
            // An error page ends by itself; aborting it makes Qt report an error twice.
            connect(reply, &QNetworkReply::finished, reply, &QObject::deleteLater);
            return;
        }
        if (reply->isRunning()) {
            reply->abort();
        }
        reply->deleteLater();
    }
}

void ConnectionTester::onMetaData()
{
    if (m_streamOpen) {
        return;
    }
    m_result.httpStatus = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    m_result.contentType = m_reply->header(QNetworkRequest::ContentTypeHeader).toString();
    if (m_result.httpStatus >= 300 && m_result.httpStatus < 400) {
        const QUrl target = m_reply->url().resolved(
            m_reply->attribute(QNetworkRequest::RedirectionTargetAttribute).toUrl());
        finish(tr("The server sends visitors on to %1. Use that address instead.")
                   .arg(target.toDisplayString()));
        return;
    }
    if (m_result.httpStatus != 200) {
        finish(describeHttpStatus(m_result.httpStatus,
            m_reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString()));
        return;
    }
    if (!m_result.contentType.startsWith(u"text/event-stream"_s, Qt::CaseInsensitive)) {
        finish(m_result.contentType.isEmpty()
                ? tr("The server answered, but with a page instead of a stream of messages. "
                     "Is this the room's address?")
                : tr("The server answered with \"%1\" instead of a stream of messages "
                     "(text/event-stream). Is this the room's address?")
                      .arg(m_result.contentType.section(u';', 0, 0).trimmed()));
        return;
    }
    m_streamOpen = true;
    m_timeout.stop();
    m_quiet.start();
    m_listening.start();
}

void ConnectionTester::onReadyRead()
{
    if (!m_reply) {
        return;
    }
    onMetaData();
    if (!m_reply) {
        return;
    }
    m_parser->feed(m_reply->readAll());
    m_quiet.start(); // more may follow at once: a room's history comes in one burst
}

void ConnectionTester::onFinished()
{
    if (!m_reply) {
        return;
    }
    const QNetworkReply::NetworkError error = m_reply->error();
    if (!m_streamOpen && error != QNetworkReply::NoError
        && error != QNetworkReply::OperationCanceledError) {
        m_result.httpStatus = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (m_result.httpStatus == 0) {
            finish(describeNetworkError(error, m_reply->url()));
            return;
        }
    }
    onMetaData();
    if (!m_reply) {
        return;
    }
    const bool heardSomething
        = m_result.messages > 0 || m_result.otherEvents > 0 || !m_result.present.isEmpty();
    finish(heardSomething ? QString()
                          : tr("The server opened a stream and closed it at once, without "
                               "sending anything."));
}

void ConnectionTester::finish(const QString &error)
{
    if (!m_reply) {
        return;
    }
    m_result.error = error;
    m_result.ok = error.isEmpty();
    cancel();
    Q_EMIT finished(m_result);
}

QString ConnectionTester::describeNetworkError(QNetworkReply::NetworkError error, const QUrl &url)
{
    const QString host = url.host();
    switch (error) {
    case QNetworkReply::ConnectionRefusedError:
        return tr("Nothing answers at %1 on port %2. Is the server running, and is the port "
                  "right?")
            .arg(host)
            .arg(url.port(url.scheme() == u"https"_s ? 443 : 80));
    case QNetworkReply::HostNotFoundError:
        return tr("There is no server called \"%1\". Check the spelling of the address, and "
                  "that this computer is online.")
            .arg(host);
    case QNetworkReply::TimeoutError:
        return tr("%1 did not answer in time. Is the address right, and is the server "
                  "reachable from here?")
            .arg(host);
    case QNetworkReply::RemoteHostClosedError:
        return tr("%1 closed the connection without answering. Does it speak https "
                  "rather than http (or the other way round)?")
            .arg(host);
    case QNetworkReply::SslHandshakeFailedError:
        return tr("The secure connection to %1 failed: its certificate could not be verified "
                  "(it may be self-signed or for another name). Once the room is added, "
                  "Trust Certificate… in its banner lets you accept it.")
            .arg(host);
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
        return tr("This computer seems to be offline.");
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyConnectionClosedError:
    case QNetworkReply::ProxyNotFoundError:
    case QNetworkReply::ProxyTimeoutError:
    case QNetworkReply::ProxyAuthenticationRequiredError:
        return tr("The network proxy refused or did not answer; check the system's proxy "
                  "settings.");
    case QNetworkReply::ProtocolUnknownError:
        return tr("Only http:// and https:// addresses can be opened.");
    default:
        return tr("The connection to %1 failed (network error %2).").arg(host).arg(int(error));
    }
}

QString ConnectionTester::describeHttpStatus(int status, const QString &reason)
{
    const QString code
        = reason.isEmpty() ? QString::number(status) : u"%1 %2"_s.arg(status).arg(reason);
    switch (status) {
    case 401:
    case 403:
        return tr("The server refused access (HTTP %1): the room needs an access token, or "
                  "the token is wrong.")
            .arg(code);
    case 404:
        return tr("The server has nothing at this address (HTTP %1). Check the path, and "
                  "the kind of server.")
            .arg(code);
    case 405:
        return tr("The server does not send a stream at this address (HTTP %1). Check the "
                  "path, and the kind of server.")
            .arg(code);
    case 429:
    case 503:
        return tr("The server is busy or full (HTTP %1); try again in a moment.").arg(code);
    default:
        break;
    }
    if (status >= 500) {
        return tr("The server has a problem of its own (HTTP %1); try again later.").arg(code);
    }
    return tr("The server answered HTTP %1 instead of opening a stream of messages.").arg(code);
}

QString ConnectionTester::describe(const Result &result)
{
    if (!result.ok) {
        return result.error;
    }
    QString kind;
    switch (result.preset) {
    case Profile::Preset::HibikiRoom:
        kind = tr("a Hibiki room");
        break;
    case Profile::Preset::Tutorial:
        kind = tr("the tutorial's chat server");
        break;
    case Profile::Preset::Nchan:
        kind = tr("an nchan channel");
        break;
    case Profile::Preset::Custom:
        kind = tr("an event stream");
        break;
    }
    QStringList sentences;
    if (result.messages > 0) {
        sentences.append(tr("Connected: %1 with %n messages.", nullptr, result.messages).arg(kind));
    } else if (result.otherEvents > 0) {
        sentences.append(tr("Connected to %1, but none of the %n events it sent is a chat "
                            "message as this kind of server writes them (event types: %2). "
                            "Check the kind of server, or how this server speaks.",
            nullptr, result.otherEvents)
                             .arg(kind, result.otherEventTypes.join(u", "_s)));
    } else {
        sentences.append(tr("Connected: %1 with no messages yet.").arg(kind));
    }
    if (!result.present.isEmpty()) {
        QStringList names = result.present.mid(0, MaxShownNames);
        if (result.present.size() > MaxShownNames) {
            names.append(tr("%n more", nullptr, int(result.present.size()) - MaxShownNames));
        }
        sentences.append(tr("Here now: %1.").arg(names.join(u", "_s)));
    }
    if (result.messages > 0) {
        sentences.append(result.newestAuthor.isEmpty()
                ? tr("The newest: \"%1\"").arg(result.newestText)
                : tr("The newest, from %1: \"%2\"").arg(result.newestAuthor, result.newestText));
    }
    return sentences.join(u'\n');
}

} // namespace hibiki
