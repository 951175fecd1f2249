# Writes a man page from a program's own --help (so the two cannot drift): help2man makes the
# page from `PROGRAM --help` and `--version`; a COMMANDS section adds, verbatim, the --help of
# `PROGRAM COMMAND` and of each subcommand CLI11 lists under "Subcommands:".
#   cmake -DPROGRAM=exe -DNAME=assay -DCOMMAND=render (optional) -DSUMMARY="..." -DOUT=x.1.gz -P this
set(env ${CMAKE_COMMAND} -E env QT_QPA_PLATFORM=offscreen)

function(help_of out)
  execute_process(COMMAND ${env} ${PROGRAM} ${ARGN} --help OUTPUT_VARIABLE text RESULT_VARIABLE rc ERROR_QUIET)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${PROGRAM} ${ARGN} --help failed (${rc})")
  endif()
  string(REPLACE "\\" "\\e" text "${text}")
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

help_of(top ${COMMAND})
set(include_text "[COMMANDS]\n")
if(COMMAND)
  string(APPEND include_text ".SS ${NAME} ${COMMAND}\n.nf\n${top}\n.fi\n")
endif()
string(FIND "${top}" "Subcommands:" at)
if(NOT at EQUAL -1)
  string(SUBSTRING "${top}" ${at} -1 tail)
  string(REPLACE "\n" ";" lines "${tail}")
  foreach(line IN LISTS lines)
    if(line MATCHES "^  ([a-z][a-z0-9-]*)  ")
      help_of(sub ${COMMAND} ${CMAKE_MATCH_1})
      string(JOIN " " label ${NAME} ${COMMAND} ${CMAKE_MATCH_1})
      string(APPEND include_text ".SS ${label}\n.nf\n${sub}\n.fi\n")
    endif()
  endforeach()
endif()
string(REGEX REPLACE "\\.gz$" "" page "${OUT}")
file(WRITE "${page}.h2m" "${include_text}")
execute_process(COMMAND ${env} help2man --no-info "--name=${SUMMARY}" "--include=${page}.h2m"
                        "--output=${page}" ${PROGRAM}
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "help2man ${PROGRAM} failed (${rc})")
endif()
execute_process(COMMAND gzip -9 -n -f "${page}" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "gzip ${page} failed")
endif()
