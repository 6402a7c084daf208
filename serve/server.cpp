// `libaudit serve` (serve.hpp): the listening socket, the thread pool, the signals (SIGHUP reloads
// the rule sets, SIGTERM and SIGINT stop gracefully), the start and reload events in the log.
#include "serve.hpp"

#include "catalog.hpp"
#include "handler.hpp"
#include "session.hpp"

#include <libaudit/diagnostic.hpp>
#include <libaudit/messages.hpp>

#include "base/json_writer.hpp"

#include <boost/asio.hpp>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <thread>
#include <vector>

namespace libaudit_serve {

namespace net = boost::asio;
using tcp = net::ip::tcp;

extern const char* const built_in_openapi;
extern const char* const built_in_page;

namespace {

// Every problem of a failed load, one per line, as the CLI prints them (in the default language).
std::string load_error_text() {
    const libaudit::Language language = libaudit::default_language();
    try {
        throw;
    } catch (const libaudit::Error& e) {
        std::string text;
        for (const auto& d : e.diagnostics()) text += (text.empty() ? "" : "\n") + libaudit::format_diagnostic(d, language, false);
        return text;
    } catch (const libaudit::IoError& e) {
        return libaudit::error_text(e, language);
    }
}

std::string event_line(const char* event, std::initializer_list<std::pair<const char*, std::string>> fields) {
    libaudit::detail::JsonWriter w(true);
    w.begin_object();
    w.key("time"), w.string(utc_now());
    w.key("event"), w.string(event);
    for (const auto& [key, value] : fields) w.key(key), w.string(value);
    w.end_object();
    return w.str();
}

class Server {
public:
    Server(const ServeOptions& options, Service& service, AccessLog& log)
        : options_(options), threads_(options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency())),
          ioc_(static_cast<int>(threads_)), acceptor_(ioc_), signals_(ioc_, SIGHUP, SIGTERM, SIGINT), grace_(ioc_),
          shared_{options, service, log} {}

    // Binds; false (and a message on standard error) when it cannot.
    bool bind() {
        boost::system::error_code ec;
        const auto address = net::ip::make_address(options_.listen, ec);
        if (!ec) {
            const tcp::endpoint endpoint(address, options_.port);
            acceptor_.open(endpoint.protocol(), ec);
            if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
            if (!ec) acceptor_.bind(endpoint, ec);
            if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
        }
        if (ec) {
            std::cerr << "libaudit: "
                      << libaudit::message_text(libaudit::default_language(), "serve.cannot_listen",
                                                {{"address", options_.listen + ":" + std::to_string(options_.port)},
                                                 {"reason", ec.message()}})
                      << "\n";
            return false;
        }
        return true;
    }

    int run() {
        const unsigned short port = acceptor_.local_endpoint().port();
        std::cout << libaudit::message_text(libaudit::default_language(), "serve.listening",
                                            {{"url", "http://" + options_.listen + ":" + std::to_string(port) + "/"},
                                             {"threads", std::to_string(threads_)}})
                  << std::endl;
        shared_.log.write(event_line("start", {{"listen", options_.listen + ":" + std::to_string(port)},
                                               {"threads", std::to_string(threads_)}}));
        accept();
        wait_for_signal();
        std::vector<std::thread> pool;
        for (unsigned i = 1; i < threads_; ++i) pool.emplace_back([this] { ioc_.run(); });
        ioc_.run();
        for (auto& t : pool) t.join();
        shared_.log.write(event_line("stop", {}));
        return 0;
    }

private:
    void accept() {
        acceptor_.async_accept(net::make_strand(ioc_), [this](boost::system::error_code ec, tcp::socket socket) {
            if (ec == net::error::operation_aborted || !acceptor_.is_open()) return;
            if (!ec) {
                auto session = std::make_shared<Session>(std::move(socket), shared_);
                if (shared_.connections.load() > options_.max_connections) session->refuse();
                else session->start();
            }
            accept();
        });
    }

    void wait_for_signal() {
        signals_.async_wait([this](boost::system::error_code ec, int signal) {
            if (ec) return;
            if (signal == SIGHUP) {
                reload();
                return wait_for_signal();
            }
            stop();
        });
    }

    // A new catalogue from the same paths, swapped in whole; on failure the old one stays.
    void reload() {
        auto& holder = *shared_.service.catalog;
        try {
            holder.set(load_catalog(options_.rules, holder.get()->generation + 1));
            holder.set_reload_error("", utc_now());
            shared_.log.write(event_line("reload", {{"result", "ok"}}));
        } catch (const libaudit::Error&) {
            failed_reload(holder);
        } catch (const libaudit::IoError&) {
            failed_reload(holder);
        }
    }

    void failed_reload(CatalogHolder& holder) {
        const std::string why = load_error_text();
        holder.set_reload_error(why, utc_now());
        shared_.log.write(event_line("reload", {{"result", "failed"}, {"error", why}}));
    }

    // No new connections; idle ones closed; requests in flight finish (within the grace period).
    void stop() {
        shared_.service.stopping = true;
        shared_.log.write(event_line("stopping", {}));
        boost::system::error_code ignored;
        acceptor_.close(ignored);
        {
            std::lock_guard<std::mutex> lock(shared_.sessions_mutex);
            for (auto& weak : shared_.sessions)
                if (auto session = weak.lock()) session->stop_if_idle();
            shared_.sessions.clear();
        }
        deadline_ = std::chrono::steady_clock::now() +
                    std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(options_.shutdown_grace));
        wait_for_sessions();
    }

    void wait_for_sessions() {
        if (shared_.connections.load() == 0 || std::chrono::steady_clock::now() >= deadline_) {
            signals_.cancel();
            ioc_.stop();
            return;
        }
        grace_.expires_after(std::chrono::milliseconds(50));
        grace_.async_wait([this](boost::system::error_code) { wait_for_sessions(); });
    }

    const ServeOptions& options_;
    unsigned threads_;
    net::io_context ioc_;
    tcp::acceptor acceptor_;
    net::signal_set signals_;
    net::steady_timer grace_;
    std::chrono::steady_clock::time_point deadline_;
    Shared shared_;
};

}  // namespace

int run_serve(const ServeOptions& options) {
    // Before any thread starts: every message not in a request's own language is in this one.
    if (!options.lang.empty()) setenv("LIBAUDIT_LANG", options.lang.c_str(), 1);
    Service service;
    std::unique_ptr<CatalogHolder> holder;
    try {
        holder = std::make_unique<CatalogHolder>(load_catalog(options.rules, 1));
        if (!options.tokens.empty()) service.tokens = read_tokens(options.tokens);
    } catch (const libaudit::Error&) {
        std::cerr << load_error_text() << "\n";
        return 2;
    } catch (const libaudit::IoError&) {
        std::cerr << "libaudit: " << load_error_text() << "\n";
        return 3;
    }
    service.catalog = holder.get();
    service.openapi = built_in_openapi;
    service.page = built_in_page;
    service.max_steps = options.max_steps;
    std::FILE* log_file = options.access_log == "-" ? stderr : std::fopen(options.access_log.c_str(), "a");
    if (log_file == nullptr) {
        std::cerr << "libaudit: " << libaudit::error_text(libaudit::IoError::cannot_write(options.access_log, errno),
                                                          libaudit::default_language())
                  << "\n";
        return 3;
    }
    AccessLog log(log_file);
    Server server(options, service, log);
    const int rc = server.bind() ? server.run() : 3;
    if (log_file != stderr) std::fclose(log_file);
    return rc;
}

}  // namespace libaudit_serve
