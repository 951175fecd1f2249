# tests/cli/probes_cli.cmake: assay-run probe / steer / transfer / preference. Owner: the io part.
