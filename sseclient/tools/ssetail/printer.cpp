// SPDX-License-Identifier: MIT
#include "printer.h"

#include "outputwriter.h"

#include <cstdlib>

using namespace Qt::StringLiterals;

namespace sse::tail {

namespace {

constexpr char hexDigits[] = "0123456789abcdef";

// Control characters would move the cursor or change colours on a terminal: show them
// as the Unicode "control pictures" instead (tab stays a tab).
QString visible(const QString &text)
{
    const auto isControl
        = [](QChar c) { return (c.unicode() < 0x20 && c != u'\t') || c.unicode() == 0x7f; };
    if (std::none_of(text.begin(), text.end(), isControl)) {
        return text;
    }
    QString result = text;
    for (QChar &c : result) {
        if (c.unicode() == 0x7f) {
            c = QChar(0x2421);
        } else if (isControl(c)) {
            c = QChar(0x2400 + c.unicode());
        }
    }
    return result;
}

bool useColor(ColorMode mode, const OutputWriter &writer)
{
    switch (mode) {
    case ColorMode::Always:
        return true;
    case ColorMode::Never:
        return false;
    case ColorMode::Auto:
        break;
    }
    const char *noColor = std::getenv("NO_COLOR");
    const char *term = std::getenv("TERM");
    return writer.isTerminal() && !(noColor && *noColor) && !(term && qstrcmp(term, "dumb") == 0);
}

class HumanPrinter final : public Printer
{
public:
    HumanPrinter(const TailOptions &options, OutputWriter &out, OutputWriter &err)
        : m_out(out)
        , m_err(err)
        , m_outColor(useColor(options.color, out))
        , m_errColor(useColor(options.color, err))
    { }

    // [type] id=42 first line of data
    //              second line, aligned under the first
    void event(const QString &type, const QString &data, const QString &lastEventId) override
    {
        QByteArray &buffer = m_out.buffer();
        if (type != m_lastType) {
            // Streams use few types: build each prefix once, not per event.
            m_lastType = type;
            m_shownTypeWidth = visible(type).size() + 2;
            m_typePrefix.clear();
            appendStyled(
                m_typePrefix, m_outColor ? "\x1b[1;36m" : nullptr, u'[' + visible(type) + u']');
        }
        buffer.append(m_typePrefix);
        qsizetype width = m_shownTypeWidth;
        if (!lastEventId.isEmpty()) {
            const QString shownId = visible(lastEventId);
            buffer.append(' ');
            appendStyled(buffer, m_outColor ? "\x1b[2m" : nullptr, u"id="_s + shownId);
            width += 4 + shownId.size();
        }
        if (!data.isEmpty()) {
            buffer.append(' ');
            width += 1;
            // Very long prefixes (a UUID id) would push the data off the screen.
            const qsizetype indent = width <= 32 ? width : 4;
            QStringView rest(data);
            for (bool first = true;; first = false) {
                const qsizetype lineFeed = rest.indexOf(u'\n');
                const QStringView line = lineFeed < 0 ? rest : rest.first(lineFeed);
                if (!first) {
                    buffer.append('\n');
                    if (!line.isEmpty()) { // no trailing blanks on an empty line
                        buffer.append(indent, ' ');
                    }
                }
                buffer.append(visible(line.toString()).toUtf8());
                if (lineFeed < 0) {
                    break;
                }
                rest = rest.sliced(lineFeed + 1);
            }
        }
        buffer.append('\n');
        m_out.flushIfFull();
    }

    void comment(const QString &text) override
    {
        appendStyled(m_out.buffer(), m_outColor ? "\x1b[2m" : nullptr, u':' + visible(text));
        m_out.buffer().append('\n');
        m_out.flushIfFull();
    }

    void retry(qint64 milliseconds) override
    {
        status(nullptr, u"reconnection time set to %1 ms"_s.arg(milliseconds));
    }

    void open(const QUrl &url) override
    {
        status(m_errColor ? "\x1b[32m" : nullptr, u"connected to %1"_s.arg(url.toDisplayString()));
    }

    void error(const QString &message, bool willRetry, int retryInMs) override
    {
        const QString text
            = willRetry ? u"%1; reconnecting in %2 ms"_s.arg(message).arg(retryInMs) : message;
        status(m_errColor ? "\x1b[1;31m" : nullptr, text);
    }

