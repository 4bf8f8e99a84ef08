// SPDX-License-Identifier: MIT
#include "jsonwriter.h"

namespace hibiki::json {

void appendString(QByteArray &out, QStringView text)
{
    static constexpr char hex[] = "0123456789abcdef";
    const QByteArray utf8 = text.toUtf8();
    out.reserve(out.size() + utf8.size() + 2);
    out += '"';
    for (const char c : utf8) {
        const auto byte = static_cast<unsigned char>(c);
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (byte < 0x20) {
                // Other control characters must be escaped; this also keeps every SSE
                // `data:` line free of raw line breaks.
                const char escaped[] = {'\\', 'u', '0', '0', hex[byte >> 4], hex[byte & 0xf]};
                out.append(escaped, sizeof escaped);
            } else {
                out += c;
            }
        }
    }
    out += '"';
}

} // namespace hibiki::json
