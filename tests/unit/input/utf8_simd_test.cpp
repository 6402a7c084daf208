// The SIMD UTF-8 checks (input/utf8_simd.hpp) against the scalar reference, each implementation
// this CPU has forced in turn: every class of one- to four-byte sequence at every place around the
// 16- and 32-byte block boundaries and at the end, NUL bytes at every place of a block, long ASCII
// and long Chinese text (line counts past the 255-block flush), and random text with bad bytes.
#include "input/encoding.hpp"
#include "input/utf8_simd.hpp"

#include <libaudit/diagnostic.hpp>

#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <vector>

using namespace libaudit;
using namespace libaudit::detail;

namespace {

constexpr std::size_t npos = std::string::npos;

std::vector<Utf8Impl> simd_impls() {
    std::vector<Utf8Impl> out;
    for (Utf8Impl impl : utf8_impls_available())
        if (impl != Utf8Impl::scalar) out.push_back(impl);
    return out;
}

struct UseImpl {  // forces one implementation for a scope
    explicit UseImpl(Utf8Impl impl) : before(use_utf8_impl(impl)) {}
    ~UseImpl() { use_utf8_impl(before); }
    Utf8Impl before;
};

std::string hex(const std::string& s) {
    constexpr char digits[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        out += digits[c >> 4];
        out += digits[c & 0xF];
        out += ' ';
    }
    return out;
}

// Counts the texts where an implementation disagrees with the scalar code, the first one kept.
struct Differential {
    std::size_t texts = 0, failures = 0;
    std::string first;

    void operator()(const std::string& text) {
        ++texts;
        std::size_t want_bad = npos, want_lines = 0;
        const bool want = valid_utf8_scalar(text, &want_bad);
        const bool want_text = utf8_text_lines_scalar(text, want_lines);
        for (Utf8Impl impl : simd_impls()) {
            const UseImpl use(impl);
            std::size_t bad = npos, lines = 0;
            const bool got = valid_utf8(text, &bad);
            const bool scan = utf8_simd_scan(impl, text, nullptr) == npos;
            const bool scan_text = utf8_simd_scan(impl, text, &lines) == npos;
            if (got != want || bad != want_bad || scan != want || scan_text != want_text ||
                (want_text && lines != want_lines)) {
                if (failures++ == 0)
                    first = std::string(utf8_impl_name(impl)) + ": " + hex(text) + " want " + std::to_string(want) +
                            "@" + std::to_string(want_bad) + " got " + std::to_string(got) + "@" + std::to_string(bad) +
                            " scan " + std::to_string(scan) + " text " + std::to_string(scan_text) + "/" +
                            std::to_string(want_text) + " lines " + std::to_string(lines) + "/" +
                            std::to_string(want_lines);
            }
        }
    }
    void report() const {
        INFO(first);
        CHECK(failures == 0);
        INFO(texts << " texts compared");
    }
};

// One representative of every class a validator tells apart.
const unsigned char classes[] = {0x00, 0x0A, 0x20, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF,
                                 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF,
                                 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xF7, 0xF8, 0xFF};

// `seq` at byte `at` of a 70-byte text of well-formed characters: ASCII, or (chinese) 3-byte
// characters with ASCII only to make up the length.
std::string placed(const std::string& seq, std::size_t at, bool chinese, std::size_t size = 70) {
    std::string text;
    while (chinese && text.size() + 3 <= at) text += "\xE6\x95\x99";
    text.append(at - text.size(), 'a');
    text += seq;
    while (chinese && text.size() + 3 <= size) text += "\xE5\xAD\xB8";
    if (text.size() < size) text.append(size - text.size(), '\n');
    return text;
}

}  // namespace

TEST_CASE("utf8_simd: the CPU's implementations are offered") {
    const std::vector<Utf8Impl> impls = utf8_impls_available();
    REQUIRE(!impls.empty());
    CHECK(impls.front() == Utf8Impl::scalar);
#if defined(__x86_64__) && defined(__GNUC__)
    __builtin_cpu_init();
    const bool ssse3 = __builtin_cpu_supports("ssse3") != 0, avx2 = __builtin_cpu_supports("avx2") != 0;
    CHECK(impls.size() == 1u + (ssse3 ? 1u : 0u) + (avx2 ? 1u : 0u));
    CHECK(utf8_impl() == (avx2 ? Utf8Impl::avx2 : ssse3 ? Utf8Impl::ssse3 : Utf8Impl::scalar));
#endif
    MESSAGE("implementations: " << impls.size() << ", in use: " << utf8_impl_name(utf8_impl()));
}

TEST_CASE("utf8_simd: an empty view, also one without data") {
    for (Utf8Impl impl : simd_impls()) {
        std::size_t lines = 99;
        CHECK(utf8_simd_scan(impl, std::string_view(), &lines) == npos);
        CHECK(lines == 0);
        CHECK(utf8_simd_scan(impl, std::string_view(), nullptr) == npos);
        CHECK(utf8_simd_scan(impl, "", &lines) == npos);
    }
}

