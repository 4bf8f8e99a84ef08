// SPDX-License-Identifier: MIT
#include "appearance.h"

#include <QApplication>
#include <QFont>
#include <QStyle>
#include <QStyleFactory>

#include <memory>
#include <optional>

using namespace Qt::StringLiterals;

namespace hibiki {

namespace {

struct SystemLook
{
    QString styleName;
    QPalette palette;
    QFont font;
};

struct Applied
{
    Preferences::Theme theme;
    int fontPointSize;
};

// What the application looked like before the settings first touched it.
const SystemLook &systemLook()
{
    static const SystemLook look {
        QApplication::style() ? QApplication::style()->name() : QString(),
        QApplication::palette(),
        QApplication::font(),
    };
    return look;
}

std::optional<Applied> &applied()
{
    static std::optional<Applied> current;
    return current;
}

QPalette darkPalette()
{
    const QColor window(45, 45, 48);
    const QColor base(30, 30, 32);
    const QColor text(232, 232, 232);
    const QColor disabledText(128, 128, 128);
    const QColor highlight(53, 132, 228);
    QPalette palette;
    palette.setColor(QPalette::Window, window);
    palette.setColor(QPalette::WindowText, text);
    palette.setColor(QPalette::Base, base);
    palette.setColor(QPalette::AlternateBase, QColor(40, 40, 43));
    palette.setColor(QPalette::ToolTipBase, QColor(25, 25, 27));
    palette.setColor(QPalette::ToolTipText, text);
    palette.setColor(QPalette::PlaceholderText, QColor(150, 150, 150));
    palette.setColor(QPalette::Text, text);
    palette.setColor(QPalette::Button, QColor(55, 55, 58));
    palette.setColor(QPalette::ButtonText, text);
    palette.setColor(QPalette::BrightText, QColor(255, 90, 90));
    palette.setColor(QPalette::Light, QColor(80, 80, 84));
    palette.setColor(QPalette::Midlight, QColor(65, 65, 68));
    palette.setColor(QPalette::Mid, QColor(38, 38, 40));
    palette.setColor(QPalette::Dark, QColor(22, 22, 24));
    palette.setColor(QPalette::Shadow, QColor(0, 0, 0));
    palette.setColor(QPalette::Highlight, highlight);
    palette.setColor(QPalette::HighlightedText, Qt::white);
    palette.setColor(QPalette::Link, QColor(110, 170, 255));
    palette.setColor(QPalette::LinkVisited, QColor(180, 140, 255));
    for (const QPalette::ColorRole role :
        {QPalette::WindowText, QPalette::Text, QPalette::ButtonText}) {
        palette.setColor(QPalette::Disabled, role, disabledText);
    }
    palette.setColor(QPalette::Disabled, QPalette::Highlight, QColor(70, 70, 74));
    return palette;
}

QPalette lightPalette()
{
    const std::unique_ptr<QStyle> fusion(QStyleFactory::create(u"Fusion"_s));
    return fusion ? fusion->standardPalette() : QPalette(Qt::white);
}

} // namespace

QPalette Appearance::palette(Preferences::Theme theme)
{
    switch (theme) {
    case Preferences::Theme::Light:
        return lightPalette();
    case Preferences::Theme::Dark:
        return darkPalette();
    case Preferences::Theme::System:
        break;
    }
    return systemLook().palette;
}

int Appearance::systemFontPointSize()
{
    return systemLook().font.pointSize();
}

void Appearance::apply(Preferences::Theme theme, int fontPointSize)
{
    const SystemLook &system = systemLook();
    std::optional<Applied> &current = applied();
    if (!current || current->theme != theme) {
        const QString style = theme == Preferences::Theme::System ? system.styleName : u"Fusion"_s;
        if (!style.isEmpty() && QApplication::style()
            && QApplication::style()->name().compare(style, Qt::CaseInsensitive) != 0) {
            QApplication::setStyle(style);
        }
        QApplication::setPalette(palette(theme));
    }
    if (!current || current->fontPointSize != fontPointSize) {
        QFont font = system.font;
        if (fontPointSize > 0) {
            font.setPointSize(fontPointSize);
        }
        QApplication::setFont(font);
    }
    current = Applied {theme, fontPointSize};
}

} // namespace hibiki
