// SPDX-License-Identifier: MIT
#include "serverdialog.h"
#include "endpointlistedit.h"

#include <shell/connectiontester.h>
#include <shell/serveraddress.h>
#include <shell/tokenstore.h>

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace hibiki {

namespace {

QLabel *hintLabel(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    QPalette palette = label->palette();
    QColor dim = palette.color(QPalette::WindowText);
    dim.setAlphaF(0.7);
    palette.setColor(QPalette::WindowText, dim);
    label->setPalette(palette);
    return label;
}

QStringList splitList(const QString &text)
{
    QStringList items;
    for (const QString &item : text.split(u',', Qt::SkipEmptyParts)) {
        if (!item.trimmed().isEmpty()) {
            items.append(item.trimmed());
        }
    }
    return items;
}

// A Hibiki room's or the tutorial's base address from what was typed: ".../sse" is the
// stream of the room at "...".
QUrl baseOf(QUrl url)
{
    url = url.adjusted(QUrl::StripTrailingSlash);
    QString path = url.path();
    if (path.endsWith(u"/sse"_s)) {
        path.chop(4);
    }
    url.setPath(path);
    return url;
}

} // namespace

ServerDialog::ServerDialog(QNetworkAccessManager *manager, QWidget *parent)
    : QDialog(parent)
    , m_manager(manager)
    , m_tester(new ConnectionTester(manager, this))
{
    setWindowTitle(tr("Add a Room"));
    m_original.id = RoomConfig::newId();

    m_preset = new QComboBox(this);
    m_preset->addItem(tr("Hibiki room"), int(Profile::Preset::HibikiRoom));
    m_preset->addItem(tr("Tutorial server"), int(Profile::Preset::Tutorial));
    m_preset->addItem(tr("nchan channel"), int(Profile::Preset::Nchan));
    m_preset->addItem(tr("Other stream (custom)"), int(Profile::Preset::Custom));
    m_preset->setAccessibleName(tr("Kind of server"));

    m_address = new QLineEdit(this);
    m_address->setAccessibleName(tr("Address"));
    m_address->setClearButtonEnabled(true);
    m_addressHint = hintLabel(this);
    m_channel = new QLineEdit(this);
    m_channel->setAccessibleName(tr("Channel"));
    m_channel->setPlaceholderText(tr("for example: lobby"));

    m_advanced = new QGroupBox(tr("How this server speaks"), this);
    auto *advanced = new QFormLayout(m_advanced);
    m_postUrl = new QLineEdit(m_advanced);
    m_postUrl->setPlaceholderText(tr("empty: the room is read-only"));
    m_events = new QLineEdit(u"message"_s, m_advanced);
    m_textField = new QLineEdit(u"content"_s, m_advanced);
    m_authorField = new QLineEdit(u"user"_s, m_advanced);
    m_timeField = new QLineEdit(u"timestamp"_s, m_advanced);
    m_idField = new QLineEdit(u"id"_s, m_advanced);
    m_bodyTemplate = new QLineEdit(Profile().bodyTemplate, m_advanced);
    advanced->addRow(tr("Post &URL:"), m_postUrl);
    advanced->addRow(tr("Message &events:"), m_events);
    advanced->addRow(tr("Te&xt field:"), m_textField);
    advanced->addRow(tr("Aut&hor field:"), m_authorField);
    advanced->addRow(tr("T&ime field:"), m_timeField);
    advanced->addRow(tr("I&d field:"), m_idField);
    advanced->addRow(tr("Post &body:"), m_bodyTemplate);
    const QList<QPair<QLineEdit *, QString>> advancedNames {{m_postUrl, tr("Post URL")},
        {m_events, tr("Message event types")}, {m_textField, tr("Text field")},
        {m_authorField, tr("Author field")}, {m_timeField, tr("Time field")},
        {m_idField, tr("Id field")}, {m_bodyTemplate, tr("Post body template")}};
    for (const auto &[edit, name] : advancedNames) {
        edit->setAccessibleName(name);
    }

    m_name = new QLineEdit(this);
    m_name->setAccessibleName(tr("Room name"));
    m_user = new QLineEdit(this);
    m_user->setAccessibleName(tr("Your name"));
    m_token = new QLineEdit(this);
    m_token->setEchoMode(QLineEdit::Password);
    m_token->setAccessibleName(tr("Access token"));
    m_token->setPlaceholderText(tr("optional"));
    auto *tokenHint = hintLabel(this);
    tokenHint->setText(tr("Sent as \"Authorization: Bearer <token>\". Kept in the system keychain, "
                          "never in the settings file."));

    m_test = new QPushButton(tr("&Test Connection"), this);
    m_test->setAutoDefault(false);
    m_testResult = new QLabel(this);
    m_testResult->setTextFormat(Qt::PlainText); // it quotes what a server sent
    m_testResult->setWordWrap(true);
    m_testResult->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_testResult->setAccessibleName(tr("Connection test result"));
    m_testResult->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Minimum);
    m_testResult->hide();
    m_errorLabel = new QLabel(this);
    m_errorLabel->setTextFormat(Qt::PlainText);
    m_errorLabel->setWordWrap(true);
    QPalette errorPalette = m_errorLabel->palette();
    errorPalette.setColor(QPalette::WindowText, QColor(200, 40, 40));
    m_errorLabel->setPalette(errorPalette);
    m_openExisting = new QPushButton(this);
    m_openExisting->setAutoDefault(false);
    m_openExisting->hide();

    auto *form = new QFormLayout;
    form->addRow(tr("&Kind of server:"), m_preset);
    form->addRow(tr("&Address:"), m_address);
    form->addRow(QString(), m_addressHint);
    m_channelLabel = new QLabel(tr("&Channel:"), this);
    m_channelLabel->setBuddy(m_channel);
    form->addRow(m_channelLabel, m_channel);
    m_nodes = new EndpointListEdit(this);
    form->addRow(m_nodes->label(), m_nodes);
    form->addRow(m_advanced);
    form->addRow(tr("Room &name:"), m_name);
    form->addRow(tr("&Your name:"), m_user);
    form->addRow(tr("Acce&ss token:"), m_token);
    form->addRow(QString(), tokenHint);

    // The result goes under the button, across the dialog's width, and the dialog grows to
    // its height: a few sentences must never be cut off.
    auto *testRow = new QHBoxLayout;
    testRow->addWidget(m_test);
    testRow->addStretch(1);
    auto *existingRow = new QHBoxLayout;
    existingRow->addWidget(m_openExisting);
    existingRow->addStretch(1);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addLayout(testRow);
    layout->addWidget(m_testResult);
    layout->addWidget(m_errorLabel);
    layout->addLayout(existingRow);
    layout->addStretch(1);
    layout->addWidget(m_buttons);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_preset, &QComboBox::currentIndexChanged, this, &ServerDialog::onPresetChanged);
    for (QLineEdit *edit : {m_address, m_channel, m_postUrl, m_events, m_textField, m_authorField,
             m_timeField, m_idField, m_bodyTemplate, m_token}) {
        connect(edit, &QLineEdit::textChanged, this, &ServerDialog::forgetTestResult);
    }
    connect(m_preset, &QComboBox::currentIndexChanged, this, &ServerDialog::forgetTestResult);
    for (QLineEdit *edit : {m_address, m_channel, m_postUrl, m_events, m_textField, m_authorField,
             m_timeField, m_idField, m_bodyTemplate, m_user}) {
        connect(edit, &QLineEdit::textChanged, this, &ServerDialog::validate);
    }
    connect(m_nodes, &EndpointListEdit::changed, this, &ServerDialog::validate);
    connect(m_name, &QLineEdit::textEdited, this, [this] { m_nameEdited = true; });
    connect(m_name, &QLineEdit::textChanged, this, &ServerDialog::validate);
    connect(m_token, &QLineEdit::textEdited, this, [this] { m_tokenEdited = true; });
    connect(m_test, &QPushButton::clicked, this, &ServerDialog::testConnection);
    connect(m_tester, &ConnectionTester::finished, this,
        [this](const ConnectionTester::Result &result) {
            showTestResult(ConnectionTester::describe(result),
                result.ok ? QColor(30, 150, 60) : QColor(200, 40, 40));
            validate();
        });
    connect(m_openExisting, &QPushButton::clicked, this, [this] { done(OpenExistingRoom); });
    connect(m_address, &QLineEdit::textChanged, this, [this](const QString &text) {
        // A pasted invite link is the whole answer; a damaged one is explained below it.
        if ((m_invite = InviteLink::parse(text))) {
            done(JoinInvite);
        }
    });

    onPresetChanged();
    resize(540, height());
    fitHeight();
    // A typed or pasted address is what everyone starts with.
    m_address->setFocus(Qt::OtherFocusReason);
}

