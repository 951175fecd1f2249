# core/src/tokens/methods.cmake (see sources.cmake).
