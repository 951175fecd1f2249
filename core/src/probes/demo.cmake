# core/src/probes/demo.cmake (see sources.cmake). Owner: the demo part.