ServerDialog::~ServerDialog() = default;

QPushButton *ServerDialog::okButton() const
{
    return m_buttons->button(QDialogButtonBox::Ok);
}

Profile::Preset ServerDialog::preset() const
{
    return Profile::Preset(m_preset->currentData().toInt());
}

void ServerDialog::setUserName(const QString &name)
{
    m_user->setText(name);
}

void ServerDialog::setKnownRooms(const QList<RoomConfig> &rooms)
{
    m_knownRooms = rooms;
    m_takenNames.clear();
    for (const RoomConfig &room : rooms) {
        m_takenNames.append(room.profile.name);
    }
    validate();
}

bool ServerDialog::nameTaken(const QString &name) const
{
    return m_takenNames.contains(name, Qt::CaseInsensitive)
        && name.compare(m_original.profile.name, Qt::CaseInsensitive) != 0;
}

void ServerDialog::setRoom(const RoomConfig &room)
{
    setWindowTitle(tr("Edit Room"));
    m_original = room;
    const Profile &profile = room.profile;
    m_preset->setCurrentIndex(m_preset->findData(int(profile.preset)));
    switch (profile.preset) {
    case Profile::Preset::HibikiRoom:
    case Profile::Preset::Tutorial:
        m_address->setText(baseOf(profile.streamUrl).toString());
        break;
    case Profile::Preset::Nchan: {
        QUrl base = profile.streamUrl;
        const QString path = base.path();
        const qsizetype sub = path.lastIndexOf(u"/sub/"_s);
        base.setPath(sub >= 0 ? path.left(sub) : path);
        m_address->setText(base.toString());
        m_channel->setText(sub >= 0 ? path.mid(sub + 5) : QString());
        m_nodes->showNodesOf(profile);
        break;
    }
    case Profile::Preset::Custom:
        m_address->setText(profile.streamUrl.toString());
        m_postUrl->setText(profile.postUrl.toString());
        m_events->setText(profile.chatEvents.join(u", "_s));
        m_textField->setText(profile.textField);
        m_authorField->setText(profile.authorField);
        m_timeField->setText(profile.timeField);
        m_idField->setText(profile.idField);
        m_bodyTemplate->setText(profile.bodyTemplate);
        break;
    }
    m_nameEdited = true; // before setText: validate() must not put a default name back
    m_name->setText(profile.name);
    m_user->setText(profile.userName);
    if (room.hasToken) {
        m_token->setPlaceholderText(tr("stored in the keychain; type to replace"));
    }
    validate();
}

