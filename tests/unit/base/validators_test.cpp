#include <libaudit/validators.hpp>

#include <doctest/doctest.h>

#include <map>

using namespace libaudit;

TEST_CASE("validators: national ID, every example in domain-notes section 2") {
    for (const char* ok : {"A123456789", "I100000003", "W100000001", "Z200000004", "O158238845"}) {
        CAPTURE(ok);
        CHECK(valid_national_id(ok));
    }
    for (const char* bad : {"A123456788", "A323456789", "a123456789", "A12345678"}) {
        CAPTURE(bad);
        CHECK_FALSE(valid_national_id(bad));
    }
}

TEST_CASE("validators: national ID, other malformed input") {
    for (const char* bad : {"", "A1234567890", "1123456789", "AA23456789", "A12345678X", "A1234 6789", " A123456789",
                            "A123456789 ", "Ａ123456789", "A823456789", "A023456789"}) {
        CAPTURE(bad);
        CHECK_FALSE(valid_national_id(bad));
    }
    // Every letter has exactly one check digit that works.
    for (char letter = 'A'; letter <= 'Z'; ++letter) {
        int valid = 0;
        for (char last = '0'; last <= '9'; ++last) {
            std::string id = std::string(1, letter) + "12345678" + last;
            if (valid_national_id(id)) ++valid;
        }
        CAPTURE(letter);
        CHECK(valid == 1);
    }
}

TEST_CASE("validators: resident certificate numbers, every example in domain-notes section 2") {
    // new form (from 2021-01-02)
    CHECK(valid_resident_id("A800000014"));
    CHECK(valid_resident_id("A930196810"));
    // old form: second letter contributes only its units digit
    CHECK(valid_resident_id("AC03095424"));
    CHECK(valid_resident_id("AA00000009"));
}

TEST_CASE("validators: resident certificate numbers, invalid") {
    for (const char* bad : {"A800000015", "A930196811", "AC03095425", "AA00000008", "A123456789", "AE00000009",
                            "aA00000009", "Aa00000009", "A80000001", "A8000000140", "", "A700000014"}) {
        CAPTURE(bad);
        CHECK_FALSE(valid_resident_id(bad));
    }
    // the forms do not overlap with national IDs
    CHECK_FALSE(valid_national_id("A800000014"));
    CHECK_FALSE(valid_national_id("AC03095424"));
}

TEST_CASE("validators: masking") {
    CHECK(mask_national_id("A123456789") == "A1234*****");
    CHECK(mask_national_id("AC03095424") == "AC030*****");
    CHECK(mask_national_id("") == "");
    CHECK(mask_national_id("A") == "A");
    CHECK(mask_national_id("AB") == "A*");
    CHECK(mask_national_id("ABC") == "AB*");
    CHECK(mask_national_id("A12345678") == "A1234****");
    CHECK(mask_national_id("王大明") == "王大*");  // counts characters, never splits one
    // Subject ids: masked by the shape of an ID, valid checksum or not; other ids unchanged.
    CHECK(mask_if_national_id("A123456789") == "A1234*****");
    CHECK(mask_if_national_id("A123456788") == "A1234*****");  // a typo is still someone's ID
    CHECK(mask_if_national_id("AC03095424") == "AC030*****");
    CHECK(mask_if_national_id("a800000014") == "a8000*****");
    CHECK(mask_if_national_id("211371002") == "211371002");
    CHECK(mask_if_national_id("T001") == "T001");
    CHECK(mask_if_national_id("A12345678X") == "A12345678X");
}

TEST_CASE("validators: passport names") {
    for (const char* ok : {"WANG, TA-MING", "WANG, TA MING", "O'BRIEN, MARY", "LIN-CHEN, YU", "OU YANG, CHUN-HUA",
                           "LI, A"}) {
        CAPTURE(ok);
        CHECK(valid_passport_name(ok));
    }
    for (const char* bad : {"", "Wang, Ta-Ming", "WANG,TA-MING", "WANG,  TA-MING", "WANG , TA-MING", "WANG TA-MING",
                            "WANG, TA--MING", "WANG, TA-", "WANG, -TA", ", TA-MING", "WANG, ", "WANG, TA, MING",
                            " WANG, TA-MING", "WANG, TA-MING ", "王, 大明", "WANG, TA MING2", "WANG, TA.MING"}) {
        CAPTURE(bad);
        CHECK_FALSE(valid_passport_name(bad));
    }
}

TEST_CASE("validators: e-mail") {
    for (const char* ok : {"a1234567@grad.ntue.edu.tw", "first.last+tag@example.com", "x@a.io", "A_B-C@sub-d.example.org"}) {
        CAPTURE(ok);
        CHECK(valid_email(ok));
    }
    for (const char* bad : {"", "plain", "@example.com", "a@", "a@b", "a@@b.com", "a@b@c.com", "a b@c.com", "a@b .com",
                            ".a@b.com", "a.@b.com", "a..b@c.com", "a@-b.com", "a@b-.com", "a@b..com", "a@.b.com",
                            "a@b.c", "a@b.c0m", "a@b.com.", "王@example.com", "a@例子.tw"}) {
        CAPTURE(bad);
        CHECK_FALSE(valid_email(bad));
    }
}

