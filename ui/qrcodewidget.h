// SPDX-License-Identifier: MIT
#pragma once

#include "qrcode.h"

#include <QWidget>

namespace hibiki {

// A QR code on screen, to carry a link to a phone or another computer: a square as large
// as the widget allows, crisp at any size and scale (whole device pixels per module), dark
// on white in every theme (what cameras read best).
class QrCodeWidget : public QWidget
{
    Q_OBJECT

public:
    explicit QrCodeWidget(QWidget *parent = nullptr);

    void setText(const QString &text);
    QString text() const { return m_code.text(); }
    const QrCode &code() const { return m_code; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override { return width; }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QrCode m_code;
};

} // namespace hibiki
