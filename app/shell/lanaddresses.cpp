// SPDX-License-Identifier: MIT
#include "lanaddresses.h"

#include <QNetworkInterface>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace hibiki {

namespace {

// Interfaces that belong to virtual machines, containers and their bridges: another
// computer on the user's network cannot reach these addresses.
bool looksVirtual(const QString &name)
{
    static const QStringList prefixes {u"docker"_s, u"br-"_s, u"veth"_s, u"virbr"_s, u"vboxnet"_s,
        u"vmnet"_s, u"lxc"_s, u"lxd"_s, u"podman"_s, u"cni"_s, u"flannel"_s, u"kube"_s, u"cali"_s,
        u"vnet"_s};
    return std::any_of(prefixes.begin(), prefixes.end(),
        [&](const QString &prefix) { return name.startsWith(prefix, Qt::CaseInsensitive); });
}

// VPN tunnels: reachable by the VPN's members only, which may well be who is invited, but
// the local network comes first.
bool looksLikeTunnel(const QString &name)
{
    static const QStringList prefixes {
        u"tun"_s, u"tap"_s, u"wg"_s, u"tailscale"_s, u"zt"_s, u"ppp"_s, u"utun"_s};
    return std::any_of(prefixes.begin(), prefixes.end(),
        [&](const QString &prefix) { return name.startsWith(prefix, Qt::CaseInsensitive); });
}

bool inSubnet(const QHostAddress &address, const char *subnet)
{
    return address.isInSubnet(QHostAddress::parseSubnet(QString::fromLatin1(subnet)));
}

// Lower is better; -1: not usable for others.
int addressRank(const QHostAddress &address)
{
    if (address.isNull() || address.isLoopback() || address.isLinkLocal() || address.isMulticast()
        || address.isBroadcast() || address == QHostAddress(QHostAddress::AnyIPv4)
        || address == QHostAddress(QHostAddress::AnyIPv6)) {
        return -1;
    }
    if (address.protocol() == QAbstractSocket::IPv4Protocol) {
        if (inSubnet(address, "10.0.0.0/8") || inSubnet(address, "172.16.0.0/12")
            || inSubnet(address, "192.168.0.0/16")) {
            return 0; // private use (RFC 1918): the usual home or office network
        }
        if (inSubnet(address, "100.64.0.0/10")) {
            return 2; // carrier-grade NAT, or a mesh VPN (Tailscale)
        }
        return 1;
    }
    if (address.isUniqueLocalUnicast()) {
        return 3;
    }
    if (address.isGlobal()) {
        return 4;
    }
    return -1; // site-local and other IPv6 scopes
}

} // namespace

QList<LanAddresses::Candidate> LanAddresses::ofThisComputer()
{
    QList<Candidate> candidates;
    for (const QNetworkInterface &interface : QNetworkInterface::allInterfaces()) {
        const QNetworkInterface::InterfaceFlags flags = interface.flags();
        for (const QNetworkAddressEntry &entry : interface.addressEntries()) {
            Candidate candidate;
            candidate.interfaceName = interface.name();
            candidate.address = entry.ip();
            candidate.up = flags.testFlag(QNetworkInterface::IsUp)
                && flags.testFlag(QNetworkInterface::IsRunning);
            candidate.loopback = flags.testFlag(QNetworkInterface::IsLoopBack);
            candidate.virtualInterface = interface.type() == QNetworkInterface::Virtual;
            candidates.append(candidate);
        }
    }
    return candidates;
}

QList<QHostAddress> LanAddresses::ranked(const QList<Candidate> &candidates)
{
    struct Ranked
    {
        int rank;
        QHostAddress address;
    };
    QList<Ranked> usable;
    for (const Candidate &candidate : candidates) {
        int rank = addressRank(candidate.address);
        if (rank < 0 || !candidate.up || candidate.loopback) {
            continue;
        }
        if (candidate.virtualInterface || looksVirtual(candidate.interfaceName)) {
            rank += 20;
        } else if (looksLikeTunnel(candidate.interfaceName)) {
            rank += 10;
        }
        QHostAddress address = candidate.address;
        address.setScopeId({}); // a URL has no room for it
        const bool seen = std::any_of(usable.begin(), usable.end(),
            [&](const Ranked &other) { return other.address == address; });
        if (!seen) {
            usable.append({rank, address});
        }
    }
    std::stable_sort(usable.begin(), usable.end(),
        [](const Ranked &a, const Ranked &b) { return a.rank < b.rank; });
    QList<QHostAddress> addresses;
    for (const Ranked &entry : usable) {
        addresses.append(entry.address);
    }
    return addresses;
}

QList<QHostAddress> LanAddresses::best()
{
    return ranked(ofThisComputer());
}

} // namespace hibiki
