// SPDX-License-Identifier: MIT
#pragma once

#include <core/chatsession.h>

#include <QAbstractListModel>

namespace hibiki {

// The rooms in the side list: name, unread and mention counts, connection state, muted.
class RoomListModel : public QAbstractListModel
{
    Q_OBJECT

public:
    enum Role {
        IdRole = Qt::UserRole + 1,
        UnreadRole, // int
        MentionsRole, // int
        StateRole, // ConnectionStatus::State, as int
        MutedRole, // bool
        HostedRole, // bool
    };

    struct Entry
    {
        QString id;
        QString name;
        int unread = 0;
        int mentions = 0;
        ConnectionStatus status;
        bool muted = false;
        bool hosted = false;
    };

    explicit RoomListModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    void addRoom(const Entry &entry) { insertRoom(rowCount(), entry); }
    void insertRoom(int row, const Entry &entry);
    void removeRoom(const QString &id);
    void setName(const QString &id, const QString &name);
    void setUnread(const QString &id, int unread, int mentions);
    void setStatus(const QString &id, const ConnectionStatus &status);
    void setMuted(const QString &id, bool muted);

    int rowForId(const QString &id) const;
    QString idAt(int row) const;
    const Entry *entry(const QString &id) const;
    int totalUnread() const; // of rooms that are not muted, plus all mentions

private:
    template<typename Change>
    void update(const QString &id, Change change);

    QList<Entry> m_rooms;
};

} // namespace hibiki
