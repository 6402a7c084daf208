// Printable sheets to PDF (libaudit/app.hpp, docs/printing.md): the HTML written to a temporary
// folder, then one run of a Debian-packaged engine over it, started without a shell. PdfPrinter
// (batch --out-dir, a PDF per subject) keeps one Chromium running and asks it for each PDF over the
// DevTools protocol on a pipe (--remote-debugging-pipe) instead of starting one per subject. The engine is
// LIBAUDIT_PDF_ENGINE when set (a path or a name on PATH), else the first of chromium-headless-shell
// (Chromium's headless-only build: the same rendering and PDF, about a third less CPU per cohort),
// chromium (headless print-to-PDF, docs/printing.md says why) and weasyprint found on PATH; none
// found is an IoError naming what was looked for and where.
#include <libaudit/app.hpp>
#include <libaudit/diagnostic.hpp>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <thread>
#include <utility>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace libaudit { inline namespace v0 {

namespace {

bool executable(const std::string& path) { return ::access(path.c_str(), X_OK) == 0; }

// `name` as a path (it has a '/'), or the first executable of that name on PATH; "" when none.
std::string find_program(const std::string& name) {
    if (name.find('/') != std::string::npos) return executable(name) ? name : "";
    const char* path = std::getenv("PATH");
    std::istringstream dirs(path ? path : "/usr/bin:/bin");
    for (std::string dir; std::getline(dirs, dir, ':');)
        if (!dir.empty() && executable(dir + "/" + name)) return dir + "/" + name;
    return "";
}

bool is_chromium(const std::string& program) {
    const std::string base = program.substr(program.rfind('/') + 1);
    return base.find("chrom") != std::string::npos;
}

// The command line for `program` turning `in` (HTML) into `out` (PDF); `profile` is a scratch folder.
// `tagged`: Chromium's tagged (accessible) PDF, which it builds by default from an accessibility tree
// of the whole document; the parts of a cohort go without, since pdfunite drops the tags when it
// joins them (docs/performance.md#printable-sheets: a quarter of the CPU, the same pages and text).
std::vector<std::string> command(const std::string& program, const std::string& in, const std::string& out,
                                 const std::string& profile, bool tagged = true) {
    if (!is_chromium(program)) return {program, "--quiet", "--encoding", "utf-8", in, out};
    std::vector<std::string> argv{program, "--headless", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                                  "--no-first-run", "--disable-background-networking", "--disable-component-update",
                                  "--disable-sync", "--disable-extensions", "--user-data-dir=" + profile,
                                  "--no-pdf-header-footer", "--print-to-pdf=" + out};
    if (!tagged) argv.push_back("--disable-pdf-tagging");
    if (::geteuid() == 0) argv.insert(argv.begin() + 1, "--no-sandbox");  // Chromium refuses root otherwise
    argv.push_back("file://" + in);
    return argv;
}

std::string read_all(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    std::ostringstream s;
    s << f.rdbuf();
    return s.str();
}

using Clock = std::chrono::steady_clock;

// Engine runs are started in process groups of their own (below), out of the terminal's foreground
// group, so Ctrl-C would no longer reach them: while one runs, SIGINT, SIGTERM and SIGHUP (where
// the program has left them at their default) kill these groups, then end libaudit as before.
std::atomic<pid_t> engine_groups[8];

void kill_engines_and_die(int sig) {
    for (auto& group : engine_groups)
        if (const pid_t g = group.load(); g > 0) ::kill(-g, SIGKILL);
    ::signal(sig, SIG_DFL);
    ::raise(sig);
}

void track(pid_t pid, bool running) {
    static const bool installed = [] {
        for (const int sig : {SIGINT, SIGTERM, SIGHUP}) {
            struct sigaction old {};
            if (::sigaction(sig, nullptr, &old) == 0 && old.sa_handler == SIG_DFL) ::signal(sig, kill_engines_and_die);
        }
        return true;
    }();
    (void)installed;
    for (auto& group : engine_groups) {
        pid_t expected = running ? 0 : pid;
        if (group.compare_exchange_strong(expected, running ? pid : 0)) return;
    }
}

// Starts argv with standard output and error into `log`, in a process group of its own (so that a
// timeout can kill the engine with every process it started); the process id (-1: could not start).
pid_t start(const std::vector<std::string>& argv, const std::string& log, int fd_in = -1) {
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    if (fd_in >= 0) {  // the DevTools pipe: Chromium reads commands on fd 3 and writes on fd 4
        posix_spawn_file_actions_adddup2(&actions, fd_in, 3);
        posix_spawn_file_actions_adddup2(&actions, fd_in, 4);
    }
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&attributes, 0);
    pid_t pid = 0;
    const int started = posix_spawn(&pid, args[0], &actions, &attributes, args.data(), environ);
    posix_spawnattr_destroy(&attributes);
    posix_spawn_file_actions_destroy(&actions);
    if (started != 0) return -1;
    track(pid, true);
    return pid;
}