TEST_CASE("validators: Taiwan mobile numbers") {
    for (const char* ok : {"0912345678", "0912-345-678", "0912 345 678", "0912-345678", "+886912345678",
                           "+886 912 345 678", "+886-912-345-678", "886912345678", "886 912345678"}) {
        CAPTURE(ok);
        CHECK(valid_tw_mobile(ok));
    }
    for (const char* bad : {"", "091234567", "09123456789", "0812345678", "0212345678", "+8860912345678",
                            "+886812345678", "+88691234567", "0912--345678", "-0912345678", "0912345678-",
                            "0912.345.678", "(09)12345678", "+ 886912345678", "912345678", "０９１２３４５６７８"}) {
        CAPTURE(bad);
        CHECK_FALSE(valid_tw_mobile(bad));
    }
}

TEST_CASE("validators: every ID example in the domain notes, with the reason for the invalid ones") {
    for (const char* ok : {"A123456789", "I100000003", "W100000001", "Z200000004", "O158238845", "A800000014",
                           "A930196810", "AC03095424", "AA00000009"}) {
        CAPTURE(ok);
        CHECK(valid_person_id(ok));
        CHECK(person_id_problem(ok).empty());
    }
    CHECK(person_id_problem("A123456788") == "the check digit does not match");
    CHECK(person_id_problem("A323456789").find("2nd character") != std::string::npos);
    CHECK(person_id_problem("a123456789") == "the first letter must be upper case");
    CHECK(person_id_problem("A12345678").find("10 characters") != std::string::npos);
    CHECK(person_id_problem("A12345678X") == "characters 3-10 must be digits");
    CHECK_FALSE(valid_person_id("AC03095425"));
}

TEST_CASE("validators: password policy (length in characters, classes)") {
    PasswordPolicy p;
    p.min_length = 8;
    p.letter = p.digit = p.symbol = true;
    CHECK(password_problems("Ntue@2025", p).empty());
    CHECK(password_problems("abc1234!", p).empty());  // exactly 8
    CHECK(password_problems("abc123!", p) == std::vector<std::string>{"at least 8 characters"});
    CHECK(password_problems("password", p) == std::vector<std::string>{"a digit", "a symbol"});
    CHECK(password_problems("密碼密碼密碼12!", p) == std::vector<std::string>{"a letter"});
    PasswordPolicy upper;
    upper.upper = true;
    CHECK(password_problems("abc", upper) == std::vector<std::string>{"an upper-case letter"});
}

TEST_CASE("validators: file names and sizes") {
    CHECK(forbidden_in_file_name("report.pdf", "~@-.&").empty());
    CHECK(forbidden_in_file_name("my-report.pdf", "~@-.&") == "-");
    CHECK(forbidden_in_file_name("a.b&c@d.pdf", "~@-.&") == ".&@");
    CHECK(forbidden_in_file_name("研習簽到表.xlsx", "~@-.&").empty());
    CHECK(parse_size("3 MB") == 3145728.0);
    CHECK(parse_size("3MB") == 3145728.0);
    CHECK(parse_size("2.5 kb") == 2560.0);
    CHECK(parse_size("3145729") == 3145729.0);
    CHECK_FALSE(parse_size("3 parsecs"));
    CHECK_FALSE(parse_size("MB"));
    CHECK_FALSE(parse_size(std::string(400, '9') + " MB"));  // out of range: not a size, not a crash
}

TEST_CASE("validators: default-password templates") {
    const std::map<std::string, std::string> person{{"national_id", "a123456789"}, {"birth_date", "1990-03-25"},
                                                    {"roc_birth", "79/03/25"}};
    auto field = [&](const std::string& name) -> std::optional<std::string> {
        const auto it = person.find(name);
        return it == person.end() ? std::nullopt : std::optional<std::string>(it->second);
    };
    CHECK(expand_template("{national_id|upper}{birth_date|mmdd}", field) == "A1234567890325");  // 14 characters
    CHECK(expand_template("{birth_date|yyyymmdd}{birth_date|mmdd}", field) == "199003250325");    // 12 characters
    CHECK(expand_template("{national_id|last:5}@Ntue", field) == "56789@Ntue");
    CHECK(expand_template("{roc_birth|rocdate}", field) == "0790325");
    std::string why;
    CHECK_FALSE(expand_template("{email}", field, &why));
    CHECK(why == "'email' is blank");
    CHECK_FALSE(expand_template("{national_id|reverse}", field, &why));
    CHECK(why == "unknown filter 'reverse'");
}

