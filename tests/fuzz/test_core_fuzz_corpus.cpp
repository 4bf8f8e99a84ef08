// SPDX-License-Identifier: MIT
// Replays the committed corpora of fuzz_decoder and fuzz_profile in every build, with the
// decoder and the profile code compiled under UBSan (float-cast-overflow included) and
// no recovery: a hostile number that reached an integer conversion would abort the test.
#include "core_invariants.h"

#include <QDir>
#include <QFile>

#include <gtest/gtest.h>

namespace {

void replay(const char *directory, std::string (*check)(QByteArrayView))
{
    const QDir corpus(QString::fromUtf8(directory));
    const QStringList files = corpus.entryList(QDir::Files, QDir::Name);
    ASSERT_FALSE(files.isEmpty()) << "no corpus in " << directory;
    for (const QString &name : files) {
        QFile file(corpus.filePath(name));
        ASSERT_TRUE(file.open(QIODevice::ReadOnly)) << name.toStdString();
        EXPECT_EQ(check(file.readAll()), std::string()) << name.toStdString();
    }
}

} // namespace

TEST(CoreFuzzCorpus, EveryEventKeepsTheDecoderInvariants)
{
    replay(HIBIKI_DECODER_CORPUS_DIR, &hibiki::test::checkDecoderInvariants);
}

TEST(CoreFuzzCorpus, EveryProfileFileKeepsTheProfileInvariants)
{
    replay(HIBIKI_PROFILE_CORPUS_DIR, &hibiki::test::checkProfileInvariants);
}
