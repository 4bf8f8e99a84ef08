// SPDX-License-Identifier: MIT
#include "qrcode.h"

#include <QPaintDevice>
#include <QPainter>
#include <QRectF>

#include <qrencode.h>

#include <cmath>
#include <memory>

namespace hibiki {

QrCode QrCode::encode(const QString &text)
{
    QrCode code;
    const QByteArray bytes = text.toUtf8();
    // Version 0: the smallest that holds the text.
    const std::unique_ptr<QRcode, decltype(&QRcode_free)> encoded(
        QRcode_encodeString8bit(bytes.constData(), 0, QR_ECLEVEL_M), &QRcode_free);
    if (!encoded || encoded->width <= 0) {
        return code;
    }
    code.m_text = text;
    code.m_size = encoded->width;
    code.m_dark.resize(qsizetype(code.m_size) * code.m_size);
    for (qsizetype i = 0; i < code.m_dark.size(); ++i) {
        code.m_dark[i] = (encoded->data[i] & 0x01) != 0; // bit 0: dark module
    }
    return code;
}

bool QrCode::isDark(int x, int y) const
{
    if (x < 0 || y < 0 || x >= m_size || y >= m_size) {
        return false; // the quiet zone and beyond
    }
    return m_dark.at(qsizetype(y) * m_size + x);
}

QImage QrCode::toImage(int moduleSize, const QColor &dark, const QColor &light) const
{
    if (isNull() || moduleSize < 1) {
        return {};
    }
    const int side = sizeWithQuietZone() * moduleSize;
    QImage image(side, side, QImage::Format_RGB32);
    image.fill(light);
    const QRgb darkRgb = dark.rgb();
    for (int y = 0; y < m_size; ++y) {
        for (int x = 0; x < m_size; ++x) {
            if (!isDark(x, y)) {
                continue;
            }
            const int left = (QuietZone + x) * moduleSize;
            const int top = (QuietZone + y) * moduleSize;
            for (int row = top; row < top + moduleSize; ++row) {
                QRgb *line = reinterpret_cast<QRgb *>(image.scanLine(row));
                std::fill(line + left, line + left + moduleSize, darkRgb);
            }
        }
    }
    return image;
}

QRectF QrCode::paint(
    QPainter &painter, const QRectF &rect, const QColor &dark, const QColor &light) const
{
    if (isNull() || rect.isEmpty()) {
        return {};
    }
    // Sized in device pixels, so that a module is never split between two of them.
    const qreal ratio = painter.device() ? painter.device()->devicePixelRatioF() : 1.0;
    const qreal available = std::min(rect.width(), rect.height()) * ratio;
    const int moduleSize = std::max(1, int(std::floor(available / sizeWithQuietZone())));
    QImage image = toImage(moduleSize, dark, light);
    image.setDevicePixelRatio(ratio);
    const QSizeF logical = QSizeF(image.size()) / ratio;
    // The top left corner on a device pixel.
    const QPointF corner(std::round((rect.center().x() - logical.width() / 2) * ratio) / ratio,
        std::round((rect.center().y() - logical.height() / 2) * ratio) / ratio);
    painter.save();
    painter.setRenderHint(QPainter::SmoothPixmapTransform, false);
    painter.drawImage(corner, image);
    painter.restore();
    return QRectF(corner, logical);
}

} // namespace hibiki
