// SPDX-License-Identifier: MIT
#include "roomlistmodel.h"

#include "connectionbanner.h"

using namespace Qt::StringLiterals;

namespace hibiki {

RoomListModel::RoomListModel(QObject *parent)
    : QAbstractListModel(parent)
{ }

int RoomListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rooms.size());
}

QVariant RoomListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const Entry &room = m_rooms.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole:
        return room.name;
    case Qt::ToolTipRole:
        return ConnectionBanner::describe(room.status);
    case Qt::AccessibleTextRole: {
        QStringList parts {room.name};
        if (room.unread > 0) {
            parts.append(tr("%n unread", nullptr, room.unread));
        }
        if (room.mentions > 0) {
            parts.append(tr("%n mention(s)", nullptr, room.mentions));
        }
        if (room.muted) {
            parts.append(tr("muted"));
        }
        parts.append(ConnectionBanner::describe(room.status));
        return parts.join(u", "_s);
    }
    case IdRole:
        return room.id;
    case UnreadRole:
        return room.unread;
    case MentionsRole:
        return room.mentions;
    case StateRole:
        return int(room.status.state);
    case MutedRole:
        return room.muted;
    case HostedRole:
        return room.hosted;
    default:
        return {};
    }
}

QHash<int, QByteArray> RoomListModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(IdRole, "roomId");
    names.insert(UnreadRole, "unread");
    names.insert(MentionsRole, "mentions");
    names.insert(StateRole, "state");
    names.insert(MutedRole, "muted");
    names.insert(HostedRole, "hosted");
    return names;
}

void RoomListModel::insertRoom(int row, const Entry &entry)
{
    row = qBound(0, row, rowCount());
    beginInsertRows({}, row, row);
    m_rooms.insert(row, entry);
    endInsertRows();
}

void RoomListModel::removeRoom(const QString &id)
{
    const int row = rowForId(id);
    if (row < 0) {
        return;
    }
    beginRemoveRows({}, row, row);
    m_rooms.removeAt(row);
    endRemoveRows();
}

template<typename Change>
void RoomListModel::update(const QString &id, Change change)
{
    const int row = rowForId(id);
    if (row < 0) {
        return;
    }
    change(m_rooms[row]);
    Q_EMIT dataChanged(index(row), index(row));
}

void RoomListModel::setName(const QString &id, const QString &name)
{
    update(id, [&](Entry &room) { room.name = name; });
}

void RoomListModel::setUnread(const QString &id, int unread, int mentions)
{
    update(id, [&](Entry &room) {
        room.unread = unread;
        room.mentions = mentions;
    });
}

void RoomListModel::setStatus(const QString &id, const ConnectionStatus &status)
{
    update(id, [&](Entry &room) { room.status = status; });
}

void RoomListModel::setMuted(const QString &id, bool muted)
{
    update(id, [&](Entry &room) { room.muted = muted; });
}

int RoomListModel::rowForId(const QString &id) const
{
    for (int row = 0; row < m_rooms.size(); ++row) {
        if (m_rooms.at(row).id == id) {
            return row;
        }
    }
    return -1;
}

QString RoomListModel::idAt(int row) const
{
    return row >= 0 && row < m_rooms.size() ? m_rooms.at(row).id : QString();
}

const RoomListModel::Entry *RoomListModel::entry(const QString &id) const
{
    const int row = rowForId(id);
    return row < 0 ? nullptr : &m_rooms.at(row);
}

int RoomListModel::totalUnread() const
{
    int total = 0;
    for (const Entry &room : m_rooms) {
        total += room.muted ? room.mentions : room.unread;
    }
    return total;
}

} // namespace hibiki
