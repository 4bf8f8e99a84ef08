// SPDX-License-Identifier: MIT
// Runs GoogleTest inside a QApplication: widget tests need one (run them with
// QT_QPA_PLATFORM=offscreen).
#include <QApplication>

#include <gtest/gtest.h>

namespace {

QtMessageHandler defaultHandler = nullptr;

// The offscreen platform warns about every top-level window's size hints; that says nothing
// about the code under test and buries what does.
void filterMessages(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (message.contains(QLatin1String("does not support propagateSizeHints"))) {
        return;
    }
    defaultHandler(type, context, message);
}

} // namespace

int main(int argc, char **argv)
{
    defaultHandler = qInstallMessageHandler(filterMessages);
    // Headless unless told otherwise: CTest also runs the binary (to list its tests)
    // without the environment it gives the tests themselves.
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM")) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
    }
    QApplication app(argc, argv);
    // The same look on every machine, so that sizes measured in tests do not depend on the
    // desktop the tests run on.
    QApplication::setStyle(QStringLiteral("Fusion"));
    ::testing::InitGoogleTest(&argc, argv);
    const int result = RUN_ALL_TESTS();
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    return result;
}
