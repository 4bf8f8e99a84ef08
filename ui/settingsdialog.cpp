// SPDX-License-Identifier: MIT
#include "settingsdialog.h"

#include "appearance.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace hibiki {

namespace {

QLabel *noteLabel(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    label->setForegroundRole(QPalette::PlaceholderText);
    return label;
}

void selectData(QComboBox *box, const QVariant &data)
{
    const int index = box->findData(data);
    box->setCurrentIndex(index >= 0 ? index : 0);
}

} // namespace

SettingsDialog::SettingsDialog(const Preferences &current, QWidget *parent)
    : QDialog(parent)
    , m_initial(current)
{
    setWindowTitle(tr("Settings"));

    m_user = new QLineEdit(current.userName, this);
    m_user->setAccessibleName(tr("Your name"));
    m_user->setMaxLength(64); // what a Hibiki room accepts
    m_userNote = noteLabel(this);

    m_notifications = new QComboBox(this);
    m_notifications->setAccessibleName(tr("Notifications"));
    m_notifications->addItem(tr("Every message in other rooms, and mentions of my name"),
        int(Preferences::Notifications::All));
    m_notifications->addItem(
        tr("Only messages that mention my name"), int(Preferences::Notifications::MentionsOnly));
    m_notifications->addItem(tr("None"), int(Preferences::Notifications::None));
    selectData(m_notifications, int(current.notifications));

    m_theme = new QComboBox(this);
    m_theme->setAccessibleName(tr("Theme"));
    m_theme->addItem(tr("The system's"), int(Preferences::Theme::System));
    m_theme->addItem(tr("Light"), int(Preferences::Theme::Light));
    m_theme->addItem(tr("Dark"), int(Preferences::Theme::Dark));
    selectData(m_theme, int(current.theme));

    // The lowest value stands for the system's size.
    m_fontSize = new QSpinBox(this);
    m_fontSize->setAccessibleName(tr("Font size"));
    m_fontSize->setRange(Preferences::MinFontPointSize - 1, Preferences::MaxFontPointSize);
    m_fontSize->setSpecialValueText(
        tr("The system's (%1 pt)").arg(Appearance::systemFontPointSize()));
    m_fontSize->setSuffix(tr(" pt"));
    m_fontSize->setValue(current.fontPointSize > 0 ? current.fontPointSize : m_fontSize->minimum());

    m_language = new QComboBox(this);
    m_language->setAccessibleName(tr("Language"));
    m_language->addItem(tr("The system's"), QString());
    // Each language in its own words: someone who cannot read the current one finds theirs.
    m_language->addItem(u"English"_s, u"en"_s);
    m_language->addItem(u"日本語"_s, u"ja"_s);
    selectData(m_language, current.language);
    m_languageNote = noteLabel(this);

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(tr("&Your name:"), m_user);
    form->addRow(QString(), m_userNote);
    form->addRow(tr("&Notifications:"), m_notifications);
    form->addRow(tr("&Theme:"), m_theme);
    form->addRow(tr("&Font size:"), m_fontSize);
    form->addRow(tr("&Language:"), m_language);
    form->addRow(QString(), m_languageNote);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addStretch(1);
    layout->addWidget(m_buttons);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    const auto preview = [this] { Q_EMIT previewRequested(preferences()); };
    connect(m_theme, &QComboBox::currentIndexChanged, this, preview);
    connect(m_fontSize, &QSpinBox::valueChanged, this, preview);
    connect(m_language, &QComboBox::currentIndexChanged, this, &SettingsDialog::updateNotes);
    updateNotes();
    resize(520, heightForWidth(520) > 0 ? heightForWidth(520) : sizeHint().height());
}

void SettingsDialog::setSystemUserName(const QString &name)
{
    m_user->setPlaceholderText(name);
    updateNotes();
}

void SettingsDialog::setUserOverride(const QString &name)
{
    m_userOverride = name;
    updateNotes();
}

void SettingsDialog::setLanguageOverride(const QString &code)
{
    m_languageOverride = code;
    updateNotes();
}

Preferences SettingsDialog::preferences() const
{
    Preferences preferences = m_initial;
    preferences.userName = m_user->text().trimmed();
    preferences.notifications = Preferences::Notifications(m_notifications->currentData().toInt());
    preferences.theme = Preferences::Theme(m_theme->currentData().toInt());
    preferences.fontPointSize
        = m_fontSize->value() == m_fontSize->minimum() ? 0 : m_fontSize->value();
    preferences.language = m_language->currentData().toString();
    return preferences;
}

void SettingsDialog::updateNotes()
{
    QString user = tr("The name you chat as in every room that has no name of its own. Rooms "
                      "that use your current name change with it.");
    if (!m_userOverride.isEmpty()) {
        user += u' '
            + tr("For now you are \"%1\" everywhere: Hibiki was started with --user.")
                  .arg(m_userOverride);
    }
    m_userNote->setText(user);

    QString language;
    if (m_language->currentData().toString() != m_initial.language) {
        language = tr("The new language is used the next time Hibiki starts.");
    } else {
        language = tr("The language changes the next time Hibiki starts.");
    }
    if (!m_languageOverride.isEmpty()) {
        language += u' ' + tr("This time it was chosen with --lang %1.").arg(m_languageOverride);
    }
    m_languageNote->setText(language);
}

} // namespace hibiki
