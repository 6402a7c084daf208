// The result JSON every family shares (schema, subject, rule set, requirements, exclusions, flags,
// allocation), with the family's own members written before the end.
#include "render/json.hpp"
#include "base/message_text.hpp"
#include "render/still_needed.hpp"
#include "render/text.hpp"

#include <libaudit/validators.hpp>

#include <algorithm>
#include <map>
#include <charconv>
#include <optional>
#include <stdexcept>
#include <unordered_map>

namespace libaudit { inline namespace v0 {

namespace {

// "message" (the catalogue code), "params" (an object of strings) and "text" (the words in the
// chosen language); none when the item names no catalogue message.
void write_message(detail::JsonWriter& w, const std::string& code, const MessageParams& given, Language language,
                   const std::string& requirement_title) {
    if (code.empty()) return;
    w.key("message"), w.string(code);
    w.key("params");
    w.begin_object();
    for (const auto& p : given) w.key(p.name), w.string(p.value);
    w.end_object();
    // The text with requirement_title after the given parameters, into a buffer kept per thread:
    // no copy of the parameters and no string allocated per message.
    static thread_local std::string text;
    static thread_local MessageParam title{"requirement_title", {}};
    text.clear();
    title.value.assign(requirement_title);
    detail::append_message_text(text, language, code, given, &title);
    w.key("text"), w.string(text);
}

void write_amount(detail::JsonWriter& w, const char* key, const Amount& a) {
    w.key(key);
    w.begin_object();
    if (a.credits) w.key("credits"), w.number(*a.credits);
    if (a.courses) w.key("courses"), w.number(*a.courses);
    if (a.semesters) w.key("semesters"), w.number(*a.semesters);
    if (a.hours) w.key("hours"), w.number(*a.hours);
    w.end_object();
}

bool same_record(const RecordRef& a, const RecordRef& b) {
    return a.source_row == b.source_row && a.code == b.code && a.offering == b.offering && a.title == b.title &&
           a.term == b.term && a.credits == b.credits && a.grade == b.grade && a.in_progress == b.in_progress &&
           a.date == b.date && a.hours == b.hours && a.planned == b.planned;
}

// Records already written in a compact document: a record listed by several requirements (every
// level lists what its subtree counts) is serialised once and its bytes copied after; the output is
// the same. Open addressing by row; a record equal in row but not in content is written again.
class RecordCache {
public:
    RecordCache(const detail::JsonWriter& w, std::size_t records) {
        if (!w.compact()) return;
        std::size_t n = 16;
        while (n < 2 * records) n *= 2;
        table_.resize(n);
    }
    struct Entry {
        const RecordRef* ref = nullptr;
        std::size_t offset = 0, size = 0;
    };
    // The entry for r's row: a match, an empty slot to fill, or null (no cache, or the slot holds
    // another record of the same row).
    Entry* find(const RecordRef& r) {
        if (table_.empty()) return nullptr;
        const std::size_t mask = table_.size() - 1;
        for (std::size_t i = static_cast<std::size_t>(r.source_row) * 2654435761u & mask;; i = (i + 1) & mask) {
            Entry& e = table_[i];
            if (e.ref == nullptr) return 2 * used_ < table_.size() ? &e : nullptr;  // never full: probes end
            if (e.ref->source_row == r.source_row) return same_record(*e.ref, r) ? &e : nullptr;
        }
    }
    void store(Entry& e, const RecordRef& r, std::size_t offset, std::size_t size) {
        e = {&r, offset, size};
        ++used_;
    }

private:
    std::vector<Entry> table_;
    std::size_t used_ = 0;
};

void write_record_fields(detail::JsonWriter& w, const RecordRef& r);

// Schema 2: the result's records, each once (equal by row and content), in order of row, then of
// first listing (requirements depth first, then exclusions), and each listing's index among them.
class RecordIndex {
public:
    explicit RecordIndex(const AuditResult& res) {
        std::size_t listings = res.excluded.size();
        for (const auto& r : res.requirements) listings += count_tree(r);
        std::size_t n = 16;
        while (n < 2 * listings) n *= 2;
        table_.resize(n, kEmpty);
        for (const auto& r : res.requirements) add_tree(r);
        for (const auto& e : res.excluded) add(e.record);
        // Row order (the input's order), ties in order of first listing: the same for the same rows.
        order_.resize(refs_.size());
        for (std::size_t i = 0; i < order_.size(); ++i) order_[i] = i;
        std::stable_sort(order_.begin(), order_.end(),
                         [&](std::size_t a, std::size_t b) { return refs_[a]->source_row < refs_[b]->source_row; });
        index_.resize(refs_.size());
        for (std::size_t k = 0; k < order_.size(); ++k) index_[order_[k]] = k;
    }
    // The records table, in index order.
    void write(detail::JsonWriter& w) const {
        w.key("records");
        w.begin_array();
        for (const std::size_t i : order_) {
            w.begin_object();
            write_record_fields(w, *refs_[i]);
            w.end_object();
        }
        w.end_array();
    }
    std::size_t index(const RecordRef& r) const { return index_[table_[slot(r)]]; }

private:
    static constexpr std::size_t kEmpty = static_cast<std::size_t>(-1);
    std::vector<std::size_t> table_;  // open addressing by row: positions in refs_
    std::vector<const RecordRef*> refs_;  // distinct records, in order of first listing
    std::vector<std::size_t> order_, index_;

