// SPDX-License-Identifier: MIT
// The rooms' network managers: one per room on HTTP/1.1, so that no stream and no post
// waits behind another room's stream; shared on an origin known to speak HTTP/2, within a
// limit and only between rooms that trust the same certificates; freed with the last room.
#include <shell/networkpool.h>

#include <QNetworkAccessManager>
#include <QNetworkCookie>
#include <QNetworkCookieJar>
#include <QPointer>

#include <gtest/gtest.h>

using namespace Qt::StringLiterals;
using hibiki::NetworkPool;

namespace {

const QUrl host(u"http://chat.example.org/sub/lobby"_s);

TEST(NetworkPool, EveryRoomOnAnHttp11HostHasAManagerOfItsOwn)
{
    NetworkPool pool;
    auto first = pool.acquire(host);
    auto second = pool.acquire(QUrl(u"http://chat.example.org/sub/other"_s));
    ASSERT_NE(first, nullptr);
    ASSERT_NE(second, nullptr);
    EXPECT_NE(first, second);
    EXPECT_EQ(pool.managerCount(), 2);
    EXPECT_FALSE(pool.isHttp2(first.get()));
    // Not the manager of one-off requests either.
    EXPECT_NE(pool.oneOffManager(), first.get());
    EXPECT_NE(pool.oneOffManager(), second.get());
}

TEST(NetworkPool, TheLastRoomToLetGoFreesTheManager)
{
    NetworkPool pool;
    auto room = pool.acquire(host);
    const QPointer<QNetworkAccessManager> manager = room.get();
    auto sharing = room; // a second holder, as rooms sharing an HTTP/2 connection are
    room.reset();
    EXPECT_FALSE(manager.isNull());
    EXPECT_EQ(pool.managerCount(), 1);
    sharing.reset();
    EXPECT_TRUE(manager.isNull());
    EXPECT_EQ(pool.managerCount(), 0);
}

TEST(NetworkPool, RoomsOfAnOriginKnownToSpeakHttp2ShareItsManager)
{
    NetworkPool pool;
    const QUrl secure(u"https://chat.example.org/sub/lobby"_s);
    auto first = pool.acquire(secure);
    pool.noteHttp2(first.get());
    EXPECT_TRUE(pool.isHttp2(first.get()));

    // Same origin (another path, the default port written out): shared.
    EXPECT_EQ(pool.acquire(QUrl(u"https://CHAT.example.org:443/sub/other"_s)), first);
    // Another port, another scheme or another host: an origin of its own.
    EXPECT_NE(pool.acquire(QUrl(u"https://chat.example.org:8443/sub/lobby"_s)), first);
    EXPECT_NE(pool.acquire(QUrl(u"http://chat.example.org/sub/lobby"_s)), first);
    EXPECT_NE(pool.acquire(QUrl(u"https://other.example.org/sub/lobby"_s)), first);
}

TEST(NetworkPool, OnlyRoomsTrustingTheSameCertificatesShareAConnection)
{
    NetworkPool pool;
    const QUrl secure(u"https://127.0.0.1:8443/sub/lobby"_s);
    const QString pin = QString(64, u'a');
    auto pinned = pool.acquire(secure, {pin});
    pool.noteHttp2(pinned.get());
    // A room that does not trust that certificate must not ride on its connection.
    auto unpinned = pool.acquire(secure);
    EXPECT_NE(unpinned, pinned);
    // The same pin, written the way a user pastes it, shares.
    QString pasted;
    for (int i = 0; i < 64; i += 2) {
        pasted += (i > 0 ? u":"_s : QString()) + u"AA"_s;
    }
    EXPECT_EQ(pool.acquire(secure, {pasted}), pinned);
}

TEST(NetworkPool, AnHttp2ManagerTakesAtMostItsShareOfRooms)
{
    NetworkPool pool;
    const QUrl secure(u"https://chat.example.org/sub/lobby"_s);
    std::vector<std::shared_ptr<QNetworkAccessManager>> rooms;
    rooms.push_back(pool.acquire(secure));
    pool.noteHttp2(rooms.front().get());
    for (int i = 1; i < NetworkPool::MaxRoomsPerHttp2Manager; ++i) {
        rooms.push_back(pool.acquire(secure));
        EXPECT_EQ(rooms.back(), rooms.front());
    }
    // The next room gets a manager (and so a connection) of its own.
    rooms.push_back(pool.acquire(secure));
    EXPECT_NE(rooms.back(), rooms.front());
    EXPECT_EQ(pool.managerCount(), 2);
    // A room leaving the full one makes space again.
    rooms.erase(rooms.begin() + 1);
    EXPECT_EQ(pool.acquire(secure), rooms.front());
}

TEST(NetworkPool, EveryRoomSharesOneCookieJarAsWithOneManager)
{
    NetworkPool pool;
    auto first = pool.acquire(host);
    auto second = pool.acquire(QUrl(u"http://other.example.org/"_s));
    EXPECT_EQ(first->cookieJar(), second->cookieJar());
    EXPECT_EQ(pool.oneOffManager()->cookieJar(), first->cookieJar());
    // A manager that outlives the pool keeps a jar of its own, not a dangling one.
    auto pool2 = std::make_unique<NetworkPool>();
    auto survivor = pool2->acquire(host);
    pool2.reset();
    ASSERT_NE(survivor->cookieJar(), nullptr);
    EXPECT_TRUE(survivor->cookieJar()->cookiesForUrl(host).isEmpty());
}

} // namespace
