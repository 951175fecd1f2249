# tests/core/probes/fit_tests.cmake (see tests.cmake). Owner: the fit part.
