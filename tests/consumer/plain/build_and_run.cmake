# c++ -std=c++17 -I include main.cpp && ./a.out, with no CMake target and no dependency.
separate_arguments(flags UNIX_COMMAND "${FLAGS}")
execute_process(COMMAND ${CXX} -std=c++17 -Wall -Wextra -Wpedantic -Werror ${flags} -I ${INCLUDE} ${SOURCE} -o ${OUT}
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "compiling ${SOURCE} with only -I include failed")
endif()
execute_process(COMMAND ${OUT} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${OUT} failed")
endif()
