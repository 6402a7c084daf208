# Installs the built libaudit into a scratch prefix and uses it as a host project would:
# examples/cpp built with find_package against the static library (libaudit::libaudit) and the
# shared one (libaudit::shared), and examples/c (the C API) and examples/cpp built with the compiler
# and pkg-config alone; each audits a bundled example with the installed rule pack
# (share/libaudit/rules) and must report it met. The schemas are installed beside the packs, and the
# shared library exports no internal symbol (libaudit::detail, the families, yaml-cpp, fmt, Boost).
set(work ${BUILD}/consumer-test)
file(REMOVE_RECURSE ${work})
function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGN}\n${out}\n${err}")
  endif()
  set(last_output "${out}" PARENT_SCOPE)
endfunction()
set(prefix ${work}/prefix)
run(${CMAKE_COMMAND} --install ${BUILD} --prefix ${prefix})
set(rules ${prefix}/share/libaudit/rules/ntue-eam/eam-mse-112.yaml)
set(records ${SOURCE}/examples/grad/eam-met/transcript.csv)
set(profile ${SOURCE}/examples/grad/eam-met/student.csv)
foreach(f ${rules} ${prefix}/share/libaudit/schema/rules-1.schema.json ${prefix}/share/libaudit/schema/result-1.schema.json
          ${prefix}/share/libaudit/schema/course-1.schema.json ${prefix}/share/libaudit/schema/exceptions-1.schema.json
          ${prefix}/share/libaudit/schema/plan-1.schema.json
          ${prefix}/include/libaudit/libaudit.h ${prefix}/include/libaudit/export.h)
  if(NOT EXISTS ${f})
    message(FATAL_ERROR "not installed: ${f}")
  endif()
endforeach()
file(GLOB pc_files ${prefix}/*/pkgconfig/libaudit.pc ${prefix}/*/*/pkgconfig/libaudit.pc)
list(GET pc_files 0 pc_file)
get_filename_component(pc_dir ${pc_file} DIRECTORY)
get_filename_component(libdir ${pc_dir} DIRECTORY)

# find_package: the static and the shared library.
foreach(kind static shared)
  set(shared OFF)
  if(kind STREQUAL "shared")
    set(shared ON)
  endif()
  run(${CMAKE_COMMAND} -S ${SOURCE}/examples/cpp -B ${work}/build-${kind} -G Ninja -DCMAKE_PREFIX_PATH=${prefix}
      -DCMAKE_BUILD_TYPE=Release -DLIBAUDIT_CONSUMER_SHARED=${shared})
  run(${CMAKE_COMMAND} --build ${work}/build-${kind})
  run(${work}/build-${kind}/audit_one ${rules} ${records} ${profile})
  if(NOT last_output MATCHES "審核結果：符合")
    message(FATAL_ERROR "unexpected report (${kind}):\n${last_output}")
  endif()
  execute_process(COMMAND ldd ${work}/build-${kind}/audit_one OUTPUT_VARIABLE deps)
  if(kind STREQUAL "shared" AND NOT deps MATCHES "libauditcore\\.so")
    message(FATAL_ERROR "the shared consumer does not load libauditcore.so:\n${deps}")
  elseif(kind STREQUAL "static" AND deps MATCHES "libauditcore")
    message(FATAL_ERROR "the static consumer loads libauditcore:\n${deps}")
  endif()
endforeach()

# pkg-config: the C API from C99, and the C++ API, with nothing but the compiler.
find_program(PKG_CONFIG pkg-config REQUIRED)
set(ENV{PKG_CONFIG_PATH} ${pc_dir})
run(${PKG_CONFIG} --cflags --libs libaudit)
separate_arguments(pc_flags UNIX_COMMAND "${last_output}")
run(cc -std=c99 -Wall -Wextra -pedantic -Werror ${SOURCE}/examples/c/audit_one.c ${pc_flags} -o ${work}/audit_one_c)
run(${CMAKE_COMMAND} -E env LD_LIBRARY_PATH=${libdir} ${work}/audit_one_c ${rules} ${records} ${profile} 113-2)
if(NOT last_output MATCHES "\"status\": \"met\"")
  message(FATAL_ERROR "unexpected C API result:\n${last_output}")
endif()
run(c++ -std=c++17 ${SOURCE}/examples/cpp/main.cpp ${pc_flags} -o ${work}/audit_one_cpp)
run(${CMAKE_COMMAND} -E env LD_LIBRARY_PATH=${libdir} ${work}/audit_one_cpp ${rules} ${records} ${profile})
if(NOT last_output MATCHES "審核結果：符合")
  message(FATAL_ERROR "unexpected report (pkg-config, C++):\n${last_output}")
endif()

# The shared library's exported symbols: the public API only.
file(GLOB so ${libdir}/libauditcore.so)
run(nm -D -C --defined-only ${so})
string(REGEX MATCHALL "[^\n]*(libaudit::v0::detail|libaudit::v0::alloc|YAML::|fmt::|boost::)[^\n]*" leaked "${last_output}")
if(leaked)
  string(REPLACE ";" "\n" leaked "${leaked}")
  message(FATAL_ERROR "internal symbols exported by libauditcore.so:\n${leaked}")
endif()
message(STATUS "consumers built with find_package (static, shared) and pkg-config (C, C++) audited the example")
