# core/src/tokens/analysis.cmake (see sources.cmake).
