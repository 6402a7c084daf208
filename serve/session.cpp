// One client connection (session.hpp).
#include "session.hpp"

#include "catalog.hpp"

#include "base/json_writer.hpp"

#include <array>

#include <libaudit/version.hpp>

namespace libaudit_serve {

namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace net = boost::asio;

void AccessLog::write(const std::string& line) {
    std::lock_guard<std::mutex> lock(mutex_);
    std::fputs(line.c_str(), out_);
    std::fputc('\n', out_);
    std::fflush(out_);
}

Session::Session(net::ip::tcp::socket socket, Shared& shared) : stream_(std::move(socket)), shared_(shared) {
    ++shared_.connections;
}

Session::~Session() { --shared_.connections; }

std::chrono::steady_clock::duration Session::seconds(double s) const {
    return std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(s));
}

void Session::start() {
    {
        std::lock_guard<std::mutex> lock(shared_.sessions_mutex);
        shared_.sessions.remove_if([](const std::weak_ptr<Session>& w) { return w.expired(); });
        shared_.sessions.push_back(weak_from_this());
    }
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->read_header(); });
}

void Session::refuse() {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] {
        self->started_ = std::chrono::steady_clock::now();
        self->answer_error(503, "serve.busy");
    });
}

void Session::stop_if_idle() {
    net::post(stream_.get_executor(), [self = shared_from_this()] {
        if (self->idle_ && self->buffer_.size() == 0) self->close();
    });
}

void Session::read_header() {
    if (shared_.service.stopping.load()) return close();
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(shared_.options.max_header));
    parser_->body_limit(shared_.options.max_body);
    idle_ = true;
    stream_.expires_after(seconds(shared_.options.header_timeout));
    http::async_read_header(stream_, buffer_, *parser_,
                            [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_header(ec); });
}

void Session::on_header(beast::error_code ec) {
    idle_ = false;
    started_ = std::chrono::steady_clock::now();
    if (ec == http::error::header_limit) return answer_error(431, "serve.header_too_large");
    if (ec == http::error::body_limit) return answer_error(413, "serve.body_too_large");
    if (ec == beast::error::timeout || ec == http::error::end_of_stream || ec == net::error::eof ||
        ec == net::error::operation_aborted || ec == net::error::connection_reset)
        return close();
    if (ec) return answer_error(400, "serve.bad_http");
    const auto& header = parser_->get();
    method_ = std::string(header.method_string());
    accept_language_ = std::string(header[http::field::accept_language]);
    if (beast::iequals(header[http::field::expect], "100-continue")) {
        auto go_on = std::make_shared<http::response<http::empty_body>>(http::status::continue_, 11);
        message_ = go_on;
        stream_.expires_after(seconds(shared_.options.body_timeout));
        return http::async_write(stream_, *go_on, [self = shared_from_this()](beast::error_code e, std::size_t) {
            if (e) return self->close();
            self->read_body();
        });
    }
    read_body();
}

void Session::read_body() {
    stream_.expires_after(seconds(shared_.options.body_timeout));
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_body(ec); });
}

void Session::on_body(beast::error_code ec) {
    if (ec == http::error::body_limit) return answer_error(413, "serve.body_too_large");
    if (ec == beast::error::timeout || ec == net::error::eof || ec == http::error::partial_message ||
        ec == net::error::connection_reset || ec == net::error::operation_aborted)
        return close();
    if (ec) return answer_error(400, "serve.bad_http");
    auto& message = parser_->get();
    Request request;
    request.method = std::string(message.method_string());
    request.target = std::string(message.target());
    request.authorization = std::string(message[http::field::authorization]);
    request.accept_language = accept_language_;
    request.accept = std::string(message[http::field::accept]);
    request.content_type = std::string(message[http::field::content_type]);
    request.body = std::move(message.body());
    bytes_in_ = request.body.size();
    keep_alive_ = message.keep_alive();
    answer(handle(shared_.service, request));
}

void Session::answer_error(int status, const std::string& code) {
    keep_alive_ = false;
    libaudit::Language language = libaudit::default_language();
    if (auto parsed = libaudit::parse_language(accept_language_.substr(0, accept_language_.find_first_of(",;"))))
        language = *parsed;
    Response r = error_response(status, language, code);
    r.route = "transport";
    answer(std::move(r));
}

