// A load generator for `libaudit serve` (docs/performance.md): CONNECTIONS keep-alive connections
// over loopback, each a thread sending the same request one after another until REQUESTS have been
// sent in all; prints throughput, latency percentiles and the number of failures (any answer other
// than 200, or a broken connection) as one JSON line. Not a test: tests/bench/serve_load.py runs it
// against a service it starts.
//   serve_load PORT BODY_FILE TARGET [CONNECTIONS=32] [REQUESTS=20000] [TOKEN]
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace net = boost::asio;
using Clock = std::chrono::steady_clock;

namespace {

struct Load {
    unsigned short port = 0;
    std::string body, target, token;
    int connections = 32;
    long requests = 20000;
    std::atomic<long> next{0};
    std::atomic<long> errors{0};
};

// One connection: requests until the shared count is reached; latencies in microseconds.
void connection(Load& load, std::vector<double>& latencies) {
    net::io_context ioc;
    beast::tcp_stream stream(ioc);
    stream.connect(net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), load.port));
    stream.socket().set_option(net::ip::tcp::no_delay(true));
    http::request<http::string_body> req{http::verb::post, load.target, 11};
    req.set(http::field::host, "127.0.0.1");
    req.set(http::field::content_type, "application/json");
    if (!load.token.empty()) req.set(http::field::authorization, "Bearer " + load.token);
    req.keep_alive(true);
    req.body() = load.body;
    req.prepare_payload();
    beast::flat_buffer buffer;
    while (load.next.fetch_add(1) < load.requests) {
        const auto start = Clock::now();
        beast::error_code ec;
        http::write(stream, req, ec);
        http::response<http::string_body> res;
        if (!ec) http::read(stream, buffer, res, ec);
        latencies.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count());
        if (ec || res.result_int() != 200) ++load.errors;
        if (ec) return;
    }
}

double percentile(const std::vector<double>& sorted, double p) {
    if (sorted.empty()) return 0;
    return sorted[std::min(sorted.size() - 1, static_cast<std::size_t>(p * static_cast<double>(sorted.size())))];
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 4) {
        std::cerr << "usage: serve_load PORT BODY_FILE TARGET [CONNECTIONS] [REQUESTS] [TOKEN]\n";
        return 2;
    }
    Load load;
    load.port = static_cast<unsigned short>(std::stoi(argv[1]));
    std::ifstream in(argv[2], std::ios::binary);
    std::stringstream body;
    body << in.rdbuf();
    load.body = body.str();
    load.target = argv[3];
    if (argc > 4) load.connections = std::stoi(argv[4]);
    if (argc > 5) load.requests = std::stol(argv[5]);
    if (argc > 6) load.token = argv[6];
    std::vector<std::vector<double>> latencies(static_cast<std::size_t>(load.connections));
    const auto start = Clock::now();
    std::vector<std::thread> threads;
    for (auto& l : latencies) threads.emplace_back([&load, &l] {
        try {
            connection(load, l);
        } catch (const std::exception& e) {
            ++load.errors;
            std::cerr << "connection: " << e.what() << "\n";
        }
    });
    for (auto& t : threads) t.join();
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    std::vector<double> all;
    for (const auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
    std::sort(all.begin(), all.end());
    std::printf("{\"requests\": %zu, \"errors\": %ld, \"seconds\": %.3f, \"per_second\": %.0f, "
                "\"p50_ms\": %.3f, \"p90_ms\": %.3f, \"p99_ms\": %.3f, \"max_ms\": %.3f}\n",
                all.size(), load.errors.load(), seconds, static_cast<double>(all.size()) / seconds,
                percentile(all, 0.5) / 1000, percentile(all, 0.9) / 1000, percentile(all, 0.99) / 1000,
                all.empty() ? 0.0 : all.back() / 1000);
    return load.errors.load() == 0 ? 0 : 1;
}
