// SPDX-License-Identifier: MIT
#include "socketwrite.h"

#include <QTcpSocket>

#ifdef Q_OS_LINUX
#include <cerrno>
#include <sys/socket.h>
#include <sys/types.h>
#endif

namespace hibiki::net {

void write(QTcpSocket *socket, QByteArrayView bytes)
{
    if (bytes.isEmpty())
        return;
#if defined(Q_OS_LINUX) && defined(MSG_NOSIGNAL)
    // Only with an empty queue: bytes sent now must not overtake bytes Qt still holds.
    if (socket->bytesToWrite() == 0 && socket->state() == QAbstractSocket::ConnectedState) {
        const int fd = int(socket->socketDescriptor());
        while (fd >= 0 && !bytes.isEmpty()) {
            const ssize_t sent
                = ::send(fd, bytes.data(), size_t(bytes.size()), MSG_NOSIGNAL | MSG_DONTWAIT);
            if (sent > 0)
                bytes = bytes.sliced(qsizetype(sent));
            else if (!(sent < 0 && errno == EINTR))
                break; // full (EAGAIN) or failed: QTcpSocket takes over below
        }
        if (bytes.isEmpty())
            return;
    }
#endif
    socket->write(bytes.data(), bytes.size());
}

} // namespace hibiki::net
