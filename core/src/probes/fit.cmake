# core/src/probes/fit.cmake (see sources.cmake). Owner: the fit part.