// Kills the process group `pid` leads (the engine and its renderers) and reaps `pid`.
void stop(pid_t pid) {
    if (pid <= 0) return;
    ::kill(-pid, SIGKILL);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    track(pid, false);
}

constexpr int kTimedOut = -2;

// The exit status of `pid` (-1: it never started); kTimedOut when it is still running at
// `deadline`, its process group then killed.
int finish(pid_t pid, Clock::time_point deadline = Clock::time_point::max()) {
    if (pid < 0) return -1;
    int status = 0;
    for (int nap_ms = 1;; nap_ms = std::min(nap_ms * 2, 50)) {
        const pid_t done = ::waitpid(pid, &status, deadline == Clock::time_point::max() ? 0 : WNOHANG);
        if (done == pid) break;
        if (done < 0 && errno != EINTR) {
            track(pid, false);
            return -1;
        }
        if (Clock::now() >= deadline) {
            stop(pid);
            return kTimedOut;
        }
        if (done == 0) std::this_thread::sleep_for(std::chrono::milliseconds(nap_ms));
    }
    track(pid, false);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// How long one engine run over `sheets` sheets may take: LIBAUDIT_PDF_TIMEOUT seconds when set,
// else 120 s and 3 s a sheet (docs/printing.md: a quiet machine needs about 0.06 s a sheet, one
// loaded twentyfold about 1.3 s).
std::chrono::milliseconds run_timeout(std::size_t sheets) {
    if (const char* e = std::getenv("LIBAUDIT_PDF_TIMEOUT"); e && *e) {
        char* end = nullptr;
        const double seconds = std::strtod(e, &end);
        if (*end != '\0' || !(seconds > 0) || seconds > 1e6) throw IoError("io.pdf.bad_timeout", {{"value", e}});
        return std::chrono::milliseconds(static_cast<long long>(std::ceil(seconds * 1000)));
    }
    return std::chrono::seconds(120 + 3 * static_cast<long long>(sheets));
}

std::string seconds_text(std::chrono::milliseconds ms) {
    std::ostringstream s;
    s << static_cast<double>(ms.count()) / 1000;
    return s.str();
}

[[noreturn]] void timed_out(const std::string& engine, std::chrono::milliseconds limit) {
    throw IoError("io.pdf.timeout", {{"engine", engine}, {"seconds", seconds_text(limit)}});
}

// The sheets in an HTML document (render_html: each is a <section class="sheet">), at least 1.
std::size_t sheets_in(const std::string& html) {
    std::size_t n = 0;
    for (std::size_t at = html.find("<section class=\"sheet\""); at != std::string::npos; at = html.find("<section class=\"sheet\"", at + 1)) ++n;
    return std::max<std::size_t>(n, 1);
}

// The last line of the engine's output that says something, for the error message.
std::string last_line(const std::string& text) {
    std::string last, line;
    std::istringstream in(text);
    while (std::getline(in, line))
        if (line.find_first_not_of(" \t\r") != std::string::npos) last = line;
    return last.size() > 300 ? last.substr(0, 300) : last;
}

struct TempDir {
    std::string path;
    TempDir() {
        const char* tmp = std::getenv("TMPDIR");
        std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/libaudit-pdf-XXXXXX";
        if (::mkdtemp(pattern.data()) == nullptr) throw IoError::cannot_read(pattern, errno);
        path = pattern;
    }
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
};

}  // namespace

