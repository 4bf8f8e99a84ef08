// SPDX-License-Identifier: MIT
#include "outputwriter.h"

#include <cerrno>
#include <unistd.h>

namespace sse::tail {

OutputWriter::OutputWriter(int fd)
    : m_fd(fd)
    , m_terminal(::isatty(fd) == 1)
{
    m_buffer.reserve(flushThreshold + 64 * 1024);
}

OutputWriter::~OutputWriter()
{
    flush();
}

void OutputWriter::flush()
{
    const char *data = m_buffer.constData();
    qsizetype left = m_buffer.size();
    while (left > 0 && !m_broken) {
        const ssize_t written = ::write(m_fd, data, size_t(left));
        if (written < 0) {
            if (errno == EINTR) {
                continue;
            }
            m_broken = true; // EPIPE (when SIGPIPE is ignored), ENOSPC...: nowhere to write
            break;
        }
        data += written;
        left -= written;
    }
    m_buffer.resize(0); // keeps the capacity
}

} // namespace sse::tail