// One masking rule for every output: IDs by their shape, everything else personal in full with a
// fixed-length mask. A 10-character password used to be masked as if it were an ID (secre*****),
// and other passwords with one '*' per character, which showed their length.
TEST_CASE("mask_personal: IDs by shape, passwords and secrets fully, length hidden") {
    CHECK(libaudit::mask_personal("A123456789") == "A1234*****");
    CHECK(libaudit::mask_personal("AB12345678") == "AB123*****");  // resident certificate, old form
    CHECK(libaudit::mask_personal("secretpass") == "********");
    CHECK(libaudit::mask_personal("x") == "********");
    CHECK(libaudit::mask_personal("a much longer secret phrase") == "********");
    CHECK(libaudit::mask_personal("密碼密碼") == "********");
    CHECK(libaudit::mask_personal("") == "");
}

// Text leaving the engine (reports, diagnostics, JSON) is scanned for ID-shaped tokens: national
// IDs and both forms of resident certificate numbers, by shape (checksum or not), in either case,
// only as whole tokens (not inside a longer run of ASCII letters and digits).
// The scan looks at 16 bytes at a time: a token at any offset, across a block's end, in the last
// bytes, after upper-case letters that start no token, and two tokens in one block.
TEST_CASE("mask_ids_in_text: a token at every offset of a long text") {
    for (std::size_t before = 0; before < 40; ++before)
        for (std::size_t after = 0; after < 20; after += 3) {
            const std::string pad(before, '.'), tail(after, '-');
            CHECK(mask_ids_in_text(pad + "A123456789" + tail) == pad + "A1234*****" + tail);
            CHECK(mask_ids_in_text(pad + "AA123456789" + tail) == pad + "AA123456789" + tail);
        }
    const std::string caps = "ABCDEFGHIJKLMNOPQRSTUVWXYZ C1 D2 ";
    CHECK(mask_ids_in_text(caps + "B223456788 " + caps) == caps + "B2234***** " + caps);
    CHECK(mask_ids_in_text(caps + "B223456788" + caps) == caps + "B223456788" + caps);  // no whole token
    CHECK(mask_ids_in_text("A123456789 B223456788 ") == "A1234***** B2234***** ");
    CHECK(mask_ids_in_text("科目代碼CSE6001的課程，學號A123456789。") == "科目代碼CSE6001的課程，學號A1234*****。");
}

TEST_CASE("mask_ids_in_text: every ID-shaped whole token, by shape, as mask_national_id masks") {
    CHECK(mask_ids_in_text("") == "");
    CHECK(mask_ids_in_text("no ids here") == "no ids here");
    CHECK(mask_ids_in_text("A123456789") == "A1234*****");
    CHECK(mask_ids_in_text("A123456780") == "A1234*****");                 // bad checksum: still masked
    CHECK(mask_ids_in_text("teacher_id=B223456788") == "teacher_id=B2234*****");
    CHECK(mask_ids_in_text("got 'A123456789'") == "got 'A1234*****'");
    CHECK(mask_ids_in_text("(A123456789 F226543213 …)") == "(A1234***** F2265***** …)");
    CHECK(mask_ids_in_text("A800000014,A900000016") == "A8000*****,A9000*****");  // new resident numbers
    CHECK(mask_ids_in_text("AC03095424;BD12345678") == "AC030*****;BD123*****");  // old resident numbers
    CHECK(mask_ids_in_text("<id>A123456789</id>") == "<id>A1234*****</id>");
    CHECK(mask_ids_in_text("\"A123456789\"") == "\"A1234*****\"");
    CHECK(mask_ids_in_text("A123456789\nB223456788") == "A1234*****\nB2234*****");
    CHECK(mask_ids_in_text("id_A123456789_x") == "id_A1234*****_x");      // '_' ends a token
    // Embedded in Chinese text: a Chinese character is not part of an ASCII token.
    CHECK(mask_ids_in_text("學號A123456789的課程") == "學號A1234*****的課程");
    CHECK(mask_ids_in_text("講師：A123456789。") == "講師：A1234*****。");
    // Upper case only: a school address is "a" and a 9-digit student number, the lower-case shape
    // of an ID (the readers take IDs in upper case; valid_national_id requires it).
    CHECK(mask_ids_in_text("a113681001@grad.ntue.edu.tw") == "a113681001@grad.ntue.edu.tw");
    CHECK(mask_ids_in_text("a123456789") == "a123456789");
    CHECK(mask_ids_in_text("Ac03095424") == "Ac03095424");
    // Not whole tokens, or not ID-shaped: unchanged.
    CHECK(mask_ids_in_text("XA123456789") == "XA123456789");
    CHECK(mask_ids_in_text("A1234567890") == "A1234567890");
    CHECK(mask_ids_in_text("A12345678") == "A12345678");
    CHECK(mask_ids_in_text("A323456789") == "A323456789");   // 3 is neither sex nor resident form
    CHECK(mask_ids_in_text("AE12345678") == "AE12345678");   // E is no old resident form
    CHECK(mask_ids_in_text("1123456789") == "1123456789");
    CHECK(mask_ids_in_text("sha256:0a123456789b") == "sha256:0a123456789b");
    // Already masked text stays as it is (masking twice changes nothing).
    CHECK(mask_ids_in_text("A1234*****") == "A1234*****");
    CHECK(mask_ids_in_text(mask_ids_in_text("x A123456789 y")) == "x A1234***** y");
}
