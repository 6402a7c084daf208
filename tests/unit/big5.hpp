// Test helper: UTF-8 -> Big5 (CP950) with glibc iconv, to build Big5 input for the readers.
#pragma once
#include <doctest/doctest.h>
#include <iconv.h>

#include <string>

namespace libaudit_test {

inline std::string to_big5(const std::string& utf8) {
    iconv_t cd = iconv_open("CP950", "UTF-8");
    REQUIRE(cd != reinterpret_cast<iconv_t>(-1));
    std::string out(utf8.size() * 2 + 8, '\0');
    char* in = const_cast<char*>(utf8.data());
    std::size_t in_left = utf8.size();
    char* op = out.data();
    std::size_t out_left = out.size();
    const std::size_t rc = iconv(cd, &in, &in_left, &op, &out_left);
    iconv_close(cd);
    REQUIRE(rc != static_cast<std::size_t>(-1));
    out.resize(out.size() - out_left);
    return out;
}

}  // namespace libaudit_test
