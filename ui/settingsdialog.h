// SPDX-License-Identifier: MIT
#pragma once

#include <shell/preferences.h>

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace hibiki {

// Settings (Edit → Settings…, Ctrl+,): your name, which messages notify, the theme, the
// font size and the language. Theme and font size are previewed live (previewRequested);
// the window applies and stores the whole once OK is pressed, and puts the look back on
// Cancel.
class SettingsDialog : public QDialog
{
    Q_OBJECT

public:
    explicit SettingsDialog(const Preferences &current, QWidget *parent = nullptr);

    // Shown greyed in an empty name field: the name used then.
    void setSystemUserName(const QString &name);
    // --user for this run: said under the name, which is still stored for later runs.
    void setUserOverride(const QString &name);
    // --lang for this run.
    void setLanguageOverride(const QString &code);

    Preferences preferences() const;

    QLineEdit *userEdit() const { return m_user; }
    QComboBox *notificationsBox() const { return m_notifications; }
    QComboBox *themeBox() const { return m_theme; }
    QSpinBox *fontSizeBox() const { return m_fontSize; }
    QComboBox *languageBox() const { return m_language; }
    QLabel *languageNote() const { return m_languageNote; }

Q_SIGNALS:
    // The look changed in the dialog: show it now (not stored yet).
    void previewRequested(const hibiki::Preferences &preferences);

private:
    void updateNotes();

    Preferences m_initial;
    QString m_userOverride;
    QString m_languageOverride;
    QLineEdit *m_user = nullptr;
    QLabel *m_userNote = nullptr;
    QComboBox *m_notifications = nullptr;
    QComboBox *m_theme = nullptr;
    QSpinBox *m_fontSize = nullptr;
    QComboBox *m_language = nullptr;
    QLabel *m_languageNote = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace hibiki
