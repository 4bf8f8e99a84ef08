// SPDX-License-Identifier: MIT
// sse-bench-server: a loopback HTTP server that answers every GET with an event stream
// written as fast as the socket drains, then closes. The load generator of run_e2e.sh.
//
//   sse-bench-server [--port P] [--size BYTES] [--count N] [--max-connections N]
//                    [--exit-after SECONDS]
//
// Prints the port it listens on (127.0.0.1) as the first line of stdout. Each request
// may override the defaults with a query: GET /?size=4096&count=250000.
// Plain POSIX sockets and one thread per connection: the server must cost as little CPU
// as possible, since it shares the machine's cores with the client being measured.
#include <algorithm>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {

constexpr std::size_t blockBytes = 1 << 20; // one pre-built block of whole events

struct StreamSpec
{
    long long dataBytes = 64;
    long long count = 1000000;
};

bool parseNumber(std::string_view text, long long &value)
{
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    return error == std::errc() && end == text.data() + text.size() && value >= 0;
}

// One event: "id: 00000042\nevent: message\ndata: <dataBytes>\n\n". Every event of a
// stream has the same size, so a block of them can be written again and again.
std::string buildEvent(long long id, long long dataBytes)
{
    char idText[16];
    std::snprintf(idText, sizeof idText, "%08lld", id % 100000000);
    std::string event = "id: ";
    event += idText;
    event += "\nevent: message\ndata: ";
    static const std::string_view alphabet = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ";
    for (long long i = 0; i < dataBytes; ++i) {
        event += alphabet[std::size_t(i + id) % alphabet.size()];
    }
    event += "\n\n";
    return event;
}

bool sendAll(int fd, const char *data, std::size_t size)
{
    while (size > 0) {
        const ssize_t sent = ::send(fd, data, size, MSG_NOSIGNAL);
        if (sent < 0) {
            if (errno == EINTR) {
                continue;
            }
            return false; // the client went away (it had enough events)
        }
        data += sent;
        size -= std::size_t(sent);
    }
    return true;
}

// Reads the request head; returns the request target ("/?size=64") or "" on failure.
std::string readRequestTarget(int fd, std::string &method)
{
    std::string head;
    char buffer[4096];
    while (head.find("\r\n\r\n") == std::string::npos) {
        if (head.size() > 64 * 1024) {
            return {};
        }
        const ssize_t got = ::recv(fd, buffer, sizeof buffer, 0);
        if (got <= 0) {
            if (got < 0 && errno == EINTR) {
                continue;
            }
            return {};
        }
        head.append(buffer, std::size_t(got));
    }
    const std::size_t methodEnd = head.find(' ');
    const std::size_t targetEnd = head.find(' ', methodEnd + 1);
    if (methodEnd == std::string::npos || targetEnd == std::string::npos) {
        return {};
    }
    method = head.substr(0, methodEnd);
    return head.substr(methodEnd + 1, targetEnd - methodEnd - 1);
}

StreamSpec specFor(std::string_view target, StreamSpec spec)
{
    const std::size_t query = target.find('?');
    if (query == std::string_view::npos) {
        return spec;
    }
    std::string_view rest = target.substr(query + 1);
    while (!rest.empty()) {
        const std::size_t amp = rest.find('&');
        const std::string_view pair = rest.substr(0, amp);
        rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
        const std::size_t eq = pair.find('=');
        if (eq == std::string_view::npos) {
            continue;
        }
        long long value = 0;
        if (!parseNumber(pair.substr(eq + 1), value)) {
            continue;
        }
        if (pair.substr(0, eq) == "size") {
            spec.dataBytes = std::clamp(value, 1LL, 1LL << 20);
        } else if (pair.substr(0, eq) == "count") {
            spec.count = value;
        }
    }
    return spec;
}

