# core/src/prune/demo.cmake (see sources.cmake)
