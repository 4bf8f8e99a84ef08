// SPDX-License-Identifier: MIT
#include "connectionbanner.h"
#include "endpointstatus.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

#include <cmath>

namespace hibiki {

namespace {

int secondsUntil(const QDateTime &when)
{
    const qint64 ms = QDateTime::currentDateTimeUtc().msecsTo(when);
    return ms <= 0 ? 0 : int(std::ceil(ms / 1000.0));
}

} // namespace

ConnectionBanner::ConnectionBanner(QWidget *parent)
    : QFrame(parent)
    , m_connectionRow(new QWidget(this))
    , m_storage(new QLabel(this))
    , m_text(new QLabel(m_connectionRow))
    , m_detail(new QLabel(m_connectionRow))
    , m_action(new QPushButton(m_connectionRow))
    , m_trust(new QPushButton(tr("Trust Certificate…"), m_connectionRow))
{
    setAutoFillBackground(true);
    setFrameShape(QFrame::NoFrame);
    setAccessibleName(tr("Connection status"));
    // Error texts can come from a server: never let a label read them as markup.
    m_text->setTextFormat(Qt::PlainText);
    m_detail->setTextFormat(Qt::PlainText);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_detail->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_detail->setWordWrap(true);
    QFont bold = m_text->font();
    bold.setBold(true);
    m_text->setFont(bold);
    m_action->setAutoDefault(false);
    m_action->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    m_trust->setAutoDefault(false);
    m_trust->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    m_trust->setAccessibleName(tr("Trust this server's certificate"));
    m_trust->hide();

    auto *layout = new QHBoxLayout(m_connectionRow);
    layout->setContentsMargins(12, 5, 8, 5);
    layout->setSpacing(10);
    layout->addWidget(m_text);
    layout->addWidget(m_detail, 1);
    layout->addWidget(m_trust);
    layout->addWidget(m_action);

    // The history line: the core's sentence may name a path, never markup.
    m_storage->setTextFormat(Qt::PlainText);
    m_storage->setWordWrap(true);
    m_storage->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_storage->setContentsMargins(12, 5, 8, 5);
    m_storage->setAutoFillBackground(true);
    m_storage->setAccessibleName(tr("History cannot be saved"));
    m_storage->hide();
    auto *rows = new QVBoxLayout(this);
    rows->setContentsMargins(0, 0, 0, 0);
    rows->setSpacing(0);
    rows->addWidget(m_connectionRow);
    rows->addWidget(m_storage);

    connect(m_action, &QPushButton::clicked, this, &ConnectionBanner::retryRequested);
    connect(m_trust, &QPushButton::clicked, this, [this] { Q_EMIT trustRequested(m_untrusted); });
    m_countdown.setInterval(1000);
    connect(&m_countdown, &QTimer::timeout, this, &ConnectionBanner::refresh);
    m_hide.setSingleShot(true);
    m_hide.setInterval(ConnectedShownMs);
    connect(&m_hide, &QTimer::timeout, this, [this] {
        m_connectionFolded = true;
        updateVisibility();
    });
    refresh();
}

void ConnectionBanner::setStatus(const ConnectionStatus &status)
{
    m_status = status;
    refresh();
    if (status.state == ConnectionStatus::State::Connected) {
        m_hide.start();
    } else {
        m_hide.stop();
        m_connectionFolded = false;
    }
    updateVisibility();
}

void ConnectionBanner::setStorageProblem(const QString &problem)
{
    m_storageProblem = problem;
    m_storage->setText(storageText());
    m_storage->setAccessibleDescription(storageText());
    // Red over the window colour, like "Disconnected": something is wrong until it clears.
    const QColor window = parentWidget() ? parentWidget()->palette().color(QPalette::Window)
                                         : palette().color(QPalette::Window);
    const QColor tone(210, 60, 50);
    const qreal amount = 0.22;
    QPalette tinted = m_storage->palette();
    tinted.setColor(QPalette::Window,
        QColor::fromRgbF(window.redF() * (1 - amount) + tone.redF() * amount,
            window.greenF() * (1 - amount) + tone.greenF() * amount,
            window.blueF() * (1 - amount) + tone.blueF() * amount));
    m_storage->setPalette(tinted);
    updateVisibility();
}

QString ConnectionBanner::storageText() const
{
    if (m_storageProblem.isEmpty()) {
        return {};
    }
    return tr("History cannot be saved. %1 Messages are kept in memory until it can.")
        .arg(m_storageProblem);
}

void ConnectionBanner::updateVisibility()
{
    m_storage->setVisible(!m_storageProblem.isEmpty());
    m_connectionRow->setVisible(!m_connectionFolded);
    setVisible(!m_connectionFolded || !m_storageProblem.isEmpty());
}

void ConnectionBanner::setUntrustedCertificate(const QByteArray &sha256)
{
    m_untrusted = sha256;
    m_trust->setVisible(!sha256.isEmpty());
}

QString ConnectionBanner::describe(const ConnectionStatus &status)
{
    if (const QString node = describeEndpointStatus(status); !node.isEmpty()) {
        return node;
    }
    switch (status.state) {
    case ConnectionStatus::State::Connecting:
        return tr("Connecting…");
    case ConnectionStatus::State::Connected:
        return tr("Connected");
    case ConnectionStatus::State::Reconnecting: {
        const int seconds = secondsUntil(status.nextRetry);
        if (seconds == 0) {
            return tr("Reconnecting (attempt %1)…").arg(status.attempt);
        }
        return tr("Reconnecting in %n s (attempt %1)", nullptr, seconds).arg(status.attempt);
    }
    case ConnectionStatus::State::Disconnected:
        break;
    }
    return status.reason.isEmpty() ? tr("Disconnected") : tr("Disconnected: %1").arg(status.reason);
}

QString ConnectionBanner::text() const
{
    return m_text->text();
}

QString ConnectionBanner::detail() const
{
    return m_detail->text();
}

void ConnectionBanner::refresh()
{
    m_text->setText(describe(m_status));
    const bool reconnecting = m_status.state == ConnectionStatus::State::Reconnecting;
    m_detail->setText(reconnecting ? m_status.reason : QString());
    m_detail->setVisible(reconnecting && !m_status.reason.isEmpty());
    switch (m_status.state) {
    case ConnectionStatus::State::Connecting:
        setTone(QColor(230, 170, 20));
        m_action->hide();
        m_countdown.stop();
        break;
    case ConnectionStatus::State::Connected:
        setTone(QColor(40, 170, 80));
        m_action->hide();
        m_countdown.stop();
        break;
    case ConnectionStatus::State::Reconnecting:
        setTone(QColor(230, 170, 20));
        m_action->setText(tr("Retry now"));
        m_action->setAccessibleName(tr("Retry now"));
        m_action->show();
        if (!m_countdown.isActive()) {
            m_countdown.start();
        }
        break;
    case ConnectionStatus::State::Disconnected:
        setTone(QColor(210, 60, 50));
        m_action->setText(tr("Connect"));
        m_action->setAccessibleName(tr("Connect"));
        m_action->show();
        m_countdown.stop();
        break;
    }
    setAccessibleDescription(m_text->text());
}

void ConnectionBanner::setTone(const QColor &tone)
{
    // A tint of the tone over the window colour: readable in light and dark palettes.
    QPalette palette = this->palette();
    const QColor window = parentWidget() ? parentWidget()->palette().color(QPalette::Window)
                                         : palette.color(QPalette::Window);
    const qreal amount = 0.22;
    palette.setColor(QPalette::Window,
        QColor::fromRgbF(window.redF() * (1 - amount) + tone.redF() * amount,
            window.greenF() * (1 - amount) + tone.greenF() * amount,
            window.blueF() * (1 - amount) + tone.blueF() * amount));
    setPalette(palette);
}

} // namespace hibiki
