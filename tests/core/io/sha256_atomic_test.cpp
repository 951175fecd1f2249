#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "assay/core/error.h"
#include "assay/io/atomic_write.h"
#include "assay/io/sha256.h"
#include "io_test_util.h"

namespace assay::core::io {
namespace {

std::string sha(const std::string& s) {
    return sha256Hex(reinterpret_cast<const unsigned char*>(s.data()), s.size());
}

TEST(Sha256, MatchesKnownDigests) {
    EXPECT_EQ(sha("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(sha(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(sha("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Sha256, FileDigestEqualsBufferDigestAcrossChunks) {
    test::ScratchDir dir;
    std::string content(3 * (1 << 20) + 17, '\0');
    for (std::size_t i = 0; i < content.size(); ++i) content[i] = static_cast<char>(i * 31 % 251);
    test::writeBytes(dir / "f.bin", content);
    EXPECT_EQ(sha256File(dir / "f.bin"), sha(content));
    EXPECT_THROW(sha256File(dir / "missing.bin"), InputError);
}

TEST(AtomicWrite, ReplacesTheFileAndLeavesNoTemporary) {
    test::ScratchDir dir;
    writeFileAtomically(dir / "r.json", "{\"a\":1}");
    writeFileAtomically(dir / "r.json", "{\"a\":2}");
    std::ifstream in(dir / "r.json");
    std::stringstream content;
    content << in.rdbuf();
    EXPECT_EQ(content.str(), "{\"a\":2}");
    int files = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir.path()))
        ++files;
    EXPECT_EQ(files, 1);
}

TEST(AtomicWrite, FailureThrowsOutputErrorAndLeavesNothing) {
    test::ScratchDir dir;
    // A file where a folder should be: nothing can be created under it.
    test::writeBytes(dir / "plain", "");
    EXPECT_THROW(writeFileAtomically(dir / "plain" / "sub" / "r.json", "x"), OutputError);
    // A directory in the way: the rename fails after the temporary was written.
    std::filesystem::create_directories(dir / "taken" / "inner");
    EXPECT_THROW(writeFileAtomically(dir / "taken", "x"), OutputError);
    int files = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir.path()))
        ++files;
    EXPECT_EQ(files, 2);  // only "taken" and "plain"
}

}  // namespace
}  // namespace assay::core::io