std::string pdf_engine() {
    if (const char* e = std::getenv("LIBAUDIT_PDF_ENGINE"); e && *e) {
        const std::string found = find_program(e);
        if (found.empty()) throw IoError("io.pdf.engine_missing", {{"engine", e}, {"path", std::getenv("PATH") ? std::getenv("PATH") : ""}});
        return found;
    }
    for (const char* name : {"chromium-headless-shell", "chromium", "chromium-browser", "weasyprint"})
        if (std::string found = find_program(name); !found.empty()) return found;
    throw IoError("io.pdf.no_engine", {{"path", std::getenv("PATH") ? std::getenv("PATH") : ""}});
}

std::string html_to_pdf(const std::string& html) { return html_to_pdf(std::vector<std::string>{html}); }

namespace {

// Engine runs under way; those still running when it goes (a timeout, a failure) are killed.
struct Runs {
    std::vector<pid_t> pids;
    std::vector<Clock::time_point> deadlines;
    explicit Runs(std::size_t n) : pids(n, -1), deadlines(n) {}
    ~Runs() {
        for (pid_t& pid : pids)
            if (pid > 0) stop(std::exchange(pid, -1));
    }
    Runs(const Runs&) = delete;
    Runs& operator=(const Runs&) = delete;
    // Run i's exit status; a run past its deadline is killed with the others and reported.
    int finish_run(std::size_t i, const std::string& engine, std::chrono::milliseconds limit) {
        const int status = finish(pids[i], deadlines[i]);
        pids[i] = -1;
        if (status == kTimedOut) timed_out(engine, limit);
        return status;
    }
};

}  // namespace

std::string html_to_pdf(const std::vector<std::string>& documents) {
    const std::string engine = pdf_engine();
    const std::string merge = documents.size() > 1 ? find_program("pdfunite") : "";
    if (documents.size() > 1 && merge.empty())
        throw IoError("io.pdf.no_merge", {{"path", std::getenv("PATH") ? std::getenv("PATH") : ""}});
    TempDir tmp;
    const auto name = [&](std::size_t i, const char* ext) { return tmp.path + "/" + std::to_string(i) + ext; };
    std::vector<std::chrono::milliseconds> limits;
    std::size_t sheets = 0;
    for (std::size_t i = 0; i < documents.size(); ++i) {
        std::ofstream f(name(i, ".html"), std::ios::binary);
        f << documents[i];
        if (!f.flush()) throw IoError::cannot_read(name(i, ".html"), errno);
        sheets += sheets_in(documents[i]);
        limits.push_back(run_timeout(sheets_in(documents[i])));
    }
    // Two engines at a time (each is one process tree busy on one core for most of its run); the parts
    // of a cohort untagged, as pdfunite would drop their tags.
    Runs runs(documents.size());
    std::vector<int> status(documents.size(), 0);
    for (std::size_t i = 0; i < documents.size(); ++i) {
        if (i >= 2) status[i - 2] = runs.finish_run(i - 2, engine, limits[i - 2]);
        runs.deadlines[i] = Clock::now() + limits[i];
        runs.pids[i] = start(command(engine, name(i, ".html"), name(i, ".pdf"), name(i, ".profile"), documents.size() == 1),
                             name(i, ".log"));
    }
    for (std::size_t i = documents.size() >= 2 ? documents.size() - 2 : 0; i < documents.size(); ++i)
        status[i] = runs.finish_run(i, engine, limits[i]);
    std::vector<std::string> unite{merge};
    for (std::size_t i = 0; i < documents.size(); ++i) {
        if (status[i] != 0 || read_all(name(i, ".pdf")).compare(0, 5, "%PDF-") != 0)
            throw IoError("io.pdf.failed", {{"engine", engine}, {"status", std::to_string(status[i])},
                                            {"detail", last_line(read_all(name(i, ".log")))}});
        unite.push_back(name(i, ".pdf"));
    }
    if (documents.size() == 1) return read_all(name(0, ".pdf"));
    unite.push_back(tmp.path + "/all.pdf");
    Runs join(1);
    join.deadlines[0] = Clock::now() + run_timeout(sheets);
    join.pids[0] = start(unite, tmp.path + "/unite.log");
    const int joined = join.finish_run(0, merge, run_timeout(sheets));
    std::string pdf = read_all(tmp.path + "/all.pdf");
    if (joined != 0 || pdf.compare(0, 5, "%PDF-") != 0)
        throw IoError("io.pdf.failed", {{"engine", merge}, {"status", std::to_string(joined)}, {"detail", last_line(read_all(tmp.path + "/unite.log"))}});
    return pdf;
}

