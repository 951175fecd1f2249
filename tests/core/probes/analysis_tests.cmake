# tests/core/probes/analysis_tests.cmake (see tests.cmake). Owner: the analysis part.
