// SPDX-License-Identifier: MIT
#pragma once

#include "options.h"

#include <QString>
#include <QUrl>

#include <memory>

namespace sse::tail {

class OutputWriter;

// Turns what a source reports into text: human-readable lines or JSON Lines.
// Events and comments go to standard output; in the human format, the connection's
// state (open, retry, errors) goes to standard error so that stdout holds events only.
class Printer
{
public:
    virtual ~Printer() = default;

    virtual void event(const QString &type, const QString &data, const QString &lastEventId) = 0;
    virtual void comment(const QString &text) = 0;
    virtual void retry(qint64 milliseconds) = 0;
    virtual void open(const QUrl &url) = 0;
    virtual void error(const QString &message, bool willRetry, int retryInMs) = 0;
    // Whether error() writes to standard error (else a fatal error is repeated there).
    virtual bool errorsGoToStderr() const = 0;
};

std::unique_ptr<Printer> makePrinter(
    const TailOptions &options, OutputWriter &out, OutputWriter &err);

// Appends `text` as a JSON string literal (with quotes) in UTF-8.
void appendJsonString(QByteArray &out, const QString &text);

} // namespace sse::tail
