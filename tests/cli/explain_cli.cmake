# tests/cli/explain_cli.cmake: assay-run explain / inversion (issue 12). Owner: the cli part.