    bool errorsGoToStderr() const override { return true; }

private:
    static void appendStyled(QByteArray &buffer, const char *style, const QString &text)
    {
        if (style) {
            buffer.append(style);
        }
        buffer.append(text.toUtf8());
        if (style) {
            buffer.append("\x1b[0m");
        }
    }

    // State lines interleave with events on a terminal: flush what is before them first.
    void status(const char *style, const QString &text)
    {
        m_out.flush();
        appendStyled(m_err.buffer(), style, u"sse-tail: "_s + visible(text));
        m_err.buffer().append('\n');
        m_err.flush();
    }

    OutputWriter &m_out;
    OutputWriter &m_err;
    bool m_outColor;
    bool m_errColor;
    QString m_lastType;
    QByteArray m_typePrefix; // "[type]", styled
    qsizetype m_shownTypeWidth = 0;
};

class JsonPrinter final : public Printer
{
public:
    explicit JsonPrinter(OutputWriter &out)
        : m_out(out)
    { }

    void event(const QString &type, const QString &data, const QString &lastEventId) override
    {
        QByteArray &buffer = m_out.buffer();
        buffer.append(R"({"kind":"event","type":)");
        appendJsonString(buffer, type);
        buffer.append(R"(,"data":)");
        appendJsonString(buffer, data);
        buffer.append(R"(,"lastEventId":)");
        appendJsonString(buffer, lastEventId);
        buffer.append("}\n");
        m_out.flushIfFull();
    }

    void comment(const QString &text) override
    {
        QByteArray &buffer = m_out.buffer();
        buffer.append(R"({"kind":"comment","text":)");
        appendJsonString(buffer, text);
        buffer.append("}\n");
        m_out.flushIfFull();
    }

    void retry(qint64 milliseconds) override
    {
        m_out.buffer().append(R"({"kind":"retry","ms":)").append(QByteArray::number(milliseconds));
        m_out.buffer().append("}\n");
        m_out.flushIfFull();
    }

    void open(const QUrl &url) override
    {
        Q_UNUSED(url); // the caller knows it
        m_out.buffer().append(R"({"kind":"open"})"
                              "\n");
        m_out.flushIfFull();
    }

    void error(const QString &message, bool willRetry, int retryInMs) override
    {
        QByteArray &buffer = m_out.buffer();
        buffer.append(R"({"kind":"error","message":)");
        appendJsonString(buffer, message);
        Q_UNUSED(retryInMs);
        buffer.append(R"(,"willRetry":)").append(willRetry ? "true}\n" : "false}\n");
        m_out.flushIfFull();
    }

    bool errorsGoToStderr() const override { return false; }

private:
    OutputWriter &m_out;
};

} // namespace

void appendJsonString(QByteArray &out, const QString &text)
{
    const QByteArray utf8 = text.toUtf8();
    out.reserve(out.size() + utf8.size() + 2);
    out.append('"');
    const char *runStart = utf8.constBegin();
    for (const char *p = utf8.constBegin(); p != utf8.constEnd(); ++p) {
        const auto c = static_cast<unsigned char>(*p);
        if (c >= 0x20 && c != '"' && c != '\\') {
            continue;
        }
        out.append(runStart, p - runStart);
        runStart = p + 1;
        switch (c) {
        case '"':
            out.append("\\\"");
            break;
        case '\\':
            out.append("\\\\");
            break;
        case '\n':
            out.append("\\n");
            break;
        case '\r':
            out.append("\\r");
            break;
        case '\t':
            out.append("\\t");
            break;
        default: {
            const char escape[] = {'\\', 'u', '0', '0', hexDigits[c >> 4], hexDigits[c & 0xf]};
            out.append(escape, sizeof escape);
            break;
        }
        }
    }
    out.append(runStart, utf8.constEnd() - runStart);
    out.append('"');
}

std::unique_ptr<Printer> makePrinter(
    const TailOptions &options, OutputWriter &out, OutputWriter &err)
{
    if (options.format == OutputFormat::Json) {
        return std::make_unique<JsonPrinter>(out);
    }
    return std::make_unique<HumanPrinter>(options, out, err);
}

} // namespace sse::tail
