// SPDX-License-Identifier: MIT
// Runs the fuzz target's invariant over every committed corpus file, so that inputs the
// fuzzer once found (and the seeds) are checked by every ordinary build.
#include "parser_invariant.h"
#include "retryafter_invariant.h"

#include <QDir>
#include <QFile>

#include <gtest/gtest.h>

TEST(FuzzCorpus, EveryFileKeepsTheParserInvariant)
{
    const QDir corpus(QStringLiteral(HIBIKI_FUZZ_CORPUS_DIR));
    const QStringList files = corpus.entryList(QDir::Files, QDir::Name);
    ASSERT_FALSE(files.isEmpty()) << "no corpus in " << HIBIKI_FUZZ_CORPUS_DIR;
    for (const QString &name : files) {
        QFile file(corpus.filePath(name));
        ASSERT_TRUE(file.open(QIODevice::ReadOnly)) << name.toStdString();
        EXPECT_EQ(sse::test::checkParserInvariants(file.readAll()), std::string())
            << name.toStdString();
    }
}

TEST(FuzzCorpus, EveryFileKeepsTheRetryAfterInvariant)
{
    const QDir corpus(QStringLiteral(HIBIKI_FUZZ_RETRYAFTER_CORPUS_DIR));
    const QStringList files = corpus.entryList(QDir::Files, QDir::Name);
    ASSERT_FALSE(files.isEmpty()) << "no corpus in " << HIBIKI_FUZZ_RETRYAFTER_CORPUS_DIR;
    for (const QString &name : files) {
        QFile file(corpus.filePath(name));
        ASSERT_TRUE(file.open(QIODevice::ReadOnly)) << name.toStdString();
        EXPECT_EQ(sse::test::checkRetryAfterInvariants(file.readAll()), std::string())
            << name.toStdString();
    }
}
