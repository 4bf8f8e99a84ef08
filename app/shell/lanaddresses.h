// SPDX-License-Identifier: MIT
#pragma once

#include <QHostAddress>
#include <QList>
#include <QString>

namespace hibiki {

// The addresses other computers may reach this one at, best first, for an invite link to a
// room hosted here. Loopback, link-local and addresses of interfaces that are down are
// left out; a home or office network's private IPv4 address (192.168.x.x, 10.x.x.x,
// 172.16-31.x.x) comes first, then other IPv4 addresses (a VPN's 100.64/10 after public
// ones), then IPv6 (unique local before global); addresses of virtual interfaces (Docker,
// libvirt, VirtualBox, VMware, containers' bridges) and of VPN tunnels come after those of
// real network cards.
class LanAddresses
{
public:
    struct Candidate
    {
        QString interfaceName;
        QHostAddress address;
        bool up = true; // the interface is up and running
        bool loopback = false;
        bool virtualInterface = false; // the system says so (QNetworkInterface::Virtual)
    };

    // Every address of this computer's interfaces.
    static QList<Candidate> ofThisComputer();
    // The usable ones of `candidates`, best first, each once.
    static QList<QHostAddress> ranked(const QList<Candidate> &candidates);
    // ranked(ofThisComputer()).
    static QList<QHostAddress> best();
};

} // namespace hibiki
