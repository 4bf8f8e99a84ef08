// SPDX-License-Identifier: MIT
// Shared by the libFuzzer targets fuzz_decoder and fuzz_profile and by the corpus test
// test_core_fuzz_corpus (built with UBSan): what must hold for any input a server (an
// event) or a user (a profile file) can give the chat core. Each check returns an empty
// string, or what broke.
#pragma once

#include "core/messagedecoder.h"
#include "core/profile.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimeZone>

#include <string>

namespace hibiki::test {

// A decoder input: "<preset> <type> <id> <own>\n<data>". preset: h(ibiki), t(utorial),
// n(chan), c(ustom: nested paths); type: the SSE event type; id: the event's last event
// id ("-" for none); own: 1 when the event set that id itself. Anything missing takes a
// default, so that every byte string is an input.
struct DecoderInput
{
    Profile profile;
    sse::MessageEvent event;
    bool hasOwnId = false;
};

inline DecoderInput decoderInput(QByteArrayView bytes)
{
    const qsizetype newline = bytes.indexOf('\n');
    const QByteArrayView head = newline < 0 ? bytes : bytes.first(newline);
    const QByteArrayView data = newline < 0 ? QByteArrayView() : bytes.sliced(newline + 1);
    const QList<QByteArray> words = head.toByteArray().split(' ');
    const auto word
        = [&](int i) { return i < words.size() ? QString::fromUtf8(words[i]) : QString(); };

    DecoderInput input;
    const QUrl base(QStringLiteral("http://127.0.0.1:1"));
    switch (word(0).isEmpty() ? u'h' : word(0).front().unicode()) {
    case u't':
        input.profile = Profile::tutorialServer(base);
        break;
    case u'n':
        input.profile = Profile::nchanChannel(base, QStringLiteral("room"));
        break;
    case u'c':
        input.profile = Profile::hibikiRoom(base);
        input.profile.textField = QStringLiteral("msg.body");
        input.profile.authorField = QStringLiteral("msg.from.name");
        input.profile.idField = QStringLiteral("meta.seq");
        input.profile.timeField = QStringLiteral("meta.ts");
        break;
    default:
        input.profile = Profile::hibikiRoom(base);
        break;
    }
    input.event.type = word(1).isEmpty() ? QStringLiteral("message") : word(1);
    input.event.lastEventId = word(2) == QStringLiteral("-") ? QString() : word(2);
    input.hasOwnId = word(3) == QStringLiteral("1");
    input.event.data = QString::fromUtf8(data);
    return input;
}

// The text of an id must be the id, not a rounded stand-in for many.
inline bool looksRounded(const QString &id)
{
    return id.contains(QStringLiteral("e+")) || id.contains(QStringLiteral("inf"))
        || id.contains(QStringLiteral("nan"));
}

inline std::string checkDecoderInvariants(QByteArrayView bytes)
{
    const DecoderInput input = decoderInput(bytes);
    const QDateTime arrival(QDate(2026, 1, 2), QTime(3, 4, 5), QTimeZone::utc());
    const MessageDecoder decoder(input.profile);
    const std::optional<ChatMessage> message = decoder.decode(input.event, input.hasOwnId, arrival);
    const std::optional<ChatMessage> again = decoder.decode(input.event, input.hasOwnId, arrival);
    if (message != again) {
        return "decoding the same event twice gave different results";
    }
    const Profile &p = input.profile;
    const QString &type = input.event.type;
    const bool named = p.chatEvents.contains(type) || p.joinEvents.contains(type)
        || p.leaveEvents.contains(type) || p.systemEvents.contains(type)
        || p.gapEvents.contains(type);
    if (message.has_value() != named) {
        return "a message for an event type the profile does not name, or none for one it does";
    }
    if (!message) {
        return {};
    }
    if (!message->timestamp.isValid()) {
        return "invalid timestamp";
    }
    const qint64 ms = message->timestamp.toMSecsSinceEpoch();
    if (ms < -62135596800000 || ms > 253402300799999) {
        return "timestamp outside the years 1 to 9999: " + std::to_string(ms);
    }
    if (looksRounded(message->id) && !input.event.data.contains(message->id)
        && message->id != input.event.lastEventId) {
        return "an id made from a rounded number: " + message->id.toStdString();
    }
    if (message->fromThisDevice) {
        return "the decoder cannot know that a message is from this device";
    }
    return {};
}

// A profile input: the bytes are a profile file's JSON. Whatever it holds, fromJson()
// either refuses it with a reason or gives a profile that survives a save and load
// unchanged and whose post bodies are valid JSON for any text.
inline std::string checkProfileInvariants(QByteArrayView bytes)
{
    Profile::forUrl(QUrl(QString::fromUtf8(bytes))).validate(); // must not crash
    const QJsonDocument document = QJsonDocument::fromJson(bytes.toByteArray());
    if (!document.isObject()) {
        return {};
    }
    QString error;
    const std::optional<Profile> profile = Profile::fromJson(document.object(), &error);
    if (!profile) {
        return error.isEmpty() ? "refused without a reason" : std::string();
    }
    profile->validate();
    QString reloadError;
    const std::optional<Profile> reloaded = Profile::fromJson(profile->toJson(), &reloadError);
    if (!reloaded) {
        return "a loaded profile does not load again: " + reloadError.toStdString();
    }
    if (*reloaded != *profile) {
        return "a saved and loaded profile differs from the original";
    }
    if (profile->bodyFormat == Profile::BodyFormat::JsonTemplate) {
        const QString hostile = QStringLiteral("\"}{\\ {content} {user} \u0000 \U0001F338 \\u0022");
        QJsonParseError parseError;
        QJsonDocument::fromJson(profile->postBody(hostile, hostile, hostile), &parseError);
        if (parseError.error != QJsonParseError::NoError) {
            return "a post body is not JSON: " + parseError.errorString().toStdString();
        }
    }
    return {};
}

} // namespace hibiki::test
