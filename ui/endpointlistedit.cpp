// SPDX-License-Identifier: MIT
#include "endpointlistedit.h"

#include <shell/commandline.h>

#include <QLabel>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace hibiki {

namespace {

const QString SubPath = u"/sub/"_s;

// The base address of an nchan node from its stream URL (".../sub/<channel>").
QUrl nchanBase(QUrl streamUrl)
{
    const QString path = streamUrl.path();
    const qsizetype sub = path.lastIndexOf(SubPath);
    streamUrl.setPath(sub >= 0 ? path.left(sub) : path);
    return streamUrl;
}

QString nchanChannel(const QUrl &streamUrl)
{
    const QString path = streamUrl.path();
    const qsizetype sub = path.lastIndexOf(SubPath);
    return sub >= 0 ? path.mid(sub + SubPath.size()) : QString();
}

} // namespace

EndpointListEdit::EndpointListEdit(QWidget *parent)
    : QPlainTextEdit(parent)
    , m_label(new QLabel(tr("More &nodes:"), parent))
{
    m_label->setBuddy(this);
    setAccessibleName(tr("More nodes"));
    setPlaceholderText(tr("optional: other nginx nodes sharing the channel through Redis, "
                          "one per line, e.g. https://node-b.example.org"));
    setToolTip(tr("When the node in use fails, the room moves to the next one in this list "
                  "and resumes where it was."));
    setTabChangesFocus(true);
    setLineWrapMode(QPlainTextEdit::NoWrap);
    // Three lines are enough to see that there is a list.
    setFixedHeight(fontMetrics().lineSpacing() * 3 + 2 * (frameWidth() + 4));
    connect(this, &QPlainTextEdit::textChanged, this, &EndpointListEdit::changed);
}

void EndpointListEdit::setShown(bool shown)
{
    m_shown = shown;
    setVisible(shown);
    m_label->setVisible(shown);
}

QList<QUrl> EndpointListEdit::nodes(QString *error) const
{
    static const QRegularExpression separators(u"[\\s,]+"_s);
    QList<QUrl> nodes;
    const QStringList items = toPlainText().split(separators, Qt::SkipEmptyParts);
    for (qsizetype i = 0; i < items.size(); ++i) {
        QString problem;
        const QUrl url = CommandLine::parseServerUrl(items.at(i), &problem);
        if (url.isEmpty()) {
            if (error) {
                // The main address is node 1; this list starts at node 2.
                *error = tr("Node %1 \"%2\": %3").arg(i + 2).arg(items.at(i), problem);
            }
            return {};
        }
        nodes.append(url);
    }
    return nodes;
}

void EndpointListEdit::setNodes(const QList<QUrl> &nodes)
{
    QStringList lines;
    for (const QUrl &url : nodes) {
        lines.append(url.toString());
    }
    setPlainText(lines.join(u'\n'));
}

QString EndpointListEdit::problem() const
{
    QString error;
    if (m_shown) {
        nodes(&error);
    }
    return error;
}

void EndpointListEdit::applyTo(Profile &profile, const Profile &original) const
{
    if (profile.preset != Profile::Preset::Nchan) {
        profile.fallbackEndpoints
            = profile.preset == original.preset ? original.fallbackEndpoints : QList<Endpoint>();
        return;
    }
    profile.fallbackEndpoints.clear();
    const QString channel = nchanChannel(profile.streamUrl);
    for (const QUrl &node : nodes()) {
        const Profile onNode = Profile::nchanChannel(node, channel);
        profile.fallbackEndpoints.append({onNode.streamUrl, onNode.postUrl});
    }
}

void EndpointListEdit::showNodesOf(const Profile &profile)
{
    QList<QUrl> bases;
    for (const Endpoint &endpoint : profile.fallbackEndpoints) {
        bases.append(nchanBase(endpoint.streamUrl));
    }
    setNodes(bases);
}

} // namespace hibiki
