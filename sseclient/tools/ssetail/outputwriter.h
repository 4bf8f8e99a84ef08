// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace sse::tail {

// A buffered writer on a file descriptor. Events are printed by the thousand per second,
// so output is collected and written in large blocks; the owner decides when to flush
// (at once on a terminal, on a short timer otherwise, always at exit).
class OutputWriter
{
public:
    explicit OutputWriter(int fd);
    ~OutputWriter();

    OutputWriter(const OutputWriter &) = delete;
    OutputWriter &operator=(const OutputWriter &) = delete;

    int fd() const { return m_fd; }
    bool isTerminal() const { return m_terminal; }
    bool hasPending() const { return !m_buffer.isEmpty(); }

    // Printers append here directly; call flushIfFull() after a record.
    QByteArray &buffer() { return m_buffer; }
    void write(QByteArrayView bytes)
    {
        m_buffer.append(bytes.data(), bytes.size());
        flushIfFull();
    }
    void flushIfFull()
    {
        if (m_buffer.size() >= flushThreshold) {
            flush();
        }
    }
    void flush();

private:
    static constexpr qsizetype flushThreshold = 256 * 1024;

    int m_fd;
    bool m_terminal;
    bool m_broken = false; // the reader went away: drop output instead of failing each time
    QByteArray m_buffer;
};

} // namespace sse::tail
