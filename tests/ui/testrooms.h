// SPDX-License-Identifier: MIT
#pragma once

#include <shell/roomconfig.h>
#include <shell/rooms.h>

#include <QTemporaryDir>

#include <memory>

namespace hibiki::test {

// Rooms for a test: their list, histories and hosted rooms' data in a fresh temporary place
// (XDG_CONFIG_HOME and XDG_DATA_HOME point there), drafts not kept, rooms hosted on a free
// port (never the real 8787: tests run side by side).
inline std::unique_ptr<Rooms> makeTestRooms(
    const QTemporaryDir &dir, std::unique_ptr<RoomConfigStore> &store, const QString &user)
{
    using namespace Qt::StringLiterals;
    qputenv("XDG_DATA_HOME", dir.filePath(u"data"_s).toLocal8Bit());
    qputenv("XDG_CONFIG_HOME", dir.filePath(u"config"_s).toLocal8Bit());
    store = std::make_unique<RoomConfigStore>(dir.filePath(u"config"_s));
    Rooms::Options options;
    options.userOverride = user;
    options.keepDrafts = false;
    options.defaultHostPort = 0;
    return std::make_unique<Rooms>(store.get(), options);
}

} // namespace hibiki::test
