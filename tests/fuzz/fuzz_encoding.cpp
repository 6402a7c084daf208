// The UTF-8 checks: each SIMD implementation the CPU has (input/utf8_simd.hpp), forced in turn,
// against the scalar reference on the same bytes: valid_utf8's answer and first bad offset, and
// the one-pass check of pass 1 (UTF-8, NUL bytes, line feeds) with its diagnostic. A difference
// aborts (a crash for libFuzzer).
#include "fuzz_contract.hpp"

#include "input/encoding.hpp"
#include "input/utf8_simd.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace {

// check_utf8_lines' outcome as one string: the count of line feeds, or the diagnostic.
std::string lines_outcome(std::string_view text) {
    try {
        return std::to_string(libaudit::detail::check_utf8_lines(text, "fuzz.csv", 1));
    } catch (const libaudit::InputError& e) {
        fuzz::check_rejection(e.diagnostics());
        const libaudit::Diagnostic& d = e.diagnostics().front();
        return d.code + ":" + d.message + ":" + std::to_string(d.where.line) + ":" + std::to_string(d.where.column);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace libaudit::detail;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    std::size_t want_bad = 0, want_lines = 0;
    const bool want = valid_utf8_scalar(text, &want_bad);
    const bool want_text = utf8_text_lines_scalar(text, want_lines);
    const Utf8Impl before = use_utf8_impl(Utf8Impl::scalar);
    const std::string want_outcome = lines_outcome(text);
    for (Utf8Impl impl : utf8_impls_available()) {
        use_utf8_impl(impl);
        std::size_t bad = 0, lines = 0;
        fuzz::check(valid_utf8(text, &bad) == want, "valid_utf8 differs from the scalar code");
        fuzz::check(want || bad == want_bad, "valid_utf8's first bad offset differs from the scalar code");
        if (impl != Utf8Impl::scalar) {
            const bool ok = utf8_simd_scan(impl, text, &lines) == std::string_view::npos;
            fuzz::check(ok == want_text && (!ok || lines == want_lines), "the SIMD scan differs from the scalar code");
        }
        fuzz::check(lines_outcome(text) == want_outcome, "check_utf8_lines differs from the scalar code");
    }
    use_utf8_impl(before);
    return 0;
}
