// libaudit._core: the C++ API as Python types. Conversion only; everything Pythonic (result views,
// keyword defaults, pandas, Dask) lives in the libaudit package beside this file.
//
// Records, profiles and other plain structs are bound field by field (Struct below also lists the
// names in the class's `_fields`, which the package uses for repr and to_dict): a new struct field
// needs one line here.
// Results are rendered by the library's own renderers, so Python and the CLI print the same bytes.
#include <libaudit/libaudit.hpp>

#include "input/csv.hpp"  // internal: where each data row of a CSV text starts, to renumber rows

#include <pybind11/pybind11.h>
#include <pybind11/functional.h>
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <unordered_map>
#include <string>
#include <string_view>
#include <vector>

namespace py = pybind11;
using namespace libaudit;

namespace {

// Errors become the package's exception classes (libaudit/errors.py), which carry the diagnostics.
void raise_as(const char* name, const std::string& message, const std::vector<Diagnostic>& diagnostics) {
    const py::object cls = py::module_::import("libaudit.errors").attr(name);
    const py::object error = cls(message, py::cast(diagnostics));
    PyErr_SetObject(cls.ptr(), error.ptr());
}

// An error's message in the default language (LIBAUDIT_LANG, else zh-TW): one line per diagnostic.
std::string message_of(const Error& e) {
    std::string out;
    for (const Diagnostic& d : e.diagnostics()) {
        if (!out.empty()) out += '\n';
        out += format_diagnostic(d, default_language(), false);
    }
    return out.empty() ? e.what() : out;
}

void translate(std::exception_ptr p) {
    try {
        if (p) std::rethrow_exception(p);
    } catch (const RuleError& e) {
        raise_as("RuleError", message_of(e), e.diagnostics());
    } catch (const InputError& e) {
        raise_as("InputError", message_of(e), e.diagnostics());
    } catch (const Error& e) {
        raise_as("Error", message_of(e), e.diagnostics());
    } catch (const IoError& e) {
        raise_as("IoError", error_text(e, default_language()), {});
    }
}

const char* severity_name(Severity s) {
    return s == Severity::error ? "error" : s == Severity::warning ? "warning" : "note";
}

// A kwargs constructor for a plain struct: every keyword is set as the attribute of that name.
template <class T> std::unique_ptr<T> from_kwargs(const py::kwargs& kwargs) {
    auto item = std::make_unique<T>();
    const py::object view = py::cast(item.get(), py::return_value_policy::reference);
    for (const auto& kv : kwargs) py::setattr(view, kv.first, kv.second);
    return item;
}

// A plain struct: constructible empty or from keywords, fields read-write, their names in `_fields`.
template <class T> class Struct {
public:
    Struct(py::module_& m, const char* name, const char* doc = "") : cls_(m, name, doc) {
        cls_.def(py::init<>()).def(py::init(&from_kwargs<T>));
    }
    ~Struct() { cls_.attr("_fields") = py::tuple(fields_); }
    Struct(const Struct&) = delete;
    Struct& operator=(const Struct&) = delete;
    template <class V> Struct& field(const char* name, V T::*member) {
        cls_.def_readwrite(name, member);
        fields_.append(name);
        return *this;
    }
    py::class_<T>& cls() { return cls_; }

private:
    py::class_<T> cls_;
    py::list fields_;
};

Language language_of(const std::string& lang) {
    if (lang == "en") return Language::en;
    if (lang == "zh-TW" || lang == "zh_TW" || lang == "zh") return Language::zh_TW;
    throw py::value_error("lang: expected 'zh-TW' or 'en', got '" + lang + "'");
}

RenderOptions render_options(const std::string& lang, bool unmask_ids, bool compact) {
    RenderOptions o;
    o.language = language_of(lang);
    o.unmask_ids = unmask_ids;
    o.compact = compact;
    return o;
}

Encoding encoding_of(const std::string& e) {
    if (e == "utf-8" || e == "utf8") return Encoding::utf8;
    if (e == "big5" || e == "cp950") return Encoding::big5;
    if (e == "auto") return Encoding::detect;  // each file by its own bytes
    throw py::value_error("encoding: expected 'auto', 'utf-8' or 'big5', got '" + e + "'");
}

ReadOptions read_options(const std::string& encoding) {
    ReadOptions o;
    o.encoding = encoding_of(encoding);
    return o;
}

// ---------------------------------------------------------------------------------------------
// Tables for pandas: columns built in C++ (numbers as NumPy arrays, NaN = absent) so that a cohort
// converts quickly. The items are taken by pointer: a list of results is never copied.

// The measures of an Amount, as column suffixes (one line per measure).
template <class F> void for_each_measure(const Amount& a, F&& f) {
    f("credits", a.credits);
    f("courses", a.courses);
    f("semesters", a.semesters);
    f("hours", a.hours);
}

// The amounts of a requirement by (amount, measure): required credits, earned courses ...
template <class F> void for_each_amount(const RequirementResult& q, F&& f) {
    const std::pair<const char*, const Amount*> amounts[] = {
        {"required", &q.required}, {"earned", &q.earned}, {"pending", &q.pending},
        {"remaining", &q.remaining}, {"maximum", &q.maximum}};
    for (const auto& [what, amount] : amounts)
        for_each_measure(*amount, [&f, what = what](const char* measure, const std::optional<double>& v) {
            f(what, measure, v);
        });
}

class Table {
public:
    std::size_t objects(const std::string& name) { return declare(name, false); }
    std::size_t numbers(const std::string& name) { return declare(name, true); }
    void add(std::size_t column, const py::object& v) { objects_[column].append(v); }
    void add(std::size_t column, const std::optional<double>& v) {
        numbers_[column].push_back(v ? *v : std::numeric_limits<double>::quiet_NaN());
    }
    py::dict to_dict() const {
        py::dict d;
        for (std::size_t j = 0; j < names_.size(); ++j)
            d[py::str(names_[j])] = is_number_[j] ? py::object(py::array_t<double>(
                                                        static_cast<py::ssize_t>(numbers_[j].size()), numbers_[j].data()))
                                                  : py::object(objects_[j]);
        return d;
    }

private:
    std::size_t declare(const std::string& name, bool number) {
        names_.push_back(name);
        is_number_.push_back(number);
        objects_.emplace_back();
        numbers_.emplace_back();
        return names_.size() - 1;
    }
    std::vector<std::string> names_;
    std::vector<bool> is_number_;
    std::vector<py::list> objects_;
    std::vector<std::vector<double>> numbers_;
};

using Items = std::vector<const BatchItem*>;

// One row per subject: who, which rule set, status and exit code, the root requirement's figures,
// flag codes, and why a subject has no result.
py::dict summary_columns(const Items& items, bool unmask_ids) {
    Table t;
    const std::size_t subject = t.objects("subject_id"), name = t.objects("name"),
                      national_id = t.objects("national_id"), programme = t.objects("programme"),
                      entry_year = t.numbers("entry_year"), ruleset = t.objects("ruleset"), as_of = t.objects("as_of"),
                      status = t.objects("status"), code = t.numbers("exit_code");
    const char* const figures[] = {"required", "earned", "pending", "remaining"};
    std::size_t credits[4], hours[4];
    for (std::size_t i = 0; i < 4; ++i) credits[i] = t.numbers(std::string(figures[i]) + "_credits");
    // Hours rule sets (teachers): the role and the root's hours; NaN for programme audits.
    const std::size_t role = t.objects("role");
    for (std::size_t i = 0; i < 4; ++i) hours[i] = t.numbers(std::string(figures[i]) + "_hours");
    const std::size_t flags = t.objects("flag_codes"), error = t.objects("error");
    const auto text = [](const std::optional<std::string>& v) { return v ? py::object(py::str(*v)) : py::object(py::none()); };
    for (const SummaryRow& row : summary_rows(items, unmask_ids)) {  // the library's summary table
        t.add(subject, py::str(row.subject_id));
        t.add(name, text(row.name));
        t.add(national_id, text(row.national_id));
        t.add(programme, text(row.programme));
        t.add(entry_year, row.entry_year ? std::optional<double>(*row.entry_year) : std::nullopt);
        t.add(ruleset, text(row.ruleset));
        t.add(as_of, text(row.as_of));
        t.add(status, py::str(row.status));
        t.add(code, std::optional<double>(row.exit_code));
        for (std::size_t i = 0; i < 4; ++i) t.add(credits[i], row.credits[i]);
        t.add(role, text(row.role));
        for (std::size_t i = 0; i < 4; ++i) t.add(hours[i], row.hours[i]);
        t.add(flags, py::str(row.flag_codes));
        t.add(error, py::str(row.error));
    }
    return t.to_dict();
}

// The detail table's columns, declared once.
struct DetailColumns {
    explicit DetailColumns(Table& t)
        : subject(t.objects("subject_id")), requirement(t.objects("requirement")), parent(t.objects("parent")),
          depth(t.numbers("depth")), title(t.objects("title")), kind(t.objects("kind")), status(t.objects("status")),
          shared(t.numbers("shared")) {
        for_each_amount(RequirementResult{}, [&](const char* what, const char* measure, const std::optional<double>&) {
            amounts.push_back(t.numbers(std::string(what) + "_" + measure));
        });
        counted = t.numbers("counted");
    }
    std::size_t subject, requirement, parent, depth, title, kind, status, shared, counted = 0;
    std::vector<std::size_t> amounts;
};

void detail_rows(Table& t, const DetailColumns& c, const py::str& subject, const RequirementResult& q,
                 const py::str& parent, int depth) {
    const py::str id(q.id);
    t.add(c.subject, subject);
    t.add(c.requirement, id);
    t.add(c.parent, parent);
    t.add(c.depth, std::optional<double>(depth));
    t.add(c.title, py::str(q.title));
    t.add(c.kind, py::str(q.kind));
    t.add(c.status, py::str(to_string(q.status)));
    t.add(c.shared, std::optional<double>(q.shared ? 1 : 0));
    std::size_t k = 0;
    for_each_amount(q, [&](const char*, const char*, const std::optional<double>& v) { t.add(c.amounts[k++], v); });
    t.add(c.counted, std::optional<double>(static_cast<double>(q.counted.size())));
    for (const auto& child : q.children) detail_rows(t, c, subject, child, id, depth + 1);
}

// One row per requirement of every subject with a result (tree order, `parent` and `depth` give
// the tree).
py::dict detail_columns(const Items& items, bool unmask_ids) {
    Table t;
    const DetailColumns columns(t);
    const py::str none("");
    for (const BatchItem* item : items)
        if (item->result) {
            const py::str subject(unmask_ids ? item->subject_id : mask_if_national_id(item->subject_id));
            for (const auto& q : item->result->requirements) detail_rows(t, columns, subject, q, none, 0);
        }
    return t.to_dict();
}

// A table of Python values as CSV text for the record readers (header first): None and NaN are
// empty cells, booleans true/false, whole floats integers (an int column with gaps), anything else
// str(); cells with a comma, quote or line break are quoted. Much faster than DataFrame.to_csv.
void append_csv_cell(std::string& out, std::string_view cell) { append_csv_field(out, cell); }  // the library's writer

void append_value(std::string& out, PyObject* v) {
    if (v == Py_None) return;
    if (PyUnicode_Check(v)) {
        Py_ssize_t size = 0;
        const char* text = PyUnicode_AsUTF8AndSize(v, &size);
        if (!text) throw py::error_already_set();
        append_csv_cell(out, std::string_view(text, static_cast<std::size_t>(size)));
        return;
    }
    if (PyBool_Check(v)) {
        out += v == Py_True ? "true" : "false";
        return;
    }
    if (PyFloat_Check(v)) {
        const double x = PyFloat_AS_DOUBLE(v);
        if (std::isnan(x)) return;
        if (std::floor(x) == x && std::fabs(x) < 1e15) {
            out += std::to_string(static_cast<long long>(x));
            return;
        }
    }
    append_csv_cell(out, py::str(v).cast<std::string>());
}

std::string csv_text(const std::vector<std::string>& header, const std::vector<py::list>& columns) {
    std::string out;
    for (std::size_t j = 0; j < header.size(); ++j) {
        if (j) out += ',';
        append_csv_cell(out, header[j]);
    }
    out += '\n';
    const std::size_t rows = columns.empty() ? 0 : columns.front().size();
    for (const py::list& column : columns)
        if (column.size() != rows) throw py::value_error("csv_text: columns of different lengths");
    for (std::size_t i = 0; i < rows; ++i) {
        for (std::size_t j = 0; j < columns.size(); ++j) {
            if (j) out += ',';
            append_value(out, PyList_GET_ITEM(columns[j].ptr(), static_cast<Py_ssize_t>(i)));
        }
        out += '\n';
    }
    return out;
}

// Row numbers of a CSV text's data rows given by the caller (e.g. a Dask partition's rows in the
// whole frame) instead of the text's own line numbers, for records and diagnostics alike.
class Renumbering {
public:
    Renumbering(const std::string& text, const std::string& name, const std::optional<std::vector<int>>& rows) {
        if (!rows) return;
        const std::vector<detail::CsvRow> csv = detail::parse_csv(text, name);
        for (std::size_t k = 1; k < csv.size() && k - 1 < rows->size(); ++k) by_line_[csv[k].line] = (*rows)[k - 1];
    }
    int operator()(int line) const {
        const auto it = by_line_.find(line);
        return it == by_line_.end() ? line : it->second;
    }
    // Reads with `read`, renumbering the rows of what it returns and of the diagnostics it throws.
    template <class Read> auto apply(Read&& read) const {
        try {
            auto items = read();
            if constexpr (std::is_same_v<decltype(items), std::vector<Record>>)
                for (Record& r : items) r.source_row = (*this)(r.source_row);
            return items;
        } catch (const InputError& e) {
            std::vector<Diagnostic> diagnostics = e.diagnostics();
            for (Diagnostic& d : diagnostics) d.where.line = (*this)(d.where.line);
            throw InputError(std::move(diagnostics));
        }
    }

private:
    std::unordered_map<int, int> by_line_;
};

// CSV text (as a DataFrame writes it) audited as `libaudit batch` audits a file, with the library's
// readers (the same column names, aliases and located diagnostics): streamed through a
// SubjectReader, so reading overlaps auditing, and the results moved out, never copied. As in the
// CLI batch, a subject with a bad row gets `problems` (status invalid); the others are audited.
std::vector<BatchItem> audit_text(const std::vector<RuleSet>& rules, std::string records, std::string records_name,
                                  const std::optional<std::vector<int>>& record_rows,
                                  const std::optional<std::string>& profiles, const std::string& profiles_name,
                                  const std::optional<std::vector<int>>& profile_rows, const AuditOptions& options,
                                  unsigned jobs) {
    std::vector<Profile> ps;
    if (profiles)
        ps = Renumbering(*profiles, profiles_name, profile_rows).apply([&] { return parse_profiles(*profiles, profiles_name); });
    const Renumbering renumber(records, records_name, record_rows);
    std::optional<SubjectReader> reader;
    renumber.apply([&] {
        reader.emplace(TextInput{std::move(records), std::move(records_name)}, std::move(ps));
        return 0;
    });
    std::vector<BatchItem> items;
    items.reserve(reader->subjects());
    const auto next = [&](Subject& subject, std::vector<Diagnostic>& found) {
        if (!reader->next(subject, found)) return false;
        for (Record& r : subject.records) r.source_row = renumber(r.source_row);
        for (Diagnostic& d : found) d.where.line = renumber(d.where.line);
        return true;
    };
    StreamOptions stream;
    stream.jobs = jobs;
    audit_stream(rules, next, [&](BatchItem& item, const std::string&) {
        items.push_back(std::move(item));
    }, options, stream);
    return items;
}

}  // namespace