void Session::answer(Response response) {
    if (shared_.service.stopping.load()) keep_alive_ = false;
    logged_ = std::move(response);
    stream_.expires_after(seconds(shared_.options.request_timeout));
    const unsigned status = static_cast<unsigned>(logged_.status);
    if (logged_.stream) {
        lines_ = std::move(logged_.stream);
        return write_stream();
    }
    auto res = std::make_shared<http::response<http::string_body>>(static_cast<http::status>(status), 11);
    res->set(http::field::server, "libaudit");
    res->set(http::field::content_type, logged_.content_type + "; charset=utf-8");
    if (logged_.challenge) res->set(http::field::www_authenticate, "Bearer");
    res->keep_alive(keep_alive_);
    bytes_out_ = logged_.body.size();
    if (method_ != "HEAD") res->body() = std::move(logged_.body);
    res->prepare_payload();
    if (method_ == "HEAD") res->content_length(bytes_out_);
    message_ = res;
    http::async_write(stream_, *res, [self = shared_from_this()](beast::error_code ec, std::size_t n) { self->finish(ec, n); });
}

// audit-many: the header, one chunk per answer line, the last chunk.
void Session::write_stream() {
    auto res = std::make_shared<http::response<http::empty_body>>(http::status::ok, 11);
    res->set(http::field::server, "libaudit");
    res->set(http::field::content_type, "application/x-ndjson; charset=utf-8");
    res->keep_alive(keep_alive_);
    res->chunked(true);
    auto serializer = std::make_shared<http::response_serializer<http::empty_body>>(*res);
    message_ = std::make_shared<std::pair<decltype(res), decltype(serializer)>>(res, serializer);
    http::async_write_header(stream_, *serializer, [self = shared_from_this()](beast::error_code ec, std::size_t) {
        if (ec) return self->close();
        self->write_next_chunk();
    });
}

void Session::write_next_chunk() {
    stream_.expires_after(seconds(shared_.options.request_timeout));
    if (!lines_->next(chunk_)) {
        logged_.audits = lines_->audits;
        return net::async_write(stream_, http::make_chunk_last(),
                                [self = shared_from_this()](beast::error_code ec, std::size_t n) { self->finish(ec, n); });
    }
    bytes_out_ += chunk_.size();
    net::async_write(stream_, http::make_chunk(net::buffer(chunk_)), [self = shared_from_this()](beast::error_code ec, std::size_t) {
        if (ec) return self->close();
        self->write_next_chunk();
    });
}

// The access log line: no query, no body, no address: nothing that could name a person.
void Session::finish(beast::error_code ec, std::size_t) {
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started_).count();
    libaudit::detail::JsonWriter w(true);
    w.begin_object();
    w.key("time"), w.string(utc_now());
    w.key("route"), w.string(logged_.route);
    const bool known = method_ == "GET" || method_ == "POST" || method_ == "HEAD" || method_ == "PUT" ||
                       method_ == "DELETE" || method_ == "OPTIONS" || method_ == "PATCH";
    w.key("method"), w.string(known ? method_ : method_.empty() ? "" : "other");
    w.key("status"), w.number(logged_.status);
    w.key("ms"), w.number(static_cast<double>(static_cast<long>(ms * 1000)) / 1000);
    w.key("bytes_in"), w.number(static_cast<double>(bytes_in_));
    w.key("bytes_out"), w.number(static_cast<double>(bytes_out_));
    w.key("audits"), w.number(logged_.audits);
    if (!logged_.token_name.empty()) w.key("token"), w.string(logged_.token_name);
    if (ec) w.key("write_error"), w.string(ec.message());
    w.end_object();
    shared_.log.write(w.str());
    message_.reset();
    lines_.reset();
    bytes_in_ = bytes_out_ = 0;
    method_.clear();
    if (ec) return close();
    if (!keep_alive_) return linger();
    read_header();
}

// Closes after an answer the client may still be sending to (413 while its body arrives): our
// side shut for sending, what it sends read and dropped until it closes too or a second passes,
// so that it reads the answer instead of a connection reset.
void Session::linger() {
    beast::error_code ignored;
    stream_.socket().shutdown(net::ip::tcp::socket::shutdown_send, ignored);
    stream_.expires_after(std::chrono::seconds(1));
    auto drain = std::make_shared<std::array<char, 4096>>();
    message_ = drain;
    stream_.async_read_some(net::buffer(*drain), [self = shared_from_this()](beast::error_code ec, std::size_t) {
        if (ec) return self->close();
        self->linger_more();
    });
}

void Session::linger_more() {
    auto drain = std::static_pointer_cast<std::array<char, 4096>>(message_);
    stream_.async_read_some(net::buffer(*drain), [self = shared_from_this()](beast::error_code ec, std::size_t) {
        if (ec) return self->close();
        self->linger_more();
    });
}

void Session::close() {
    beast::error_code ignored;
    stream_.socket().shutdown(net::ip::tcp::socket::shutdown_both, ignored);
    stream_.socket().close(ignored);
}

}  // namespace libaudit_serve
