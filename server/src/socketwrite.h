// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArrayView>

class QTcpSocket;

namespace hibiki::net {

// Writes `bytes` to `socket` in order after anything it still has queued. When its queue
// is empty (the usual case) the bytes go to the kernel at once in one send(), and only
// what the kernel does not take is left to QTcpSocket's buffer.
//
// Why not QTcpSocket::write() alone: it queues and enables the socket's write notifier,
// flushes on the next event-loop turn, then disables the notifier again. Under the GLib
// event dispatcher (the default on Linux) each enable/disable also wakes the loop through
// its eventfd, so one 500-byte frame cost five syscalls and an extra loop turn (polling
// every socket) instead of one send(). Errors are left to QTcpSocket: on a failed send()
// the bytes go to its buffer, its own write fails the same way and reports it as always
// (errorOccurred, disconnected).
//
// Bytes sent directly do not emit QIODevice::bytesWritten: callers that pace on it must
// look at bytesToWrite() after the call.
void write(QTcpSocket *socket, QByteArrayView bytes);

} // namespace hibiki::net