RoomConfig ServerDialog::room() const
{
    RoomConfig room = m_original;
    QString error;
    room.profile = buildProfile(&error);
    if (m_tokenEdited) {
        room.hasToken = !m_token->text().trimmed().isEmpty();
    }
    return room;
}

QString ServerDialog::token() const
{
    return m_token->text().trimmed();
}

QString ServerDialog::defaultName() const
{
    const QUrl url = ServerAddress::interpret(m_address->text()).url;
    if (url.isEmpty()) {
        return {};
    }
    QString base;
    switch (preset()) {
    case Profile::Preset::HibikiRoom:
        base = Profile::hibikiRoom(baseOf(url)).name;
        break;
    case Profile::Preset::Tutorial:
        base = Profile::tutorialServer(baseOf(url)).name;
        break;
    case Profile::Preset::Nchan:
        base = m_channel->text().trimmed().isEmpty()
            ? QString()
            : Profile::nchanChannel(url, m_channel->text().trimmed()).name;
        break;
    case Profile::Preset::Custom:
        base = Profile::forUrl(url).name;
        break;
    }
    if (base.isEmpty()) {
        return {};
    }
    // The suggestion must pass the dialog's own check: "Team", else "Team 2", "Team 3"...
    QString name = base;
    for (int n = 2; nameTaken(name); ++n) {
        name = u"%1 %2"_s.arg(base).arg(n);
    }
    return name;
}