TEST_CASE("utf8_simd: every two- and three-byte class at every place around the blocks") {
    Differential diff;
    for (unsigned char a : classes)
        for (unsigned char b : classes)
            for (unsigned char c : classes) {
                const std::string seq{static_cast<char>(a), static_cast<char>(b), static_cast<char>(c)};
                for (std::size_t at = 0; at <= 67; ++at) {
                    if (at > 3 && at < 12) continue;
                    diff(placed(seq, at, false));
                    if (at % 3 == 0 || at > 60) diff(placed(seq, at, true));
                }
                diff(seq);
                diff(seq.substr(0, 2));
            }
    diff.report();
}

TEST_CASE("utf8_simd: every four-byte class across the block boundaries and at the end") {
    Differential diff;
    for (unsigned char a : classes) {
        if (a < 0xC0) continue;  // a lead byte first: the other firsts are covered above
        for (unsigned char b : classes)
            for (unsigned char c : classes)
                for (unsigned char d : classes) {
                    const std::string seq{static_cast<char>(a), static_cast<char>(b), static_cast<char>(c),
                                          static_cast<char>(d)};
                    for (std::size_t at : {14u, 15u, 30u, 31u, 63u, 64u})
                        diff(placed(seq, at, at % 2 == 0, 66 + 4 * (at % 3)));
                    diff(seq);
                }
    }
    diff.report();
}

TEST_CASE("utf8_simd: well-formed characters of every length cut short at the end") {
    Differential diff;
    const std::string chars[] = {"\xC2\x80", "\xDF\xBF", "\xE0\xA0\x80", "\xE6\x95\x99", "\xED\x9F\xBF",
                                 "\xEE\x80\x80", "\xEF\xBF\xBF", "\xF0\x90\x80\x80", "\xF0\x9F\x98\x80",
                                 "\xF4\x8F\xBF\xBF"};
    for (const std::string& ch : chars)
        for (std::size_t cut = 0; cut <= ch.size(); ++cut)
            for (std::size_t size = 0; size <= 100; ++size) {
                const std::string head = placed("", size, size % 2 == 1, size);
                diff(head + ch.substr(0, cut));
                diff(head + ch.substr(0, cut) + "a");
                diff(head + ch.substr(0, cut) + ch);
            }
    diff.report();
}

TEST_CASE("utf8_simd: a NUL byte at every place of a block") {
    Differential diff;
    for (std::size_t at = 0; at < 100; ++at) {
        diff(placed(std::string(1, '\0'), at, false, 100));
        diff(placed(std::string(1, '\0'), at, true, 100));
        diff(placed(std::string("\n\0", 2), at, true, 100));
    }
    diff.report();
}

TEST_CASE("utf8_simd: long ASCII and long Chinese text, line counts past 255 blocks") {
    Differential diff;
    std::string ascii, chinese;
    for (int i = 0; i < 20000; ++i) {
        ascii += "2113710" + std::to_string(i) + ",EAM6101,70\n";
        chinese += "\xE6\x95\x99\xE8\x82\xB2\xE8\xA1\x8C\xE6\x94\xBF,";
        if (i % 7 == 0) chinese += '\n';
    }
    for (const std::string* text : {&ascii, &chinese}) {
        diff(*text);
        for (std::size_t at : {text->size() / 2, text->size() - 1, std::size_t{8191}, std::size_t{8192}}) {
            std::string bad = *text;
            bad[at] = static_cast<char>(0xC0);
            diff(bad);
            bad[at] = '\0';
            diff(bad);
        }
    }
    diff.report();
}

TEST_CASE("utf8_simd: random text with bad bytes") {
    Differential diff;
    const char* const pieces[] = {"a", "\n", "0123456789abcdefghijklmnopqrstuv", "\xE6\x95\x99", "\xC3\xA9",
                                  "\xF0\x9F\x98\x80", "\xE0\xA4\x85", "\xED\x9F\xBF", "\xF4\x8F\xBF\xBF",
                                  "\xE6\x95\x99\xE8\x82\xB2\xE8\xA1\x8C\xE6\x94\xBF"};
    std::uint64_t seed = 11;
    const auto next = [&] { return (seed = seed * 6364136223846793005ull + 1442695040888963407ull) >> 33; };
    for (int round = 0; round < 30000; ++round) {
        std::string text;
        const std::size_t parts = next() % 80;
        for (std::size_t k = 0; k < parts; ++k) text += pieces[next() % (sizeof pieces / sizeof *pieces)];
        const std::size_t flips = text.empty() ? 0 : next() % 3;  // none in a third of the texts
        for (std::size_t k = 0; k < flips; ++k) text[next() % text.size()] = static_cast<char>(next() % 256);
        diff(text);
        if (round % 10 != 0) continue;
        // check_utf8_lines' diagnostic, the same with every implementation.
        std::string want, got;
        const auto outcome = [&text] {
            try {
                return std::to_string(check_utf8_lines(text, "f.csv", 3));
            } catch (const InputError& e) {
                const Diagnostic& d = e.diagnostics().front();
                return d.message + ":" + std::to_string(d.where.line) + ":" + std::to_string(d.where.column);
            }
        };
        {
            const UseImpl use(Utf8Impl::scalar);
            want = outcome();
        }
        for (Utf8Impl impl : simd_impls()) {
            const UseImpl use(impl);
            CHECK(outcome() == want);
        }
    }
    diff.report();
}
