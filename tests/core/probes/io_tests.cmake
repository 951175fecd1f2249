# tests/core/probes/io_tests.cmake (see tests.cmake). Owner: the io part.