Profile ServerDialog::buildProfile(QString *error) const
{
    const ServerAddress address = ServerAddress::interpret(m_address->text());
    if (error && !address.isValid()) {
        *error = address.problem;
    }
    const QUrl url = address.url;
    Profile profile;
    switch (preset()) {
    case Profile::Preset::HibikiRoom:
        profile = Profile::hibikiRoom(baseOf(url));
        break;
    case Profile::Preset::Tutorial:
        profile = Profile::tutorialServer(baseOf(url));
        break;
    case Profile::Preset::Nchan:
        profile = Profile::nchanChannel(url, m_channel->text().trimmed());
        break;
    case Profile::Preset::Custom: {
        profile.preset = Profile::Preset::Custom;
        profile.streamUrl = url;
        const ServerAddress post = m_postUrl->text().trimmed().isEmpty()
            ? ServerAddress()
            : ServerAddress::interpret(m_postUrl->text());
        profile.postUrl = post.url;
        if (!post.problem.isEmpty() && error && error->isEmpty()) {
            *error = tr("Post URL: %1").arg(post.problem);
        }
        profile.chatEvents = splitList(m_events->text());
        profile.textField = m_textField->text().trimmed();
        profile.authorField = m_authorField->text().trimmed();
        profile.timeField = m_timeField->text().trimmed();
        profile.idField = m_idField->text().trimmed();
        profile.bodyTemplate = m_bodyTemplate->text();
        break;
    }
    }
    m_nodes->applyTo(profile, m_original.profile);
    // Settings this dialog does not show stay as they were.
    profile.headers = m_original.profile.headers;
    profile.trustedCertificateSha256 = m_original.profile.trustedCertificateSha256;
    profile.name = m_name->text().trimmed();
    profile.userName = m_user->text().trimmed();
    return profile;
}

void ServerDialog::onPresetChanged()
{
    const Profile::Preset current = preset();
    const bool nchan = current == Profile::Preset::Nchan;
    m_channelLabel->setVisible(nchan);
    m_channel->setVisible(nchan);
    m_nodes->setShown(nchan);
    m_advanced->setVisible(current == Profile::Preset::Custom);
    switch (current) {
    case Profile::Preset::HibikiRoom:
        m_address->setPlaceholderText(u"http://127.0.0.1:8787"_s);
        m_addressHint->setText(tr("The room's address. Messages stream from /sse and are posted "
                                  "to /messages."));
        break;
    case Profile::Preset::Tutorial:
        m_address->setPlaceholderText(u"http://localhost:3000"_s);
        m_addressHint->setText(tr("The tutorial's chat server: its stream is /sse, messages "
                                  "carry no name."));
        break;
    case Profile::Preset::Nchan:
        m_address->setPlaceholderText(u"https://chat.example.org"_s);
        m_addressHint->setText(tr("The nginx server; the channel is read from /sub/<channel> "
                                  "and posted to /pub/<channel>."));
        break;
    case Profile::Preset::Custom:
        m_address->setPlaceholderText(u"https://example.org/events"_s);
        m_addressHint->setText(tr("The address of the event stream itself."));
        break;
    }
    validate();
}