// --- PdfPrinter: one headless Chromium for many documents, driven over --remote-debugging-pipe
// (Chromium reads commands on fd 3 and writes replies and events on fd 4, each a JSON text ending
// in a NUL byte). Both are one end of a socket pair here, so a write to a Chromium that died is an
// error (MSG_NOSIGNAL), not SIGPIPE.

namespace {

// The string value of "key" in a DevTools message ("" when absent); the values read here (ids, base64) have no escapes.
std::string json_string(const std::string& message, const std::string& key) {
    const std::string pattern = "\"" + key + "\":\"";
    const std::size_t at = message.find(pattern);
    if (at == std::string::npos) return "";
    const std::size_t start = at + pattern.size();
    const std::size_t end = message.find('"', start);
    return end == std::string::npos ? "" : message.substr(start, end - start);
}

std::string base64_decode(const std::string& text) {
    std::string out;
    out.reserve(text.size() / 4 * 3);
    unsigned value = 0;
    int bits = 0;
    for (const char ch : text) {
        int v = -1;
        if (ch >= 'A' && ch <= 'Z') v = ch - 'A';
        else if (ch >= 'a' && ch <= 'z') v = ch - 'a' + 26;
        else if (ch >= '0' && ch <= '9') v = ch - '0' + 52;
        else if (ch == '+') v = 62;
        else if (ch == '/') v = 63;
        if (v < 0) continue;  // padding, escapes
        value = (value << 6) | static_cast<unsigned>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((value >> bits) & 0xFF);
        }
    }
    return out;
}

}  // namespace

struct PdfPrinter::Impl {
    std::string engine;
    std::unique_ptr<TempDir> tmp;  // made at the first print
    pid_t pid = -1;
    int fd = -1;             // our end of the socket pair
    std::string buffer;      // bytes read and not yet split into messages
    int next_id = 0;
    std::string session;     // the page's DevTools session
    std::size_t printed = 0;
    std::chrono::milliseconds limit{0};  // of one print (and the browser's start with the first)
    Clock::time_point deadline = Clock::time_point::max();

