# core/src/tokens/demo.cmake (see sources.cmake).
