// SPDX-License-Identifier: MIT
#include "qrcodewidget.h"

#include <QPainter>

namespace hibiki {

namespace {

// Pixels per module: the smallest size phones read from a screen with ease, and the
// size the widget would like.
constexpr int MinimumModulePixels = 2;
constexpr int PreferredModulePixels = 4;

} // namespace

QrCodeWidget::QrCodeWidget(QWidget *parent)
    : QWidget(parent)
{
    QSizePolicy policy(QSizePolicy::Preferred, QSizePolicy::Preferred);
    policy.setHeightForWidth(true);
    setSizePolicy(policy);
    setAccessibleName(tr("QR code of the invite link"));
}

void QrCodeWidget::setText(const QString &text)
{
    if (text == m_code.text()) {
        return;
    }
    m_code = QrCode::encode(text);
    setAccessibleDescription(text);
    updateGeometry();
    update();
}

QSize QrCodeWidget::sizeHint() const
{
    const int side = std::max(1, m_code.sizeWithQuietZone()) * PreferredModulePixels;
    return {side, side};
}

QSize QrCodeWidget::minimumSizeHint() const
{
    const int side = std::max(1, m_code.sizeWithQuietZone()) * MinimumModulePixels;
    return {side, side};
}

void QrCodeWidget::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    // Light all over: the quiet zone may be wider than the standard's where the side is not
    // a whole number of modules, never another colour.
    painter.fillRect(rect(), Qt::white);
    m_code.paint(painter, rect());
}

} // namespace hibiki