void ServerDialog::validate()
{
    if (!m_nameEdited) {
        const QSignalBlocker blocker(m_name);
        m_name->setText(defaultName());
    }
    QString error;
    const Profile profile = buildProfile(&error);
    m_existingId.clear();
    QString existingName;
    if (error.isEmpty()) {
        for (const RoomConfig &known : std::as_const(m_knownRooms)) {
            if (known.id != m_original.id
                && ServerAddress::sameStream(known.profile.streamUrl, profile.streamUrl)) {
                m_existingId = known.id;
                existingName = known.profile.name;
                break;
            }
        }
    }
    if (!error.isEmpty()) {
        if (m_address->text().trimmed().isEmpty()) {
            error = tr("Enter the server's address.");
        }
    } else if (preset() == Profile::Preset::Nchan && m_channel->text().trimmed().isEmpty()) {
        error = tr("Enter the channel's name.");
    } else if (const QString nodes = m_nodes->problem(); !nodes.isEmpty()) {
        error = nodes;
    } else if (!m_existingId.isEmpty()) {
        error = tr("This room is already in your list as \"%1\".").arg(existingName);
    } else if (profile.name.isEmpty()) {
        error = tr("Give the room a name.");
    } else if (nameTaken(profile.name)) {
        error = tr("Another room is already called \"%1\".").arg(profile.name);
    } else if (!profile.postUrl.isEmpty() && profile.userName.isEmpty()) {
        error = tr("Enter the name you chat as.");
    } else if (const QString problem = profile.validate(); !problem.isEmpty()) {
        error = problem;
    }
    m_error = error;
    m_errorLabel->setText(error);
    m_errorLabel->setVisible(!error.isEmpty());
    m_openExisting->setText(tr("&Open \"%1\"").arg(existingName));
    m_openExisting->setVisible(!m_existingId.isEmpty());
    okButton()->setEnabled(error.isEmpty());
    m_test->setEnabled(!m_tester->isRunning() && !profile.streamUrl.isEmpty() && error.isEmpty());
    // Mark the address field while it cannot be used.
    const bool badAddress = !m_address->text().trimmed().isEmpty()
        && !ServerAddress::interpret(m_address->text()).isValid();
    m_address->setStyleSheet(
        badAddress ? u"QLineEdit { border: 1px solid #d03030; }"_s : QString());
    fitHeight();
}

void ServerDialog::forgetTestResult()
{
    m_tester->cancel();
    m_testResult->clear();
    m_testResult->hide();
}

void ServerDialog::showTestResult(const QString &text, const QColor &color)
{
    QPalette palette = this->palette();
    if (color.isValid()) {
        palette.setColor(QPalette::WindowText, color);
    }
    m_testResult->setPalette(palette);
    m_testResult->setText(text);
    m_testResult->show();
    fitHeight();
}

void ServerDialog::fitHeight()
{
    if (QLayout *box = layout()) {
        box->activate();
    }
    const int forWidth = heightForWidth(width());
    const int needed = forWidth > 0 ? forWidth : sizeHint().height();
    if (needed > height()) {
        resize(width(), needed);
    }
}

void ServerDialog::testConnection()
{
    QString error;
    const Profile profile = buildProfile(&error);
    if (!error.isEmpty()) {
        return;
    }
    m_test->setEnabled(false);
    showTestResult(tr("Connecting to %1…").arg(profile.streamUrl.toDisplayString()), QColor());
    m_tester->start(profile, authorizationHeader(m_token->text()));
}

} // namespace hibiki
