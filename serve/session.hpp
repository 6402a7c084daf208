// One client connection of the service: reads requests with time limits (a slow or half-open
// client is closed, it never holds a worker), answers through handle(), writes the answer, streams
// audit-many's lines as HTTP chunks.
#pragma once
#include "handler.hpp"
#include "serve.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace libaudit_serve {

// JSON lines to a file or standard error, whole lines from any thread.
class AccessLog {
public:
    explicit AccessLog(std::FILE* out) : out_(out) {}
    void write(const std::string& line);

private:
    std::mutex mutex_;
    std::FILE* out_;
};

class Session;

// What every connection shares.
struct Shared {
    Shared(const ServeOptions& o, Service& s, AccessLog& l) : options(o), service(s), log(l) {}
    const ServeOptions& options;
    Service& service;
    AccessLog& log;
    std::atomic<std::size_t> connections{0};
    std::mutex sessions_mutex;
    std::list<std::weak_ptr<Session>> sessions;  // to close idle ones at shutdown
};

class Session : public std::enable_shared_from_this<Session> {
public:
    Session(boost::asio::ip::tcp::socket socket, Shared& shared);
    ~Session();
    // Serves requests until the client leaves, a limit is hit or the service stops.
    void start();
    // Refuses the connection (too many): a 503 answer, then closed.
    void refuse();
    // At shutdown: closes the connection if it waits for a request; a request in progress finishes.
    void stop_if_idle();

private:
    void read_header();
    void on_header(boost::beast::error_code ec);
    void read_body();
    void on_body(boost::beast::error_code ec);
    void answer_error(int status, const std::string& code);
    void answer(Response response);
    void write_stream();
    void write_next_chunk();
    void finish(boost::beast::error_code ec, std::size_t bytes);
    void linger();
    void linger_more();
    void close();
    std::chrono::steady_clock::duration seconds(double s) const;

    boost::beast::tcp_stream stream_;
    boost::beast::flat_buffer buffer_;
    Shared& shared_;
    std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
    std::shared_ptr<void> message_;  // the answer being written (kept alive by the write)
    std::shared_ptr<LineStream> lines_;
    std::string chunk_;
    bool idle_ = false;       // waiting for a request's first bytes
    bool keep_alive_ = false;
    // Of the request being answered, for the access log.
    std::chrono::steady_clock::time_point started_;
    std::string method_, accept_language_;
    Response logged_;
    std::size_t bytes_in_ = 0, bytes_out_ = 0;
};

}  // namespace libaudit_serve
