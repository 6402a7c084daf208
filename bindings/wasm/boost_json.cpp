// Boost.JSON header-only (the WebAssembly build has no compiled Boost library): its sources, once.
#include <boost/json/src.hpp>
