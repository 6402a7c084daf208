// A small streaming JSON writer with deterministic output: keys in the order written, numbers
// in their shortest round-trip form (3, 2.5), two-space indentation, UTF-8 passed through.
#pragma once
#include <fmt/format.h>

#include <cmath>
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
            out_ += fmt::format("{}", static_cast<long long>(v));
        } else {
            out_ += fmt::format("{}", v);
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
        for (char ch : s) {
            const auto u = static_cast<unsigned char>(ch);
            switch (ch) {
                case '"': out_ += "\\\""; break;
                case '\\': out_ += "\\\\"; break;
                case '\n': out_ += "\\n"; break;
                case '\r': out_ += "\\r"; break;
                case '\t': out_ += "\\t"; break;
                default:
                    if (u < 0x20) out_ += fmt::format("\\u{:04x}", u);
                    else out_ += ch;
            }
        }
        out_ += '"';
    }
};

}  // namespace libaudit::detail
