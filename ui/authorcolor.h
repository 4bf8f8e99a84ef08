// SPDX-License-Identifier: MIT
#pragma once

#include <QColor>
#include <QString>

namespace hibiki {

// A colour for an author's name: the same name always gets the same hue (in every run and
// on every machine), with a lightness that reads well on `background`.
QColor authorColor(const QString &author, const QColor &background);

// The hue [0, 360) an author's name maps to.
int authorHue(const QString &author);

} // namespace hibiki
