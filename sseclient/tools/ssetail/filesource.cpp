// SPDX-License-Identifier: MIT
#include "filesource.h"

#include <sseclient/types.h>

#include <QFile>
#include <QSocketNotifier>
#include <QTimer>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace sse::tail {

namespace {

// Large reads keep the syscall count low; the parser still gets --chunk-size pieces.
constexpr qsizetype readBlockBytes = 256 * 1024;
// Blocks read from a regular file before the event loop gets a turn (timers, signals).
constexpr int blocksPerTurn = 16;

QString errnoText(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

} // namespace

FileSource::FileSource(const TailOptions &options, SourceSink &sink)
    : m_sink(sink)
    , m_path(options.sourceKind == SourceKind::File ? options.path : QString())
    , m_chunkSize(options.chunkSize)
    , m_parser(*this)
    , m_reconnectionTimeMs(Options().initialReconnectDelayMs)
{
    m_parser.setCommentsEnabled(options.comments);
}

FileSource::~FileSource()
{
    m_notifier.reset();
    if (m_ownsFd && m_fd >= 0) {
        ::close(m_fd);
    }
}

void FileSource::start()
{
    if (m_path.isEmpty()) {
        m_fd = STDIN_FILENO;
    } else {
        m_fd = ::open(QFile::encodeName(m_path).constData(), O_RDONLY | O_CLOEXEC);
        if (m_fd < 0) {
            finish(1, u"cannot open %1: %2"_s.arg(m_path, errnoText(errno)));
            return;
        }
        m_ownsFd = true;
    }
    struct stat info = {};
    if (::fstat(m_fd, &info) == 0 && S_ISDIR(info.st_mode)) {
        finish(1, u"%1 is a directory"_s.arg(m_path));
        return;
    }
    m_regularFile = S_ISREG(info.st_mode);
    m_readBuffer.resize(std::max(readBlockBytes, m_chunkSize));
    if (m_regularFile) {
        scheduleRead();
    } else {
        m_notifier = std::make_unique<QSocketNotifier>(m_fd, QSocketNotifier::Read);
        connect(m_notifier.get(), &QSocketNotifier::activated, this, &FileSource::readSome);
    }
}

void FileSource::stop()
{
    m_stopped = true;
    m_parser.interrupt();
    m_notifier.reset();
}

void FileSource::scheduleRead()
{
    QTimer::singleShot(0, this, &FileSource::readSome);
}

void FileSource::readSome()
{
    // A pipe or terminal is read once per notification, so a read never blocks.
    const int turns = m_regularFile ? blocksPerTurn : 1;
    for (int i = 0; i < turns && !m_stopped; ++i) {
        const ssize_t read = ::read(m_fd, m_readBuffer.data(), size_t(m_readBuffer.size()));
        if (read < 0) {
            if (errno == EINTR || errno == EAGAIN) {
                break;
            }
            finish(1,
                u"cannot read %1: %2"_s.arg(
                    m_path.isEmpty() ? u"standard input"_s : m_path, errnoText(errno)));
            return;
        }
        if (read == 0) {
            finish(0, QString()); // an unfinished event at the end is discarded, as specified
            return;
        }
        m_bytesReceived += read;
        feed(m_readBuffer.constData(), read);
    }
    if (m_regularFile && !m_stopped) {
        scheduleRead();
    }
}

void FileSource::feed(const char *data, qsizetype size)
{
    for (qsizetype offset = 0; offset < size && !m_stopped; offset += m_chunkSize) {
        m_parser.feed(QByteArrayView(data + offset, std::min(m_chunkSize, size - offset)));
    }
}

void FileSource::finish(int exitCode, const QString &reason)
{
    if (m_stopped) {
        return;
    }
    stop();
    m_sink.sourceFinished(exitCode, reason);
}

void FileSource::onEvent(const QString &type, const QString &data, const QString &lastEventId)
{
    if (!m_stopped) {
        m_sink.sourceEvent(type, data, lastEventId);
    }
}

void FileSource::onRetry(qint64 milliseconds)
{
    // Reported when the reconnection time changes, as for a URL source.
    if (!m_stopped && milliseconds != m_reconnectionTimeMs) {
        m_reconnectionTimeMs = milliseconds;
        m_sink.sourceRetry(milliseconds);
    }
}

void FileSource::onComment(const QString &text)
{
    if (!m_stopped) {
        m_sink.sourceComment(text);
    }
}

void FileSource::onError(ParseError error, const QString &message)
{
    Q_UNUSED(error);
    finish(1, u"the stream was refused: %1"_s.arg(message));
}

} // namespace sse::tail
