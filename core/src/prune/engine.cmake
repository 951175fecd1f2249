# core/src/prune/engine.cmake (see sources.cmake)