PYBIND11_MODULE(_core, m) {
    m.doc() = "libaudit's C++ API (type conversion only; use the libaudit package)";
    m.attr("engine_version") = engine_version;
    m.attr("result_schema_id") = result_schema_id;
    m.attr("result_schema_2_id") = result_schema_2_id;
    py::register_exception_translator(&translate);

    // --- diagnostics
    py::class_<SourceLocation>(m, "SourceLocation")
        .def_readonly("file", &SourceLocation::file)
        .def_readonly("line", &SourceLocation::line)
        .def_readonly("column", &SourceLocation::column)
        .def_readonly("field", &SourceLocation::field)
        .def_readonly("path", &SourceLocation::path);
    py::class_<Diagnostic>(m, "Diagnostic", "A located problem in a rule file or input (file:line:col, stable code)")
        .def(py::init([](std::string code, std::string message, std::string file, int line, int column,
                         std::string field, const std::string& severity) {
                 Diagnostic d;
                 d.severity = severity == "warning" ? Severity::warning
                              : severity == "note"  ? Severity::note
                                                    : Severity::error;
                 d.code = std::move(code);
                 d.message = std::move(message);
                 d.where.file = std::move(file);
                 d.where.line = line;
                 d.where.column = column;
                 d.where.field = std::move(field);
                 return d;
             }),
             py::arg("code"), py::arg("message"), py::arg("file") = "", py::arg("line") = 0, py::arg("column") = 0,
             py::arg("field") = "", py::arg("severity") = "error")
        .def_property_readonly("severity", [](const Diagnostic& d) { return severity_name(d.severity); })
        .def_readonly("code", &Diagnostic::code)
        .def_readonly("message", &Diagnostic::message)
        .def_readonly("where", &Diagnostic::where)
        .def_property_readonly("file", [](const Diagnostic& d) { return d.where.file; })
        .def_property_readonly("line", [](const Diagnostic& d) { return d.where.line; })
        .def_property_readonly("column", [](const Diagnostic& d) { return d.where.column; })
        .def_property_readonly("field", [](const Diagnostic& d) { return d.where.field; })
        .def_readonly("source_line", &Diagnostic::source_line)
        .def_property_readonly("params",
                               [](const Diagnostic& d) {
                                   py::dict out;
                                   for (const auto& p : d.params) out[py::str(p.name)] = p.value;
                                   return out;
                               },
                               "The message's parameters (data: header, value as written with national IDs masked, ...)")
        .def("format",
             [](const Diagnostic& d, bool with_source, const std::optional<std::string>& lang) {
                 return format_diagnostic(d, lang ? language_of(*lang) : default_language(), with_source);
             },
             py::arg("with_source") = true, py::arg("lang") = py::none(),
             "The diagnostic in `lang` ('zh-TW' or 'en'; default LIBAUDIT_LANG, else zh-TW): its place, severity, "
             "code and message, plus the source line and a caret when known")
        .def("text",
             [](const Diagnostic& d, const std::optional<std::string>& lang) {
                 return diagnostic_text(d, lang ? language_of(*lang) : default_language());
             },
             py::arg("lang") = py::none(), "The message alone in `lang` (default LIBAUDIT_LANG, else zh-TW)")
        .def_readonly("message_code", &Diagnostic::message_code)
        .def("__str__", [](const Diagnostic& d) { return format_diagnostic(d, false); })
        .def("__repr__", [](const Diagnostic& d) { return "<Diagnostic " + format_diagnostic(d, false) + ">"; })
        .def(py::pickle(
            [](const Diagnostic& d) {
                py::list params;
                for (const auto& p : d.params) params.append(py::make_tuple(p.name, p.value));
                return py::make_tuple(static_cast<int>(d.severity), d.code, d.message, d.where.file, d.where.line,
                                      d.where.column, d.where.field, d.where.path, d.source_line, d.message_code,
                                      params);
            },
            [](const py::tuple& t) {
                Diagnostic d;
                d.severity = static_cast<Severity>(t[0].cast<int>());
                d.code = t[1].cast<std::string>();
                d.message = t[2].cast<std::string>();
                d.where = {t[3].cast<std::string>(), t[4].cast<int>(), t[5].cast<int>(), t[6].cast<std::string>(),
                           t[7].cast<std::string>()};
                d.source_line = t[8].cast<std::string>();
                if (t.size() > 10) {
                    d.message_code = t[9].cast<std::string>();
                    for (const auto& p : t[10].cast<py::list>()) {
                        const auto pair = p.cast<py::tuple>();
                        d.params.push_back({pair[0].cast<std::string>(), pair[1].cast<std::string>()});
                    }
                }
                return d;
            }));

    // --- terms and the calendar
    py::class_<Term>(m, "Term", "A term: ROC school year and semester (0 whole year, 1, 2, 3 summer)")
        .def(py::init([](int year, int semester) { return Term{year, semester}; }), py::arg("year"),
             py::arg("semester") = 0)
        .def_readwrite("year", &Term::year)
        .def_readwrite("semester", &Term::semester)
        .def_property_readonly("key", [](const Term& t) { return t.key(); })
        .def("__str__", &format_term)
        .def("__repr__", [](const Term& t) { return "Term('" + format_term(t) + "')"; })
        .def("__hash__", [](const Term& t) { return t.key(); })
        .def("__eq__", [](const Term& a, const Term& b) { return a == b; }, py::is_operator())
        .def("__lt__", [](const Term& a, const Term& b) { return a < b; }, py::is_operator())
        .def("__le__", [](const Term& a, const Term& b) { return a <= b; }, py::is_operator());
    m.def("parse_term", &parse_term, py::arg("text"), "'1092', '109-2', '114' ... as a Term; None if not a term");
    m.def("format_term", &format_term, py::arg("term"));
    m.def("roc_to_ad", &roc_to_ad, py::arg("roc_year"));
    m.def("ad_to_roc", &ad_to_roc, py::arg("ad_year"));

    py::class_<Date>(m, "Date", "A day (days since 1970-01-01); str() gives 2025-08-01")
        .def(py::init([](int year, int month, int day) {
                 const std::optional<Date> d = make_date(year, month, day);
                 if (!d) throw py::value_error("no such day: " + std::to_string(year) + "-" + std::to_string(month) +
                                               "-" + std::to_string(day));
                 return *d;
             }),
             py::arg("year"), py::arg("month"), py::arg("day"))
        .def_readwrite("days", &Date::days)
        .def_property_readonly("year", [](Date d) { return ymd(d).year; })
        .def_property_readonly("month", [](Date d) { return ymd(d).month; })
        .def_property_readonly("day", [](Date d) { return ymd(d).day; })
        .def("roc", &format_roc_date, "'114/08/01'")
        .def("__str__", &format_date)
        .def("__repr__", [](Date d) { return "Date('" + format_date(d) + "')"; })
        .def("__hash__", [](Date d) { return d.days; })
        .def("__eq__", [](Date a, Date b) { return a == b; }, py::is_operator())
        .def("__lt__", [](Date a, Date b) { return a < b; }, py::is_operator())
        .def("__le__", [](Date a, Date b) { return a <= b; }, py::is_operator());
    m.def("make_date", &make_date, py::arg("year"), py::arg("month"), py::arg("day"));
    m.def("parse_date", &parse_date, py::arg("text"), "AD or ROC date text as a Date; None if not a date");
    m.def("format_date", &format_date, py::arg("date"));
    m.def("format_roc_date", &format_roc_date, py::arg("date"));
    m.def("add_days", &add_days, py::arg("date"), py::arg("days"));
    m.def("add_months", &add_months, py::arg("date"), py::arg("months"));
    m.def("add_years", &add_years, py::arg("date"), py::arg("years"));
    m.def("days_between", &days_between, py::arg("a"), py::arg("b"));
    m.def("full_months", &full_months, py::arg("start"), py::arg("end"));

    py::class_<DateTime>(m, "DateTime", "An instant to the second, school-local time")
        .def(py::init([](Date d, int hour, int minute, int second) { return at(d, hour, minute, second); }),
             py::arg("date"), py::arg("hour") = 0, py::arg("minute") = 0, py::arg("second") = 0)
        .def_readwrite("seconds", &DateTime::seconds)
        .def("date", &DateTime::date)
        .def_property_readonly("hour", &DateTime::hour)
        .def_property_readonly("minute", &DateTime::minute)
        .def_property_readonly("second", &DateTime::second)
        .def("__str__", &format_datetime)
        .def("__repr__", [](DateTime t) { return "DateTime('" + format_datetime(t) + "')"; })
        .def("__hash__", [](DateTime t) { return t.seconds; })
        .def("__eq__", [](DateTime a, DateTime b) { return a == b; }, py::is_operator())
        .def("__lt__", [](DateTime a, DateTime b) { return a < b; }, py::is_operator())
        .def("__le__", [](DateTime a, DateTime b) { return a <= b; }, py::is_operator());
    m.def("parse_datetime", &parse_datetime, py::arg("text"));
    m.def("format_datetime", &format_datetime, py::arg("time"));
    m.def("add_hours", &add_hours, py::arg("time"), py::arg("hours"));
    m.def("ceil_to_hour", &ceil_to_hour, py::arg("time"));

    py::class_<DateRange>(m, "DateRange", "Closed range of days [first, last]")
        .def(py::init([](Date first, Date last) { return DateRange{first, last}; }), py::arg("first"), py::arg("last"))
        .def_readwrite("first", &DateRange::first)
        .def_readwrite("last", &DateRange::last)
        .def("contains", [](const DateRange& r, Date d) { return r.contains(d); }, py::arg("date"))
        .def("contains", [](const DateRange& r, const DateRange& o) { return r.contains(o); }, py::arg("range"))
        .def("days", [](const DateRange& r) { return r.days(); })
        .def("__repr__", [](const DateRange& r) {
            return "DateRange('" + format_date(r.first) + "', '" + format_date(r.last) + "')";
        });
    m.def("school_year_range", &school_year_range, py::arg("roc_year"));
    m.def("school_year_of", &school_year_of, py::arg("date"));
    m.def("term_range", &term_range, py::arg("term"));
    m.def("term_of", &term_of, py::arg("date"));
    m.def("calendar_year_range", &calendar_year_range, py::arg("ad_year"));
    m.def("school_years_ending", &school_years_ending, py::arg("last_roc_year"), py::arg("years"));
    py::class_<CalendarLookup>(m, "CalendarLookup",
                               "Where a date or term code falls in the school calendar (libaudit calendar)")
        .def_readonly("text", &CalendarLookup::text)
        .def_readonly("date", &CalendarLookup::date)
        .def_readonly("term", &CalendarLookup::term)
        .def_readonly("school_year", &CalendarLookup::school_year)
        .def_readonly("term_dates", &CalendarLookup::term_dates)
        .def_readonly("school_year_dates", &CalendarLookup::school_year_dates)
        .def_readonly("summer", &CalendarLookup::summer)
        .def("to_text", [](const CalendarLookup& c, const std::optional<std::string>& lang) {
                 return render_calendar_text(c, lang ? language_of(*lang) : default_language());
             }, py::arg("lang") = py::none(), "The CLI's `libaudit calendar` text, byte for byte")
        .def("to_json", &render_calendar_json, "The CLI's `libaudit calendar --format json` line")
        .def("__repr__", [](const CalendarLookup& c) { return "CalendarLookup('" + c.text + "')"; });
    m.def("lookup_calendar", &lookup_calendar, py::arg("text"),
          "A date (AD or ROC) or term code in the school calendar; None if the text is neither");

    // --- validators and text
    m.def("valid_national_id", &valid_national_id, py::arg("id"));
    m.def("valid_resident_id", &valid_resident_id, py::arg("id"));
    m.def("mask_national_id", &mask_national_id, py::arg("id"));
    m.def("mask_if_national_id", &mask_if_national_id, py::arg("id"),
          "An id as reports show it: masked when it is a national ID or resident certificate number");
    m.def("valid_passport_name", &valid_passport_name, py::arg("name"));
    m.def("valid_email", &valid_email, py::arg("email"));
    m.def("valid_tw_mobile", &valid_tw_mobile, py::arg("mobile"));
    m.def("person_id_problem", &person_id_problem, py::arg("id"));
    m.def("valid_person_id", &valid_person_id, py::arg("id"));
    Struct<PasswordPolicy>(m, "PasswordPolicy", "Minimum length and character classes a password needs")
        .field("min_length", &PasswordPolicy::min_length)
        .field("letter", &PasswordPolicy::letter)
        .field("upper", &PasswordPolicy::upper)
        .field("lower", &PasswordPolicy::lower)
        .field("digit", &PasswordPolicy::digit)
        .field("symbol", &PasswordPolicy::symbol);
    m.def("password_problems", &password_problems, py::arg("password"), py::arg("policy"));
    m.def("forbidden_in_file_name", &forbidden_in_file_name, py::arg("file_name"), py::arg("forbidden"));
    m.def("parse_size", &parse_size, py::arg("text"));
    m.def("expand_template", [](const std::string& tpl, const std::function<std::optional<std::string>(const std::string&)>& field) {
        std::string problem;
        std::optional<std::string> value = expand_template(tpl, field, &problem);
        return py::make_tuple(value, problem);
    }, py::arg("template"), py::arg("field"), "(text, '') or (None, problem); `field(name)` gives a value or None");
    m.def("display_width", &display_width, py::arg("text"));
    m.def("pad", &pad, py::arg("text"), py::arg("width"), py::arg("right") = false);

    // --- records, profiles, subjects
    Struct<Record>(m, "Record", "One input row: a course on a transcript")
        .field("subject_id", &Record::subject_id)
        .field("code", &Record::code)
        .field("offering", &Record::offering)
        .field("title", &Record::title)
        .field("term", &Record::term)
        .field("credits", &Record::credits)
        .field("grade", &Record::grade)
        .field("dept", &Record::dept)
        .field("school", &Record::school)
        .field("category", &Record::category)
        .field("tags", &Record::tags)
        .field("selected", &Record::selected)
        .field("approved", &Record::approved)
        .field("date", &Record::date)
        .field("end_date", &Record::end_date)
        .field("hours", &Record::hours)
        .field("extra", &Record::extra)
        .field("source_row", &Record::source_row)
        .field("planned", &Record::planned);

    Struct<Profile>(m, "Profile", "Facts about a subject (student, teacher) from the profile file")
        .field("subject_id", &Profile::subject_id)
        .field("name", &Profile::name)
        .field("english_name", &Profile::english_name)
        .field("national_id", &Profile::national_id)
        .field("email", &Profile::email)
        .field("mobile", &Profile::mobile)
        .field("programme", &Profile::programme)
        .field("entry_year", &Profile::entry_year)
        .field("semesters", &Profile::semesters)
        .field("teacher_education_pending", &Profile::teacher_education_pending)
        .field("role", &Profile::role)
        .field("employed_from", &Profile::employed_from)
        .field("employed_to", &Profile::employed_to)
        .field("submitted", &Profile::submitted)
        .field("extra", &Profile::extra)
        .field("present", &Profile::present);

    Struct<Subject>(m, "Subject", "A subject's profile and records")
        .field("profile", &Subject::profile)
        .field("records", &Subject::records);

    py::class_<RecordFile>(m, "RecordFile")
        .def_readonly("records", &RecordFile::records)
        .def_readonly("profiles", &RecordFile::profiles);

    const auto enc = py::arg("encoding") = "auto";
    m.def("read_records", [](const std::string& p, const std::string& e) { return read_records(p, read_options(e)); },
          py::arg("path"), enc);
    m.def("parse_records", [](const std::string& c, const std::string& n, const std::string& e) {
        return parse_records(c, n, read_options(e)); }, py::arg("content"), py::arg("name"), enc);
    // A planned-courses file of a what-if audit (docs/what-if.md): InputError when it has an error.
    m.def("read_plan", [](const std::string& p, const std::string& e, const std::vector<RuleSet>& r) {
        return read_plan(p, read_options(e), r); }, py::arg("path"), enc, py::arg("rulesets"));
    m.def("parse_plan", [](const std::string& c, const std::string& n, const std::string& e, const std::vector<RuleSet>& r) {
        PlanFile f = parse_plan(c, n, read_options(e), r);
        if (!f.ok()) throw InputError(std::move(f.diagnostics));
        return f.records; }, py::arg("content"), py::arg("name"), enc, py::arg("rulesets"));
    m.def("read_record_file", [](const std::string& p, const std::string& e) {
        return read_record_file(p, read_options(e)); }, py::arg("path"), enc);
    m.def("parse_record_file", [](const std::string& c, const std::string& n, const std::string& e) {
        return parse_record_file(c, n, read_options(e)); }, py::arg("content"), py::arg("name"), enc);
    m.def("read_profiles", [](const std::string& p, const std::string& e) { return read_profiles(p, read_options(e)); },
          py::arg("path"), enc);
    m.def("parse_profiles", [](const std::string& c, const std::string& n, const std::string& e) {
        return parse_profiles(c, n, read_options(e)); }, py::arg("content"), py::arg("name"), enc);
    m.def("group_subjects", &group_subjects, py::arg("records"), py::arg("profiles"));
    py::class_<SubjectReader>(m, "SubjectReader",
                              "A records file one subject at a time (streamed when grouped by subject): iterate for "
                              "(Subject, problems) pairs")
        .def(py::init([](const py::object& path, std::vector<Profile> profiles, const std::string& e) {
                 const auto p = py::module_::import("os").attr("fspath")(path).cast<std::string>();
                 return std::make_unique<SubjectReader>(p, std::move(profiles), read_options(e));
             }),
             py::arg("records"), py::arg("profiles") = std::vector<Profile>{}, enc)
        .def_property_readonly("subjects", [](const SubjectReader& r) { return r.subjects(); })
        .def_property_readonly("streaming", [](const SubjectReader& r) { return r.streaming(); })
        .def_property_readonly("why_not_streaming", [](const SubjectReader& r) { return r.why_not_streaming(); })
        .def("__iter__", [](py::object self) { return self; })
        .def("__next__", [](SubjectReader& r) {
            Subject subject;
            std::vector<Diagnostic> problems;
            if (!r.next(subject, problems)) throw py::stop_iteration();
            return py::make_tuple(std::move(subject), std::move(problems));
        });

    // --- rule sets
    py::class_<RuleSet>(m, "RuleSet", "A loaded rule set: immutable, safe to share across threads")
        .def_property_readonly("id", &RuleSet::id)
        .def_property_readonly("version", &RuleSet::version)
        .def_property_readonly("title", &RuleSet::title)
        .def_property_readonly("kind", [](const RuleSet& r) { return std::string(to_string(r.kind())); })
        .def_property_readonly("file", &RuleSet::file)
        .def_property_readonly("sha256", &RuleSet::sha256)
        .def("applies_to", [](const RuleSet& r, const Profile& p) {
            std::string why;
            const bool yes = r.applies_to(p, &why);
            return py::make_tuple(yes, why);
        }, py::arg("profile"), "(True, '') or (False, why not)")
        .def("__repr__", [](const RuleSet& r) {
            return "<RuleSet " + r.id() + " " + r.version() + " (" + r.file() + ")>";
        });
    m.def("load_ruleset", &load_ruleset, py::arg("path"));
    m.def("load_ruleset_from_string", &load_ruleset_from_string, py::arg("yaml"), py::arg("name") = "<string>");
    m.def("load_rulesets", &load_rulesets, py::arg("path"));
    m.def("rule_files", &rule_files, py::arg("path"));
    // A what-if framework in `options` (as_entry_year, rule_set) names the rule set (docs/what-if.md).
    m.def("choose_ruleset", [](const std::vector<RuleSet>& c, const Profile& p, const std::optional<AuditOptions>& o) {
        std::string why;
        std::optional<RuleSet> r = choose_ruleset(c, p, o ? *o : AuditOptions{}, &why);
        return py::make_tuple(r, why);
    }, py::arg("candidates"), py::arg("profile"), py::arg("options") = py::none(),
       "(rule set, '') or (None, why); a what-if framework in `options` names the rule set");

    py::class_<LintResult>(m, "LintResult")
        .def_readonly("ruleset", &LintResult::ruleset)
        .def_readonly("diagnostics", &LintResult::diagnostics)
        .def("has_errors", &LintResult::has_errors);
    m.def("lint_ruleset", &lint_ruleset, py::arg("path"));
    m.def("lint_ruleset_from_string", &lint_ruleset_from_string, py::arg("yaml"), py::arg("name") = "<string>");
    py::class_<LintReport>(m, "LintReport")
        .def_readonly("files", &LintReport::files)
        .def_readonly("diagnostics", &LintReport::diagnostics)
        .def("errors", &LintReport::errors)
        .def("warnings", &LintReport::warnings);
    m.def("lint_paths", &lint_paths, py::arg("paths"));
    m.def("explain", [](const RuleSet& r, const std::string& lang) { return explain(r, language_of(lang)); },
          py::arg("rules"), py::arg("lang") = "zh-TW");

    py::class_<RuleTestResult>(m, "RuleTestResult")
        .def_readonly("file", &RuleTestResult::file)
        .def_readonly("line", &RuleTestResult::line)
        .def_readonly("name", &RuleTestResult::name)
        .def_readonly("passed", &RuleTestResult::passed)
        .def_readonly("differences", &RuleTestResult::differences);
    py::class_<RuleTestReport>(m, "RuleTestReport")
        .def_readonly("results", &RuleTestReport::results)
        .def("passed", &RuleTestReport::passed)
        .def("failed", &RuleTestReport::failed);
    m.def("rule_test_files", &rule_test_files, py::arg("path"));
    m.def("run_rule_tests", &run_rule_tests, py::arg("paths"), py::call_guard<py::gil_scoped_release>());

    // --- exceptions (docs/exceptions.md): read from a file or text, passed in AuditOptions
    py::class_<AuditException>(m, "AuditException", "One exception of an exceptions file")
        .def_readonly("id", &AuditException::id)
        .def_readonly("student", &AuditException::student)
        .def_property_readonly("kind", [](const AuditException& e) { return std::string(to_string(e.kind)); })
        .def_readonly("requirement", &AuditException::requirement)
        .def_readonly("course", &AuditException::course)
        .def_readonly("term", &AuditException::term)
        .def_readonly("replaces", &AuditException::replaces)
        .def_readonly("author", &AuditException::author)
        .def_readonly("date", &AuditException::date)
        .def_readonly("reason", &AuditException::reason)
        .def_readonly("approved_by", &AuditException::approved_by);
    m.def("read_exceptions", &read_exceptions, py::arg("path"), py::arg("rules") = std::vector<RuleSet>{});
    m.def("parse_exceptions", [](const std::string& text, const std::string& name, const std::vector<RuleSet>& rules) {
        ExceptionsFile f = parse_exceptions(text, name, rules);
        if (!f.ok()) throw InputError(std::move(f.diagnostics));
        return f.exceptions;
    }, py::arg("text"), py::arg("name") = "<exceptions>", py::arg("rules") = std::vector<RuleSet>{});

    // --- audits
    Struct<AuditOptions>(m, "AuditOptions")
        .field("as_of", &AuditOptions::as_of)
        .field("selected", &AuditOptions::selected)
        .field("max_steps", &AuditOptions::max_steps)
        .field("as_of_date", &AuditOptions::as_of_date)
        .field("exceptions", &AuditOptions::exceptions)
        .field("plan", &AuditOptions::plan)
        .field("as_entry_year", &AuditOptions::as_entry_year)
        .field("rule_set", &AuditOptions::rule_set);

    // The result stays a C++ object; the package reads it through the renderers (render_json).
    py::class_<AuditResult>(m, "AuditResult")
        .def_property_readonly("status", [](const AuditResult& r) { return to_string(r.status); })
        .def_property_readonly("exit_code", [](const AuditResult& r) { return exit_code(r.status); })
        .def_property_readonly("subject_id", [](const AuditResult& r) { return r.subject.id; })
        .def_property_readonly("subject_name", [](const AuditResult& r) { return r.subject.name; })
        .def_property_readonly("ruleset_id", [](const AuditResult& r) { return r.ruleset.id; })
        .def_property_readonly("as_of", [](const AuditResult& r) { return r.as_of; })
        .def_property_readonly("as_of_date", [](const AuditResult& r) { return r.as_of_date; })
        .def_property_readonly("flag_codes", [](const AuditResult& r) {
            std::vector<std::string> codes;
            for (const auto& f : r.flags) codes.push_back(f.code);
            return codes;
        });
    py::class_<BatchItem>(m, "BatchItem")
        .def_readonly("subject_id", &BatchItem::subject_id)
        .def_readonly("result", &BatchItem::result)
        .def_readonly("error", &BatchItem::error)
        .def_readonly("problems", &BatchItem::problems);

    // Audits run without the GIL: Python threads may audit concurrently over one RuleSet.
    m.def("audit", &audit, py::arg("rules"), py::arg("subject"), py::arg("options") = AuditOptions{},
          py::call_guard<py::gil_scoped_release>());
    m.def("audit_many", [](const std::vector<RuleSet>& rules, const std::vector<Subject>& subjects,
                           const AuditOptions& o, unsigned jobs) {
        const py::gil_scoped_release release;
        return audit_many(rules, subjects, o, jobs);
    }, py::arg("rules"), py::arg("subjects"), py::arg("options") = AuditOptions{}, py::arg("jobs") = 0);
    // CSV text (e.g. from a DataFrame) straight to results: reading, grouping and auditing in C++,
    // on `jobs` threads, without the GIL.
    // `*_rows`: the row number of each data row (default: its line in the text, the header being 1).
    m.def("audit_text", [](const std::vector<RuleSet>& rules, std::string records, std::string records_name,
                           const std::optional<std::string>& profiles, const std::string& profiles_name,
                           const AuditOptions& o, unsigned jobs, const std::optional<std::vector<int>>& record_rows,
                           const std::optional<std::vector<int>>& profile_rows) {
        const py::gil_scoped_release release;
        return audit_text(rules, std::move(records), std::move(records_name), record_rows, profiles, profiles_name,
                          profile_rows, o, jobs);
    }, py::arg("rules"), py::arg("records"), py::arg("records_name"), py::arg("profiles"),
          py::arg("profiles_name"), py::arg("options") = AuditOptions{}, py::arg("jobs") = 0,
          py::arg("record_rows") = py::none(), py::arg("profile_rows") = py::none());
    // The application layer (libaudit/app.hpp): `libaudit check` from files, as the CLI runs it.
    m.def("check_records", [](const std::vector<RuleSet>& rules, const std::string& rules_name,
                              const std::string& records, const std::string& profiles, const std::string& id,
                              const AuditOptions& o, const std::string& encoding) {
        CheckRequest request;
        request.rules = rules_name;
        request.records = records;
        request.profiles = profiles;
        request.id = id;
        request.options = o;
        request.read = read_options(encoding);
        const py::gil_scoped_release release;
        return check_records(rules, request);
    }, py::arg("rules"), py::arg("rules_name"), py::arg("records"), py::arg("profiles"), py::arg("id"),
          py::arg("options"), py::arg("encoding") = "auto");
    // `libaudit explain RULES --course CODE` (libaudit/course.hpp): kept a C++ object, read through
    // its renderers (the package's CourseExplanation parses the JSON).
    py::class_<CourseExplanation>(m, "CourseExplanation")
        .def("to_text", [](const CourseExplanation& e, const std::string& lang, bool unmask) {
            return render_course_text(e, language_of(lang), unmask);
        }, py::arg("lang") = "zh-TW", py::arg("unmask_ids") = false)
        .def("to_json", [](const CourseExplanation& e, const std::string& lang, bool unmask) {
            return render_course_json(e, language_of(lang), unmask);
        }, py::arg("lang") = "zh-TW", py::arg("unmask_ids") = false);
    m.def("explain_course", [](const RuleSet& r, const std::string& code) { return explain_course(r, code); },
          py::arg("rules"), py::arg("code"));
    m.def("explain_course_subject", [](const RuleSet& r, const std::string& code, const Subject& s, const AuditOptions& o) {
        const py::gil_scoped_release release;
        return explain_course(r, code, s, o);
    }, py::arg("rules"), py::arg("code"), py::arg("subject"), py::arg("options") = AuditOptions{});
    m.def("explain_course_records", [](const std::vector<RuleSet>& rules, const std::string& rules_name,
                                       const std::string& records, const std::string& profiles, const std::string& id,
                                       const AuditOptions& o, const std::string& encoding, const std::string& code) {
        CheckRequest request;
        request.rules = rules_name;
        request.records = records;
        request.profiles = profiles;
        request.id = id;
        request.options = o;
        request.read = read_options(encoding);
        const py::gil_scoped_release release;
        return explain_course_records(rules, request, code);
    }, py::arg("rules"), py::arg("rules_name"), py::arg("records"), py::arg("profiles"), py::arg("id"),
          py::arg("options"), py::arg("encoding"), py::arg("code"));
    m.def("choose_checks_ruleset", &choose_checks_ruleset, py::arg("rulesets"), py::arg("rules_name"));
    m.def("usage_problem",
          [](const std::string& key, const std::map<std::string, std::string>& params) {
              MessageParams p;
              for (const auto& [name, value] : params) p.push_back({name, value});
              return usage_problem(key, std::move(p));
          },
          py::arg("key"), py::arg("params") = std::map<std::string, std::string>{},
          "A usage problem (U001) from the catalogue entry usage.<key>, as the CLI reports it");
    m.def("check_data", [](const std::vector<RuleSet>& rules, const std::string& rules_name,
                           const std::vector<std::string>& inputs, const std::string& name,
                           const libaudit::CheckOptions& o, const std::string& encoding) {
        const ReadOptions ro = read_options(encoding);
        const py::gil_scoped_release release;
        return check_data(rules, rules_name, inputs, name, o, ro);
    }, py::arg("rules"), py::arg("rules_name"), py::arg("inputs"), py::arg("name"), py::arg("options"),
          py::arg("encoding") = "auto");
    m.def("exit_code", [](const std::string& s) {
        for (Status st : {Status::met, Status::met_pending, Status::not_met, Status::needs_review, Status::invalid,
                          Status::not_applicable})
            if (s == to_string(st)) return exit_code(st);
        throw py::value_error("unknown status '" + s + "'");
    }, py::arg("status"));

    // Streams a records file (grouped by subject: never held whole) through audit_stream; `write`
    // gets each item in input order. A subject whose rows are bad gets `problems`, not a result.
    m.def("batch_file", [](const std::vector<RuleSet>& rules, const std::string& records,
                           const std::vector<Profile>& profiles, const std::string& encoding, const AuditOptions& o,
                           unsigned jobs, const py::function& write) {
        const ReadOptions ro = read_options(encoding);
        const py::gil_scoped_release release;
        SubjectReader reader(records, profiles, ro);
        StreamOptions so;
        so.jobs = jobs;
        const auto next = [&](Subject& s, std::vector<Diagnostic>& problems) { return reader.next(s, problems); };
        const auto emit = [&](const BatchItem& item, const std::string&) {
            const py::gil_scoped_acquire acquire;
            write(item);
        };
        return audit_stream(rules, next, emit, o, so);
    }, py::arg("rules"), py::arg("records"), py::arg("profiles"), py::arg("encoding"), py::arg("options"),
          py::arg("jobs"), py::arg("write"));

    // --- checks rule sets (kind: checks) over datasets
    Struct<DataRow>(m, "DataRow", "One input row of a dataset table, values as written")
        .field("values", &DataRow::values)
        .field("file", &DataRow::file)
        .field("line", &DataRow::line)
        .field("path", &DataRow::path)
        .field("columns", &DataRow::columns);
    Struct<DataTable>(m, "DataTable", "A named table of rows")
        .field("name", &DataTable::name)
        .field("rows", &DataTable::rows);
    Struct<Dataset>(m, "Dataset", "The tables a checks rule set looks at; `name` is the subject of the result")
        .field("name", &Dataset::name)
        .field("tables", &Dataset::tables)
        .cls()
        .def("table", &Dataset::table, py::arg("name"), py::return_value_policy::reference_internal);
    Struct<libaudit::CheckOptions>(m, "CheckOptions")
        .field("as_of", &libaudit::CheckOptions::as_of);
    m.def("read_dataset", [](const RuleSet& r, const std::vector<std::string>& inputs, const std::string& e) {
        return read_dataset(r, inputs, read_options(e));
    }, py::arg("rules"), py::arg("inputs"), enc);
    m.def("parse_dataset_input", [](const RuleSet& r, const std::string& content, const std::string& name,
                                    const std::string& table, Dataset& into, const std::string& e) {
        parse_dataset_input(r, content, name, table, into, read_options(e));
    }, py::arg("rules"), py::arg("content"), py::arg("name"), py::arg("table"), py::arg("into"), enc);
    m.def("audit_dataset", &audit_dataset, py::arg("rules"), py::arg("data"),
          py::arg("options") = libaudit::CheckOptions{}, py::call_guard<py::gil_scoped_release>());

    // --- rendering (the CLI's renderers)
    m.def("render_text", [](const AuditResult& r, const std::string& lang, bool unmask) {
        return render_text(r, render_options(lang, unmask, false));
    }, py::arg("result"), py::arg("lang") = "zh-TW", py::arg("unmask_ids") = false);
    m.def("render_json", [](const AuditResult& r, const std::string& lang, bool unmask, bool compact, int result_schema) {
        RenderOptions o = render_options(lang, unmask, compact);
        if (result_schema != 1 && result_schema != 2)
            throw py::value_error("result_schema: expected 1 or 2, got " + std::to_string(result_schema));
        o.result_schema = result_schema;
        return render_json(r, o);
    }, py::arg("result"), py::arg("lang") = "zh-TW", py::arg("unmask_ids") = false, py::arg("compact") = false,
       py::arg("result_schema") = 1);

    // --- tables for pandas
    m.def("csv_text", &csv_text, py::arg("header"), py::arg("columns"),
          "Columns of Python values (lists) as CSV text for the record readers");
    m.def("summary_columns", &summary_columns, py::arg("items"), py::arg("unmask_ids") = false);
    m.def("detail_columns", &detail_columns, py::arg("items"), py::arg("unmask_ids") = false);
}