    // The slot holding a record equal to r, or the empty slot where it would go (the table is at
    // least twice the listings: probes end).
    std::size_t slot(const RecordRef& r) const {
        const std::size_t mask = table_.size() - 1;
        std::size_t i = static_cast<std::size_t>(r.source_row) * 2654435761u & mask;
        while (table_[i] != kEmpty && !same_record(*refs_[table_[i]], r)) i = (i + 1) & mask;
        return i;
    }
    void add(const RecordRef& r) {
        const std::size_t i = slot(r);
        if (table_[i] != kEmpty) return;
        table_[i] = refs_.size();
        refs_.push_back(&r);
    }
    static std::size_t count_tree(const RequirementResult& req) {
        std::size_t n = req.counted.size();
        for (const auto& c : req.children) n += count_tree(c);
        return n;
    }
    void add_tree(const RequirementResult& req) {
        for (const auto& rec : req.counted) add(rec);
        for (const auto& c : req.children) add_tree(c);
    }
};

// Where a listing of a record goes: schema 1 writes the record (bytes copied when already
// written), schema 2 its index.
struct RecordSink {
    RecordCache& cache;
    const RecordIndex* index;  // null: schema 1
};

void write_record(detail::JsonWriter& w, const RecordRef& r, RecordCache& cache) {
    RecordCache::Entry* e = cache.find(r);
    if (e != nullptr && e->ref != nullptr) return w.copy_value(e->offset, e->size);
    const std::size_t start = w.begin_object();
    write_record_fields(w, r);
    w.end_object();
    if (e != nullptr) cache.store(*e, r, start, w.size() - start);
}

void write_record(detail::JsonWriter& w, const RecordRef& r, RecordSink& sink) {
    if (sink.index != nullptr) return w.number(static_cast<double>(sink.index->index(r)));
    write_record(w, r, sink.cache);
}

void write_record_fields(detail::JsonWriter& w, const RecordRef& r) {
    w.key("code"), w.string(r.code);
    w.key("offering"), w.string(r.offering);
    w.key("title"), w.string(r.title);
    w.key("term");
    if (r.term) {
        // format_term without a string allocation: "113-1", or "113" for a whole year.
        char buf[16];
        char* end = std::to_chars(buf, buf + 8, r.term->year).ptr;
        if (r.term->semester != 0) {
            *end++ = '-';
            end = std::to_chars(end, buf + sizeof buf, r.term->semester).ptr;
        }
        w.string(std::string_view(buf, static_cast<std::size_t>(end - buf)));
    } else {
        w.null();
    }
    w.key("credits"), w.number(r.credits);
    w.key("grade"), w.string(r.grade);
    w.key("in_progress"), w.boolean(r.in_progress);
    w.key("row"), w.number(r.source_row);
    if (r.date) w.key("date"), w.string(format_date(*r.date));
    if (r.hours) w.key("hours"), w.number(*r.hours);
    if (r.planned) w.key("planned"), w.boolean(true);
}

// What a requirement still needs: amounts, sub-requirements, courses (categories for hours) and
// the sentence in the chosen language.
void write_still_needed(detail::JsonWriter& w, const RequirementResult& r, const RenderOptions& o,
                        const std::map<std::string, std::string>& titles) {
    const StillNeeded& s = *r.still_needed;
    w.key("still_needed");
    w.begin_object();
    write_amount(w, "missing", s.missing);
    write_amount(w, "awaiting", s.awaiting);
    w.key("requirements");
    w.begin_array();
    for (const auto& id : s.requirements) w.string(id);
    w.end_array();
    w.key("choose"), w.number(s.choose);
    w.key("courses");
    w.begin_array();
    for (const auto& c : s.courses) {
        w.begin_object();
        w.key("code"), w.string(c.code);
        w.key("title"), w.string(c.title);
        if (!c.title_en.empty()) w.key("title_en"), w.string(c.title_en);
        w.key("credits"), w.number(c.credits);
        if (!c.placed_in.empty()) w.key("placed_in"), w.string(c.placed_in);
        w.end_object();
    }
    w.end_array();
    if (!s.categories.empty()) {
        w.key("categories");
        w.begin_array();
        for (const auto& c : s.categories) w.string(c);
        w.end_array();
    }
    w.key("text"), w.string(detail::still_needed_text(r, o.language, titles));
    w.end_object();
}

// A checks deadline rule's figures, one per row (issue 17 item 11): lead days when the deadline
// was met, delay days when missed, and the days from the field it counts from.
void write_deadlines(detail::JsonWriter& w, const std::vector<DeadlineFigure>& figures) {
    w.key("deadlines");
    w.begin_array();
    for (const auto& d : figures) {
        w.begin_object();
        if (!d.file.empty()) w.key("file"), w.string(d.file);
        if (d.line > 0) w.key("line"), w.number(d.line);
        if (!d.path.empty()) w.key("path"), w.string(d.path);
        w.key("field"), w.string(d.field);
        w.key("value"), w.string(d.value);
        if (d.not_yet) w.key("not_yet"), w.boolean(true);
        w.key("deadline"), w.string(d.deadline);
        w.key("met"), w.boolean(d.met);
        if (d.met) w.key("lead_days"), w.number(d.lead_days);
        else w.key("delay_days"), w.number(d.delay_days);
        if (d.of_days) w.key("of"), w.string(d.of), w.key("of_days"), w.number(*d.of_days);
        w.end_object();
    }
    w.end_array();
}

void write_requirement(detail::JsonWriter& w, const RequirementResult& r, RecordSink& cache, const RenderOptions& o,
                       const std::map<std::string, std::string>& titles) {
    w.begin_object();
    w.key("id"), w.string(r.id);
    w.key("title"), w.string(r.title);
    if (!r.title_en.empty()) w.key("title_en"), w.string(r.title_en);
    w.key("kind"), w.string(r.kind);
    w.key("status"), w.string(to_string(r.status));
    w.key("shared"), w.boolean(r.shared);
    write_amount(w, "required", r.required);
    write_amount(w, "earned", r.earned);
    write_amount(w, "pending", r.pending);
    write_amount(w, "remaining", r.remaining);
    write_amount(w, "maximum", r.maximum);
    if (r.period) {
        w.key("period");
        w.begin_object();
        w.key("from"), w.string(format_date(r.period->first));
        w.key("to"), w.string(format_date(r.period->last));
        w.end_object();
    }
    if (r.months) {
        w.key("prorated");
        w.begin_object();
        w.key("months"), w.number(*r.months);
        w.key("of"), w.number(r.period_months.value_or(12));
        w.end_object();
    }
    if (!r.by_school_year.empty()) {
        w.key("by_school_year");
        w.begin_array();
        for (const auto& y : r.by_school_year) {
            w.begin_object();
            w.key("school_year"), w.number(y.school_year);
            w.key("from"), w.string(format_date(y.range.first));
            w.key("to"), w.string(format_date(y.range.last));
            write_amount(w, "earned", y.earned);
            write_amount(w, "pending", y.pending);
            w.end_object();
        }
        w.end_array();
    }
    if (r.not_needed) w.key("not_needed"), w.boolean(true);
    if (!r.exceptions.empty()) {
        w.key("exceptions");
        w.begin_array();
        for (const auto& id : r.exceptions) w.string(id);
        w.end_array();
    }
    if (r.still_needed) write_still_needed(w, r, o, titles);
    w.key("counted");
    w.begin_array();
    for (const auto& rec : r.counted) write_record(w, rec, cache);
    w.end_array();
    w.key("children");
    w.begin_array();
    for (const auto& c : r.children) write_requirement(w, c, cache, o, titles);
    w.end_array();
    if (r.checked) {
        w.key("checked"), w.number(*r.checked);
        w.key("violations"), w.number(r.violations);
    }
    if (!r.deadlines.empty()) write_deadlines(w, r.deadlines);
    w.end_object();
}

// The result's head: schema, status, subject (IDs masked unless asked), rule set, as-of.
void write_head(detail::JsonWriter& w, const AuditResult& res, const RenderOptions& o) {
    w.key("schema"), w.string(o.result_schema == 2 ? result_schema_2_id : result_schema_id);
    w.key("status"), w.string(to_string(res.status));
    w.key("subject");
    w.begin_object();
    w.key("id"), w.string(o.unmask_ids ? res.subject.id : mask_if_national_id(res.subject.id));
    w.key("name"), w.string(res.subject.name);
    w.key("national_id"), w.string(o.unmask_ids ? res.subject.national_id : mask_national_id(res.subject.national_id));
    w.key("programme"), w.string(res.subject.programme);
    if (!res.subject.role.empty()) w.key("role"), w.string(res.subject.role);
    w.key("entry_year");
    if (res.subject.entry_year) w.number(*res.subject.entry_year);
    else w.null();
    w.key("year_of_study");
    if (res.subject.year_of_study) w.number(*res.subject.year_of_study);
    else w.null();
    w.end_object();
    w.key("ruleset");
    w.begin_object();
    if (res.ruleset.kind != RuleKind::programme) w.key("kind"), w.string(to_string(res.ruleset.kind));
    w.key("id"), w.string(res.ruleset.id);
    w.key("version"), w.string(res.ruleset.version);
    w.key("title"), w.string(res.ruleset.title);
    if (!res.ruleset.title_en.empty()) w.key("title_en"), w.string(res.ruleset.title_en);
    w.key("sha256"), w.string(res.ruleset.sha256);
    w.end_object();
    w.key("engine_version"), w.string(res.engine_version);
    w.key("as_of");
    if (res.as_of) w.string(format_term(*res.as_of));
    else w.null();
    if (res.as_of_date) w.key("as_of_date"), w.string(format_date(*res.as_of_date));
    if (res.what_if) {  // only in a what-if audit (docs/what-if.md): other results are unchanged
        w.key("what_if");
        w.begin_object();
        w.key("planned"), w.number(res.what_if->planned);
        if (res.what_if->entry_year) w.key("entry_year"), w.number(*res.what_if->entry_year);
        if (!res.what_if->rule_set.empty()) w.key("rule_set"), w.string(res.what_if->rule_set);
        w.end_object();
    }
}

// Schema 2: the exclusions' distinct reasons (reason, detail, message, params: the same sentence),
// in order of first use, then each exclusion as the indexes of its record and of its reason.
void write_excluded_by_reference(detail::JsonWriter& w, const AuditResult& res, const RenderOptions& o,
                                 const RecordIndex& index) {
    std::unordered_map<std::string, std::size_t> seen;
    std::vector<const Exclusion*> reasons;
    std::vector<std::size_t> reason_of;
    reason_of.reserve(res.excluded.size());
    std::string key;
    for (const auto& e : res.excluded) {
        key.assign(e.reason).append(1, '\0').append(e.detail).append(1, '\0').append(e.message);
        for (const auto& p : e.params) key.append(1, '\0').append(p.name).append(1, '\1').append(p.value);
        const auto [it, inserted] = seen.emplace(key, reasons.size());
        if (inserted) reasons.push_back(&e);
        reason_of.push_back(it->second);
    }
    w.key("exclusion_reasons");
    w.begin_array();
    for (const Exclusion* e : reasons) {
        w.begin_object();
        w.key("reason"), w.string(e->reason);
        w.key("detail"), w.string(e->detail);
        write_message(w, e->message, e->params, o.language, {});
        w.end_object();
    }
    w.end_array();
    w.key("excluded");
    w.begin_array();
    for (std::size_t i = 0; i < res.excluded.size(); ++i) {
        w.begin_object();
        w.key("record"), w.number(static_cast<double>(index.index(res.excluded[i].record)));
        w.key("reason"), w.number(static_cast<double>(reason_of[i]));
        w.end_object();
    }
    w.end_array();
}

void write_excluded(detail::JsonWriter& w, const AuditResult& res, const RenderOptions& o, RecordSink& cache) {
    if (cache.index != nullptr) return write_excluded_by_reference(w, res, o, *cache.index);
    w.key("excluded");
    w.begin_array();
    for (const auto& e : res.excluded) {
        w.begin_object();
        w.key("record");
        write_record(w, e.record, cache);
        w.key("reason"), w.string(e.reason);
        w.key("detail"), w.string(e.detail);
        write_message(w, e.message, e.params, o.language, {});
        w.end_object();
    }
    w.end_array();
}

void write_flags(detail::JsonWriter& w, const AuditResult& res, const RenderOptions& o) {
    w.key("flags");
    std::map<std::string, std::string> titles;
    if (!res.flags.empty()) titles = detail::requirement_titles(res, o.language == Language::zh_TW);
    w.begin_array();
    for (const auto& f : res.flags) {
        w.begin_object();
        w.key("code"), w.string(f.code);
        w.key("severity"), w.string(f.severity);
        w.key("requirement"), w.string(f.requirement);
        w.key("field"), w.string(f.field);
        w.key("detail"), w.string(f.detail);
        const auto title = titles.find(f.requirement);
        write_message(w, f.message, f.params, o.language, title == titles.end() ? f.requirement : title->second);
        w.end_object();
    }
    w.end_array();
}

// The subject's exceptions and what became of each (only when there are any: results without
// exceptions are unchanged).
void write_exceptions(detail::JsonWriter& w, const AuditResult& res, const RenderOptions& o) {
    if (res.exceptions.empty()) return;
    w.key("exceptions");
    w.begin_array();
    for (const auto& e : res.exceptions) {
        w.begin_object();
        w.key("id"), w.string(e.id);
        w.key("kind"), w.string(e.kind);
        w.key("outcome"), w.string(e.outcome);
        w.key("requirement"), w.string(e.requirement);
        if (!e.renamed_from.empty()) w.key("renamed_from"), w.string(e.renamed_from);
        w.key("course"), w.string(e.course);
        w.key("author"), w.string(e.author);
        w.key("date"), w.string(format_date(e.date));
        w.key("reason"), w.string(e.reason);
        w.key("approved_by"), w.string(e.approved_by);
        w.key("detail"), w.string(e.detail);
        write_message(w, e.message, e.params, o.language, {});
        w.end_object();
    }
    w.end_array();
}

}  // namespace

// Every string of the document is scanned for IDs (group keys, titles, excluded records' text),
// whichever part of the engine wrote it, unless unmask_ids.
std::string detail::render_json_with(const AuditResult& res, const RenderOptions& o,
                                     void (*family_part)(detail::JsonWriter&, const AuditResult&, const RenderOptions&)) {
    detail::JsonWriter w(o.compact, !o.unmask_ids);
    // Room for the whole document at once (about 300 bytes per record listed, compact).
    std::size_t records = res.excluded.size();
    for (const auto& r : res.requirements) records += r.counted.size();
    w.reserve(2048 + records * (o.compact ? 600 : 1200));
    if (o.result_schema != 1 && o.result_schema != 2)
        throw std::invalid_argument("result_schema: 1 or 2, got " + std::to_string(o.result_schema));
    std::optional<RecordIndex> index;
    if (o.result_schema == 2) index.emplace(res);
    RecordCache record_cache(w, index ? 0 : records);
    RecordSink cache{record_cache, index ? &*index : nullptr};
    w.begin_object();
    write_head(w, res, o);
    if (index) index->write(w);
    w.key("requirements");
    w.begin_array();
    std::map<std::string, std::string> titles;  // names of the requirements a still-needed sentence waits on
    if (std::any_of(res.requirements.begin(), res.requirements.end(), [](const RequirementResult& r) { return r.status != Status::met; }))
        titles = detail::requirement_titles(res, o.language == Language::zh_TW);
    for (const auto& r : res.requirements) write_requirement(w, r, cache, o, titles);
    w.end_array();
    write_excluded(w, res, o, cache);
    write_flags(w, res, o);
    write_exceptions(w, res, o);
    w.key("allocation");
    w.begin_object();
    w.key("optimal"), w.boolean(res.allocation.optimal);
    w.key("steps"), w.number(static_cast<double>(res.allocation.steps));
    if (res.allocation.time_stopped) w.key("time_stopped"), w.boolean(true);
    if (res.allocation.verdict_by_ilp) w.key("verdict_by_ilp"), w.boolean(true);
    w.end_object();
    if (family_part) family_part(w, res, o);
    w.end_object();
    std::string out = w.take();
    if (!o.compact) out += '\n';
    return out;
}

}}  // namespace libaudit::v0
