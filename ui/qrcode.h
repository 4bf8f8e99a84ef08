// SPDX-License-Identifier: MIT
#pragma once

#include <QColor>
#include <QImage>
#include <QString>
#include <QVector>

class QPainter;
class QRectF;

namespace hibiki {

// A QR code of a text (libqrencode; error correction level M, 8-bit data), as a square of
// modules, dark or light. Drawn crisp: every module is a whole number of device pixels.
class QrCode
{
public:
    // Light modules around the code that readers need to find it (the standard's four).
    static constexpr int QuietZone = 4;

    QrCode() = default;
    // A null code when the text does not fit in a QR code (over about 2 KiB).
    static QrCode encode(const QString &text);

    bool isNull() const { return m_size == 0; }
    QString text() const { return m_text; }
    int size() const { return m_size; } // modules per side, without the quiet zone
    int sizeWithQuietZone() const { return m_size == 0 ? 0 : m_size + 2 * QuietZone; }
    bool isDark(int x, int y) const;

    // The code with its quiet zone, `moduleSize` pixels per module.
    QImage toImage(
        int moduleSize, const QColor &dark = Qt::black, const QColor &light = Qt::white) const;
    // Draws it as large as fits in `rect` (logical pixels of the painter's device) with
    // whole device pixels per module, centred; never smoothed. Returns the area drawn.
    QRectF paint(QPainter &painter, const QRectF &rect, const QColor &dark = Qt::black,
        const QColor &light = Qt::white) const;

private:
    QString m_text;
    int m_size = 0;
    QVector<bool> m_dark; // row by row
};

} // namespace hibiki