void serve(int fd, StreamSpec defaults)
{
    std::string method;
    const std::string target = readRequestTarget(fd, method);
    if (target.empty()) {
        ::close(fd);
        return;
    }
    if (method != "GET") {
        const std::string_view refusal = "HTTP/1.1 405 Method Not Allowed\r\nContent-Length: "
                                         "0\r\nConnection: close\r\n\r\n";
        sendAll(fd, refusal.data(), refusal.size());
        ::close(fd);
        return;
    }
    const StreamSpec spec = specFor(target, defaults);

    // A block of whole events, about blockBytes long, written count / perBlock times.
    std::string block;
    long long perBlock = 0;
    while (perBlock < spec.count && (block.size() < blockBytes || perBlock == 0)) {
        block += buildEvent(perBlock + 1, spec.dataBytes);
        ++perBlock;
    }
    const std::size_t eventBytes = perBlock > 0 ? block.size() / std::size_t(perBlock) : 0;

    const std::string_view head = "HTTP/1.1 200 OK\r\n"
                                  "Content-Type: text/event-stream\r\n"
                                  "Cache-Control: no-cache\r\n"
                                  "Connection: close\r\n\r\n";
    bool ok = sendAll(fd, head.data(), head.size());
    for (long long left = spec.count; ok && left > 0; left -= perBlock) {
        const long long events = std::min(left, perBlock);
        ok = sendAll(fd, block.data(), std::size_t(events) * eventBytes);
    }
    ::shutdown(fd, SHUT_WR);
    ::close(fd);
}

void usage()
{
    std::fputs("usage: sse-bench-server [--port P] [--size BYTES] [--count N] "
               "[--max-connections N] [--exit-after SECONDS]\n",
        stderr);
}

} // namespace

int main(int argc, char **argv)
{
    StreamSpec defaults;
    long long port = 0;
    long long maxConnections = -1;
    long long exitAfterSeconds = 0;
    for (int i = 1; i < argc; ++i) {
        const std::string_view option = argv[i];
        long long value = 0;
        if (option == "--help" || option == "-h") {
            usage();
            return 0;
        }
        if (i + 1 >= argc || !parseNumber(argv[i + 1], value)) {
            usage();
            return 2;
        }
        ++i;
        if (option == "--port" && value <= 65535) {
            port = value;
        } else if (option == "--size" && value >= 1 && value <= (1 << 20)) {
            defaults.dataBytes = value;
        } else if (option == "--count") {
            defaults.count = value;
        } else if (option == "--max-connections" && value >= 1) {
            maxConnections = value;
        } else if (option == "--exit-after" && value >= 1) {
            exitAfterSeconds = value;
        } else {
            usage();
            return 2;
        }
    }
    if (exitAfterSeconds > 0) {
        // A safety net for scripts and tests: the server never outlives them for long.
        std::signal(SIGALRM, SIG_DFL);
        ::alarm(unsigned(exitAfterSeconds));
    }

    const int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    const int yes = 1;
    ::setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    sockaddr_in address = {};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(std::uint16_t(port));
    if (listener < 0
        || ::bind(listener, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0
        || ::listen(listener, 64) != 0) {
        std::fprintf(stderr, "sse-bench-server: cannot listen: %s\n", std::strerror(errno));
        return 1;
    }
    socklen_t length = sizeof address;
    ::getsockname(listener, reinterpret_cast<sockaddr *>(&address), &length);
    std::printf("%d\n", ntohs(address.sin_port));
    std::fflush(stdout);

    std::vector<std::thread> threads;
    for (long long served = 0; maxConnections < 0 || served < maxConnections; ++served) {
        const int fd = ::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EINTR) {
                --served;
                continue;
            }
            break;
        }
        threads.emplace_back(serve, fd, defaults);
        // Finished threads are joined as we go so that a long run does not pile them up.
        if (threads.size() > 16) {
            threads.front().join();
            threads.erase(threads.begin());
        }
    }
    for (std::thread &thread : threads) {
        thread.join();
    }
    ::close(listener);
    return 0;
}
