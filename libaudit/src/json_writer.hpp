// A small streaming JSON writer with deterministic output: keys in the order written, numbers
// in their shortest round-trip form (3, 2.5), two-space indentation, UTF-8 passed through.
#pragma once
#include <fmt/format.h>

#include <cmath>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

namespace libaudit::detail {

class JsonWriter {
public:
    // compact: one line, no indentation (JSON Lines).
    explicit JsonWriter(bool compact = false) : compact_(compact) {}

    void begin_object() { open('{'); }
    void end_object() { close('}'); }
    void begin_array() { open('['); }
    void end_array() { close(']'); }

    void key(std::string_view k) {
        separate();
        quote(k);
        out_ += compact_ ? ":" : ": ";
        after_key_ = true;
    }
    void string(std::string_view s) {
        value_prefix();
        quote(s);
    }
    void number(double v) {
        value_prefix();
        if (!std::isfinite(v)) {
            out_ += "null";
        } else if (v == std::floor(v) && std::fabs(v) < 1e15) {
            fmt::format_to(std::back_inserter(out_), "{}", static_cast<long long>(v));
        } else {
            fmt::format_to(std::back_inserter(out_), "{}", v);
        }
    }
    void boolean(bool b) {
        value_prefix();
        out_ += b ? "true" : "false";
    }
    void null() {
        value_prefix();
        out_ += "null";
    }
    const std::string& str() const { return out_; }

private:
    std::string out_;
    bool compact_ = false;
    std::vector<int> counts_;  // items written per open container
    bool after_key_ = false;

    void newline() {
        if (compact_) return;
        out_ += '\n';
        out_.append(counts_.size() * 2, ' ');
    }
    void separate() {
        if (!counts_.empty()) {
            if (counts_.back()++ > 0) out_ += ',';
            newline();
        }
    }
    void value_prefix() {
        if (after_key_) {
            after_key_ = false;
            return;
        }
        separate();
    }
    void open(char c) {
        value_prefix();
        out_ += c;
        counts_.push_back(0);
    }
    void close(char c) {
        const int n = counts_.back();
        counts_.pop_back();
        if (n > 0) newline();
        out_ += c;
    }
    void quote(std::string_view s) {
        out_ += '"';
        // Runs of characters that need no escape are appended at once.
        std::size_t run = 0;
        for (std::size_t i = 0; i < s.size(); ++i) {
            const auto u = static_cast<unsigned char>(s[i]);
            if (u >= 0x20 && u != '"' && u != '\\') continue;
            out_.append(s.data() + run, i - run);
            run = i + 1;
            switch (s[i]) {
                case '"': out_ += "\\\""; break;
                case '\\': out_ += "\\\\"; break;
                case '\n': out_ += "\\n"; break;
                case '\r': out_ += "\\r"; break;
                case '\t': out_ += "\\t"; break;
                default: fmt::format_to(std::back_inserter(out_), "\\u{:04x}", u);
            }
        }
        out_.append(s.data() + run, s.size() - run);
        out_ += '"';
    }
};

}  // namespace libaudit::detail
