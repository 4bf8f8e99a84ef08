// SPDX-License-Identifier: MIT
#pragma once

#include <core/profile.h>

#include <QList>
#include <QPlainTextEdit>
#include <QUrl>

class QLabel;

namespace hibiki {

// "More nodes" of an nchan channel in the Add Room dialog: further nginx + nchan nodes that
// share the channel through Redis, one address per line (commas and spaces separate them
// too). Each becomes an endpoint of the room for the same channel, tried in order after the
// dialog's main address when the one in use fails.
class EndpointListEdit : public QPlainTextEdit
{
    Q_OBJECT

public:
    explicit EndpointListEdit(QWidget *parent = nullptr);

    // Its label in a form ("More nodes:"), shown and hidden with it.
    QLabel *label() const { return m_label; }
    void setShown(bool shown);

    // The addresses as typed. On the first one that is not a server address: what is
    // wrong, in words, in `*error` (numbered as a node: the main address is node 1).
    QList<QUrl> nodes(QString *error = nullptr) const;
    void setNodes(const QList<QUrl> &nodes);
    // What is wrong with the list, for the dialog; empty when it is fine or hidden.
    QString problem() const;

    // The room's further endpoints from the list: for an nchan profile, one per node for
    // its channel; for other presets the ones `original` had (hand-written in the room
    // list file), kept while the preset stays the same.
    void applyTo(Profile &profile, const Profile &original) const;
    // Fills the list from a room being edited: its further nodes' base addresses.
    void showNodesOf(const Profile &profile);

Q_SIGNALS:
    void changed();

private:
    QLabel *m_label;
    bool m_shown = true;
};

} // namespace hibiki
