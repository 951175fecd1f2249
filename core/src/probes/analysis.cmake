# core/src/probes/analysis.cmake (see sources.cmake). Owner: the analysis part.
