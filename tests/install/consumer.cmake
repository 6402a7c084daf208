# Installs the built libaudit into a scratch prefix, builds examples/cpp against it with
# find_package, and runs it on a bundled example (expects exit 0: met).
set(work ${BUILD}/consumer-test)
file(REMOVE_RECURSE ${work})
function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGN}\n${out}\n${err}")
  endif()
  set(last_output "${out}" PARENT_SCOPE)
endfunction()
run(${CMAKE_COMMAND} --install ${BUILD} --prefix ${work}/prefix)
run(${CMAKE_COMMAND} -S ${SOURCE}/examples/cpp -B ${work}/build -G Ninja -DCMAKE_PREFIX_PATH=${work}/prefix
    -DCMAKE_BUILD_TYPE=Release)
run(${CMAKE_COMMAND} --build ${work}/build)
run(${work}/build/audit_one ${SOURCE}/rules/ntue-eam/eam-mse-112.yaml
    ${SOURCE}/examples/grad/eam-met/transcript.csv ${SOURCE}/examples/grad/eam-met/student.csv)
if(NOT last_output MATCHES "審核結果：符合")
  message(FATAL_ERROR "unexpected report:\n${last_output}")
endif()
message(STATUS "consumer built with find_package(libaudit) and audited the example")