    [[noreturn]] void fail(const std::string& why) {
        const std::string log = last_line(read_all(tmp->path + "/chromium.log"));
        throw IoError("io.pdf.failed", {{"engine", engine}, {"status", why}, {"detail", log}});
    }
    // Starts Chromium with the other end of a socket pair as its fds 3 and 4.
    void start_browser() {
        int pair[2];
        if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0) fail("socketpair");
        fd = pair[0];
        const int theirs = ::fcntl(pair[1], F_DUPFD_CLOEXEC, 10);  // above 4, so dup2 to 3 and 4 always copies
        ::close(pair[1]);
        std::vector<std::string> argv = command(engine, "", "", tmp->path + "/profile");
        argv.pop_back();  // no URL, and no headless command (--print-to-pdf, --no-pdf-header-footer): Chromium refuses them with a pipe
        argv.erase(std::remove_if(argv.begin(), argv.end(), [](const std::string& a) { return a.find("pdf") != std::string::npos; }), argv.end());
        argv.push_back("--remote-debugging-pipe");
        argv.push_back("about:blank");
        pid = start(argv, tmp->path + "/chromium.log", theirs);
        ::close(theirs);
        if (pid < 0) fail("spawn");
    }
    // Past the deadline of the print under way: the browser and its renderers are killed.
    [[noreturn]] void give_up() {
        stop(std::exchange(pid, -1));
        ::close(std::exchange(fd, -1));
        buffer.clear();
        timed_out(engine, limit);
    }
    void send(const std::string& method, const std::string& params, bool in_session) {
        std::string message = "{\"id\":" + std::to_string(++next_id);
        if (in_session) message += ",\"sessionId\":\"" + session + "\"";
        message += ",\"method\":\"" + method + "\",\"params\":{" + params + "}}";
        message += '\0';
        for (std::size_t done = 0; done < message.size();) {
            const ssize_t n = ::send(fd, message.data() + done, message.size() - done, MSG_NOSIGNAL);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) fail(method);
            done += static_cast<std::size_t>(n);
        }
    }
    std::string receive() {
        for (;;) {
            if (const std::size_t end = buffer.find('\0'); end != std::string::npos) {
                std::string message = buffer.substr(0, end);
                buffer.erase(0, end + 1);
                return message;
            }
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
            if (left <= 0) give_up();
            pollfd ready{fd, POLLIN, 0};
            const int polled = ::poll(&ready, 1, static_cast<int>(std::min<long long>(left, 60000)));
            if (polled < 0 && errno == EINTR) continue;
            if (polled == 0) continue;  // the deadline is checked above
            char chunk[65536];
            const ssize_t n = ::read(fd, chunk, sizeof chunk);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) fail("exit");
            buffer.append(chunk, static_cast<std::size_t>(n));
        }
    }
    // The reply to the last command sent; with `event`, also waits for that event of the page.
    std::string call(const std::string& method, const std::string& params, bool in_session, const char* event = nullptr) {
        send(method, params, in_session);
        const std::string reply_start = "{\"id\":" + std::to_string(next_id) + ",";
        std::string reply;
        bool seen = event == nullptr;
        while (reply.empty() || !seen) {
            std::string message = receive();
            if (message.compare(0, reply_start.size(), reply_start) == 0) {
                if (message.find("\"error\":") != std::string::npos && message.find("\"result\":") == std::string::npos)
                    fail(method + ": " + message.substr(0, 200));
                reply = std::move(message);
            } else if (event && message.find(std::string("\"method\":\"") + event + "\"") != std::string::npos) {
                seen = true;
            }
        }
        return reply;
    }
    void open_page() {
        start_browser();
        const std::string target = json_string(call("Target.createTarget", "\"url\":\"about:blank\"", false), "targetId");
        session = json_string(call("Target.attachToTarget", "\"targetId\":\"" + target + "\",\"flatten\":true", false), "sessionId");
        if (session.empty()) fail("Target.attachToTarget");
        call("Page.enable", "", true);
    }
};

PdfPrinter::PdfPrinter() : impl_(std::make_unique<Impl>()) {}

PdfPrinter::~PdfPrinter() {
    if (!impl_ || impl_->pid < 0) return;
    try {
        impl_->send("Browser.close", "", false);
    } catch (...) {}  // already gone
    ::close(impl_->fd);
    if (finish(impl_->pid, Clock::now() + std::chrono::seconds(30)) == kTimedOut) {}  // killed: nothing more to do
}

std::string PdfPrinter::print(const std::string& html) {
    Impl& p = *impl_;
    if (p.engine.empty()) p.engine = pdf_engine();
    if (!is_chromium(p.engine)) return html_to_pdf(html);
    if (!p.tmp) p.tmp = std::make_unique<TempDir>();  // WeasyPrint: one run per document
    p.limit = run_timeout(sheets_in(html));
    p.deadline = Clock::now() + p.limit;
    if (p.pid < 0) p.open_page();
    const std::string path = p.tmp->path + "/" + std::to_string(++p.printed % 2) + ".html";
    {
        std::ofstream f(path, std::ios::binary);
        f << html;
        if (!f.flush()) throw IoError::cannot_read(path, errno);
    }
    p.call("Page.navigate", "\"url\":\"file://" + path + "\"", true, "Page.loadEventFired");
    // As --print-to-pdf with --no-pdf-header-footer prints: the style sheet's @page size and margins.
    const std::string reply = p.call("Page.printToPDF", "\"preferCSSPageSize\":true,\"displayHeaderFooter\":false,\"printBackground\":true", true);
    std::string pdf = base64_decode(json_string(reply, "data"));
    if (pdf.compare(0, 5, "%PDF-") != 0) p.fail("Page.printToPDF");
    return pdf;
}

}}  // namespace libaudit::v0
