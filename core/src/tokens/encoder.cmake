# core/src/tokens/encoder.cmake (see sources.cmake).
