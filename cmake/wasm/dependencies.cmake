# The WebAssembly build's dependencies (preset `wasm`, docs/wasm.md), all from Debian's archive and
# nothing downloaded at build time:
#   yaml-cpp  compiled from Debian's source package, unpacked beforehand by
#             cmake/wasm/debian-sources.sh into LIBAUDIT_WASM_DEPS/yaml-cpp;
#   fmt       header-only (FMT_HEADER_ONLY) from the host's libfmt-dev;
#   Boost     headers from the host's libboost1.81-dev, Boost.JSON header-only (its sources are
#             compiled once, in bindings/wasm/boost_json.cpp).
# The host's headers are reached through folders that hold only a link to boost/ or fmt/, never
# through /usr/include itself, whose C library headers would shadow emscripten's.
set(LIBAUDIT_WASM_DEPS "${PROJECT_SOURCE_DIR}/build/wasm-deps" CACHE PATH
    "Where cmake/wasm/debian-sources.sh unpacked Debian's yaml-cpp sources")
set(LIBAUDIT_HOST_INCLUDE "/usr/include" CACHE PATH "The host's include folder holding boost/ and fmt/ (Debian's)")
if(NOT EXISTS "${LIBAUDIT_WASM_DEPS}/yaml-cpp/CMakeLists.txt")
  message(FATAL_ERROR "libaudit (wasm): no yaml-cpp sources in ${LIBAUDIT_WASM_DEPS}/yaml-cpp: "
                      "run cmake/wasm/debian-sources.sh first (docs/wasm.md)")
endif()
foreach(_dir boost fmt)
  if(NOT EXISTS "${LIBAUDIT_HOST_INCLUDE}/${_dir}")
    message(FATAL_ERROR "libaudit (wasm): ${LIBAUDIT_HOST_INCLUDE}/${_dir} not found (Debian's libboost1.81-dev, libfmt-dev)")
  endif()
  file(MAKE_DIRECTORY "${CMAKE_BINARY_DIR}/host-include/${_dir}")
  file(REMOVE "${CMAKE_BINARY_DIR}/host-include/${_dir}/${_dir}")
  file(CREATE_LINK "${LIBAUDIT_HOST_INCLUDE}/${_dir}" "${CMAKE_BINARY_DIR}/host-include/${_dir}/${_dir}" SYMBOLIC)
endforeach()

set(YAML_CPP_BUILD_TESTS OFF CACHE BOOL "" FORCE)
set(YAML_CPP_BUILD_TOOLS OFF CACHE BOOL "" FORCE)
set(YAML_CPP_BUILD_CONTRIB OFF CACHE BOOL "" FORCE)
set(YAML_CPP_INSTALL OFF CACHE BOOL "" FORCE)
set(YAML_BUILD_SHARED_LIBS OFF CACHE BOOL "" FORCE)
add_subdirectory("${LIBAUDIT_WASM_DEPS}/yaml-cpp" "${CMAKE_BINARY_DIR}/yaml-cpp" EXCLUDE_FROM_ALL SYSTEM)

add_library(fmt::fmt INTERFACE IMPORTED)
set_target_properties(fmt::fmt PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "${CMAKE_BINARY_DIR}/host-include/fmt"
                                          INTERFACE_COMPILE_DEFINITIONS FMT_HEADER_ONLY)
add_library(Boost::headers INTERFACE IMPORTED)
set_target_properties(Boost::headers PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "${CMAKE_BINARY_DIR}/host-include/boost")
add_library(Boost::json INTERFACE IMPORTED)
set_target_properties(Boost::json PROPERTIES INTERFACE_LINK_LIBRARIES Boost::headers)
