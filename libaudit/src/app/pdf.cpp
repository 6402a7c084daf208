// Printable sheets to PDF (libaudit/app.hpp, docs/printing.md): the HTML written to a temporary
// folder, then one run of a Debian-packaged engine over it, started without a shell. The engine is
// LIBAUDIT_PDF_ENGINE when set (a path or a name on PATH), else the first of chromium-headless-shell
// (Chromium's headless-only build: the same rendering and PDF, about a third less CPU per cohort),
// chromium (headless print-to-PDF, docs/printing.md says why) and weasyprint found on PATH; none
// found is an IoError naming what was looked for and where.
#include <libaudit/app.hpp>
#include <libaudit/diagnostic.hpp>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fcntl.h>
#include <spawn.h>
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
std::vector<std::string> command(const std::string& program, const std::string& in, const std::string& out,
                                 const std::string& profile) {
    if (!is_chromium(program)) return {program, "--quiet", "--encoding", "utf-8", in, out};
    std::vector<std::string> argv{program, "--headless", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                                  "--no-first-run", "--disable-background-networking", "--disable-component-update",
                                  "--disable-sync", "--disable-extensions", "--user-data-dir=" + profile,
                                  "--no-pdf-header-footer", "--print-to-pdf=" + out};
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

// Starts argv with standard output and error into `log`; the process id (-1: could not start).
pid_t start(const std::vector<std::string>& argv, const std::string& log) {
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    pid_t pid = 0;
    const int started = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    return started == 0 ? pid : -1;
}

// The exit status of `pid` (-1: it never started).
int finish(pid_t pid) {
    if (pid < 0) return -1;
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
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

std::string html_to_pdf(const std::vector<std::string>& documents) {
    const std::string engine = pdf_engine();
    const std::string merge = documents.size() > 1 ? find_program("pdfunite") : "";
    if (documents.size() > 1 && merge.empty())
        throw IoError("io.pdf.no_merge", {{"path", std::getenv("PATH") ? std::getenv("PATH") : ""}});
    TempDir tmp;
    const auto name = [&](std::size_t i, const char* ext) { return tmp.path + "/" + std::to_string(i) + ext; };
    for (std::size_t i = 0; i < documents.size(); ++i) {
        std::ofstream f(name(i, ".html"), std::ios::binary);
        f << documents[i];
        if (!f.flush()) throw IoError::cannot_read(name(i, ".html"), errno);
    }
    // Two engines at a time (each is one process tree busy on one core for most of its run).
    std::vector<pid_t> running(documents.size(), -1);
    std::vector<int> status(documents.size(), 0);
    for (std::size_t i = 0; i < documents.size(); ++i) {
        if (i >= 2) status[i - 2] = finish(running[i - 2]);
        running[i] = start(command(engine, name(i, ".html"), name(i, ".pdf"), name(i, ".profile")), name(i, ".log"));
    }
    for (std::size_t i = documents.size() >= 2 ? documents.size() - 2 : 0; i < documents.size(); ++i) status[i] = finish(running[i]);
    std::vector<std::string> unite{merge};
    for (std::size_t i = 0; i < documents.size(); ++i) {
        if (status[i] != 0 || read_all(name(i, ".pdf")).compare(0, 5, "%PDF-") != 0)
            throw IoError("io.pdf.failed", {{"engine", engine}, {"status", std::to_string(status[i])},
                                            {"detail", last_line(read_all(name(i, ".log")))}});
        unite.push_back(name(i, ".pdf"));
    }
    if (documents.size() == 1) return read_all(name(0, ".pdf"));
    unite.push_back(tmp.path + "/all.pdf");
    const int joined = finish(start(unite, tmp.path + "/unite.log"));
    std::string pdf = read_all(tmp.path + "/all.pdf");
    if (joined != 0 || pdf.compare(0, 5, "%PDF-") != 0)
        throw IoError("io.pdf.failed", {{"engine", merge}, {"status", std::to_string(joined)}, {"detail", last_line(read_all(tmp.path + "/unite.log"))}});
    return pdf;
}

}}  // namespace libaudit::v0
